"""Big and deep files, generated here: each is read in one pass (docx styles resolved once,
HTML blocks marked once) or refused with a clear reason past the limits; none takes long."""

from __future__ import annotations

import io
import zipfile

import pytest

from speechbot.index import loaders
from speechbot.index.errors import LoadError
from speechbot.index.loaders import load_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{_W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
{
    "".join(
        f'<w:style w:type="paragraph" w:styleId="Extra{n}"><w:name w:val="Extra {n}"/></w:style>'
        for n in range(300)
    )
}
</w:styles>"""


def _docx(paragraphs: list[tuple[str | None, str]]) -> bytes:
    """A minimal real docx (what Word writes, less what the loader does not read)."""

    def para(style: str | None, text: str) -> str:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = "".join(para(style, text) for style, text in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override '
            'PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.'
            'xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            "//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="'
            'docProps/core.xml"/></Relationships>'
        ),
        "docProps/core.xml": (  # no title: the Title-styled paragraph names the speech
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas'
            '.openxmlformats.org/package/2006/metadata/core-properties"/>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="'
            'styles.xml"/></Relationships>'
        ),
        "word/styles.xml": _STYLES,
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
            f"{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _long_speech(sections: int, points: int) -> list[tuple[str | None, str]]:
    paragraphs: list[tuple[str | None, str]] = [("Title", "在全市工作会议上的讲话")]
    for s in range(sections):
        paragraphs.append(("Heading1", f"第{s}部分"))
        for p in range(points):
            paragraphs.append(("Heading2", f"第{s}部分第{p}点"))
            paragraphs.append((None, f"要抓好第{s}部分第{p}点的落实。"))
            paragraphs.append((f"Extra{p % 300}", f"附注{s}-{p}。"))
    return paragraphs


def test_a_long_docx_reads_each_paragraph_with_its_style(monkeypatch):
    from docx.text.paragraph import Paragraph

    def resolved_per_paragraph(_self):  # the lookup that cost milliseconds per paragraph
        raise AssertionError("paragraph.style resolved per paragraph")

    monkeypatch.setattr(Paragraph, "style", property(resolved_per_paragraph))
    paragraphs = _long_speech(sections=20, points=150)  # 9,021 paragraphs
    loaded = load_text(_docx(paragraphs), "长讲话.docx")
    lines = loaded.text.split("\n")
    assert len(lines) == len(paragraphs)
    assert loaded.title_hint == "在全市工作会议上的讲话"
    assert lines[-1] == "附注19-149。" and lines[-3] == "第19部分第149点"
    assert loaded.heading_levels[len(lines) - 3] == 2
    assert loaded.heading_levels[1] == 1 and lines[1] == "第0部分"
    assert sum(level == 1 for level in loaded.heading_levels.values()) == 20


def test_a_docx_past_the_paragraph_limit_is_refused(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_PARAGRAPHS", 1_000)
    with pytest.raises(LoadError, match="段落过多（超过 1,000 段），拒绝处理"):
        load_text(_docx([(None, f"第{n}段。") for n in range(1_001)]), "很多段.docx")


def test_a_docx_at_the_real_paragraph_limit_is_refused():
    many = [(None, "段。")] * (loaders.MAX_PARAGRAPHS + 1)
    with pytest.raises(LoadError) as info:
        load_text(_docx(many), "十万段.docx")
    assert (
        str(info.value)
        == "十万段.docx: 段落过多（超过 100,000 段），拒绝处理 (too many paragraphs)"
    )


def test_html_of_100000_nested_divs_is_refused_at_once():
    html = "<html><body>" + "<div>" * 100_000 + "正文。" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(LoadError) as info:
        load_text(html.encode(), "深.html")
    assert (
        str(info.value) == "深.html: HTML 嵌套过深（超过 10,000 层），拒绝处理 (nested too deeply)"
    )


def test_deep_but_allowed_html_reads_its_innermost_text_once():
    depth = 9_000
    html = (
        "<html><head><title>讲话</title></head><body>"
        + "<div>" * depth
        + "<p>第一段正文。</p><p>第二段<br>换行。</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    loaded = load_text(html.encode(), "深.html")
    assert loaded.text.split("\n") == ["第一段正文。", "第二段", "换行。"]
    assert loaded.title_hint == "讲话"


def test_html_with_unclosed_paragraphs_in_many_sections_is_not_deep():
    # html.parser nests an unclosed <p> until its section closes: depth 3, not 12,000
    html = "<body>" + "<div><p>第x段。<p>续x。</div>" * 12_000 + "</body>"
    loaded = load_text(html.encode(), "旧网页.html")  # not refused
    assert loaded.text.count("续x。") == 12_000


def test_html_past_the_paragraph_limit_is_refused(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_PARAGRAPHS", 1_000)
    html = "<body>" + "<p>段。</p>" * 1_001 + "</body>"
    with pytest.raises(LoadError, match="段落过多"):
        load_text(html.encode(), "很多段.html")


def test_text_past_the_paragraph_limit_is_refused(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_PARAGRAPHS", 1_000)
    with pytest.raises(LoadError, match="段落过多"):
        load_text("段。\n".encode() * 1_001, "很多段.txt")
