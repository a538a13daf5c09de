"""Loading real files of every supported format, generated here, and refusing bad ones clearly."""

from __future__ import annotations

import io
import zipfile

import pytest

from speechbot.index import loaders
from speechbot.index.errors import LoadError
from speechbot.index.library import Library
from speechbot.index.loaders import load_text

SPEECH = "同志们：\n一、提高认识\n全区安全生产形势总体平稳。\n二、狠抓落实\n要压实企业主体责任。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings_are_detected(encoding):
    loaded = load_text(SPEECH.encode(encoding), "讲话.txt")
    assert loaded.text.strip() == SPEECH.strip()


def test_big5_traditional_text():
    text = (
        "各位代表：\n一、經濟發展\n我們要堅持穩中求進工作總基調，推動經濟高質量發展，擴大國內需求。\n"
        * 3
    )
    loaded = load_text(text.encode("big5"), "報告.txt")
    assert "經濟發展" in loaded.text


def test_mixed_line_endings_and_control_characters():
    loaded = load_text("第一行\r\n第二行\r第三行\x07\n".encode(), "a.txt")
    assert loaded.text.split("\n")[:3] == ["第一行", "第二行", "第三行"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "空"),
        ("blank.md", b"   \n\n ", "空"),
        ("binary.txt", bytes(range(256)) * 50, "二进制"),
        ("tool.exe", b"MZ\x90", "不支持"),
        ("notzip.docx", b"hello", "docx"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "PDF"),
    ],
)
def test_bad_files_get_a_clear_reason(name, data, reason):
    with pytest.raises(LoadError) as info:
        load_text(data, name)
    assert name in str(info.value) and reason in str(info.value)


def _docx_with_numbering() -> bytes:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.core_properties.title = "在安全生产工作会议上的讲话"
    document.add_paragraph("同志们：")
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90

    numbered("提高思想认识", 0)
    numbered("认清严峻形势", 1)
    document.add_paragraph("当前安全生产形势依然复杂严峻。")
    numbered("增强责任意识", 1)
    numbered("狠抓工作落实", 0)
    document.add_heading("结束语", level=2)
    document.add_paragraph("让我们共同努力，确保全区安全生产形势持续稳定。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_numbering_headings_and_outline(tmp_path):
    data = _docx_with_numbering()
    loaded = load_text(data, "安全生产.docx")
    lines = loaded.text.split("\n")
    assert "一、提高思想认识" in lines and "（一）认清严峻形势" in lines
    assert "（二）增强责任意识" in lines and "二、狠抓工作落实" in lines
    assert loaded.title_hint == "在安全生产工作会议上的讲话"
    assert loaded.heading_levels[lines.index("结束语")] == 2
    # through the library: the numbering becomes the outline
    library = Library(tmp_path / "data")
    (outcome,) = [library.ingest_bytes(data, "安全生产.docx")]
    assert outcome.ok
    quote = library.quote("一、（二）", speech_id=outcome.speech_ids[0]).quote
    assert quote.text.startswith("（二）增强责任意识")
    library.close()


def _pdf(pages: list[list[str]], **kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, **kwargs)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            pdf.drawString(50, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_pdf_lines_broken_by_layout_are_joined_and_page_numbers_dropped():
    data = _pdf(
        [
            [
                "一、肯定成绩",
                "近年来区委区政府坚持把质量兴区作为创新驱动、",
                "转型发展的重要战略。",
                "- 1 -",
            ],
            ["二、正视问题", "质量工作还存在一些薄弱环节。", "- 2 -"],
        ]
    )
    loaded = load_text(data, "讲话.pdf")
    lines = loaded.text.split("\n")
    assert "近年来区委区政府坚持把质量兴区作为创新驱动、转型发展的重要战略。" in lines
    assert "一、肯定成绩" in lines and "二、正视问题" in lines
    assert not any("- 1 -" in line or line == "1" for line in lines)


def test_encrypted_and_truncated_pdfs_are_refused():
    locked = _pdf([["保密文件内容"]], encrypt="secret")
    with pytest.raises(LoadError, match="密码"):
        load_text(locked, "locked.pdf")
    whole = _pdf([["一、第一部分", "正文内容。"]])
    with pytest.raises(LoadError, match="truncated.pdf"):
        load_text(whole[: len(whole) // 3], "truncated.pdf")


def test_html_without_page_debris():
    page = """<html><head><meta charset="gbk"><title>在质量大会上的讲话</title>
    <script>var x = "一、脚本";</script><style>p{}</style></head>
    <body><nav>首页 | 新闻</nav><h1>在质量大会上的讲话</h1>
    <p>同志们：</p><h2>一、提高质量意识</h2><p>质量是企业的生命。<br>要树立质量第一的理念。</p>
    <footer>版权所有</footer></body></html>"""
    loaded = load_text(page.encode("gbk"), "speech.html")
    assert loaded.title_hint == "在质量大会上的讲话"
    assert "质量是企业的生命。\n要树立质量第一的理念。" in loaded.text
    assert "脚本" not in loaded.text and "首页" not in loaded.text and "版权所有" not in loaded.text


def test_zip_bomb_docx_is_refused(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * 3_000_000 + b">")
    monkeypatch.setattr(loaders, "MAX_UNZIPPED", 1_000_000)
    with pytest.raises(LoadError, match="zip bomb"):
        load_text(out.getvalue(), "bomb.docx")


def test_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_BYTES", 1000)
    with pytest.raises(LoadError, match="太大"):
        load_text(("很长的文字。" * 1000).encode(), "big.txt")


def test_every_corpus_file_loads_verbatim(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        raw = path.read_bytes()
        loaded = load_text(raw, path.name)
        assert loaded.encoding == "utf-8"
        assert loaded.text == raw.decode("utf-8").replace("\r\n", "\n")


def test_html_menus_and_boxes_above_the_article_are_no_headings():
    page = """<html><head><meta charset="utf-8"><title>在开学典礼上的讲话--校长专栏-示例中学</title>
    </head><body><div><h4><a href="/">首页</a></h4><h4><a href="/news">新闻中心</a></h4>
    <ul><li><a href="/a">校长专栏</a></li><li><a href="/b">学校公告</a></li></ul>
    <h3>推荐阅读</h3><p>今天是</p></div>
    <h2>在开学典礼上的讲话</h2><p>同学们：</p>
    <p>一、勤奋学习</p><p>学习是学生的第一要务，要珍惜时光，刻苦钻研，打下扎实的基础。</p>
    </body></html>"""
    loaded = load_text(page.encode("utf-8"), "speech.html")
    assert "首页" not in loaded.text and "推荐阅读" not in loaded.text
    assert loaded.text.startswith("在开学典礼上的讲话")
    assert loaded.heading_levels == {0: 2}
