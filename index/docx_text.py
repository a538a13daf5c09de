"""docx → text: paragraphs with their automatic numbering and heading levels, read in one
pass (styles resolved from a table made once), zip bombs refused before parsing."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import LoadError
from .loaders import LoadedText, too_many_paragraphs


def _check_zip(data: bytes, filename: str, max_unzipped: int, max_ratio: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(filename, "不是有效的 docx 文件 (not a zip archive)") from exc
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > max_ratio
            and info.file_size > 10 * 2**20
        ):
            raise LoadError(filename, "压缩比异常，拒绝解压 (suspected zip bomb)")
    if total > max_unzipped:
        raise LoadError(filename, "解压后过大，拒绝处理 (suspected zip bomb)")
    if "word/document.xml" not in archive.namelist():
        raise LoadError(filename, "不是有效的 docx 文件 (no word/document.xml)")
    return archive


def load_docx(
    data: bytes, filename: str, max_unzipped: int, max_ratio: int, max_paragraphs: int
) -> LoadedText:
    """The paragraphs of a docx, one per line, with Word's automatic numbering rendered
    and heading levels from the paragraph styles; refused past ``max_paragraphs``."""
    import docx

    _check_zip(data, filename, max_unzipped, max_ratio)
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    if len(paragraphs) > max_paragraphs:
        raise too_many_paragraphs(filename, max_paragraphs)
    numbering = _Numbering(document)
    style_of = _paragraph_styles(document)
    lines: list[str] = []
    levels: dict[int, int] = {}
    title = (document.core_properties.title or "").strip() or None
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = style_of(paragraph)
        label = numbering.label(paragraph)
        level = _heading_level(style)
        if style == "Title" and title is None:
            title = text
        if level:
            levels[len(lines)] = level
        lines.append(label + text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" ".join(dict.fromkeys(cells)))
    return LoadedText("\n".join(lines), "docx", None, title, levels)


def _paragraph_styles(document):
    """paragraph → its style's name, as ``paragraph.style.name`` gives it, from a table
    read once (python-docx looks the style up in the styles part for every paragraph)."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {
        style.style_id: style.name or ""
        for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH
    }
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""

    def style_of(paragraph) -> str:
        ppr = paragraph._p.pPr  # noqa: SLF001 - the style id lives in the XML
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return names.get(style_id, default_name)

    return style_of


def _heading_level(style: str) -> int:
    match = re.match(r"^(?:Heading|标题)\s*(\d)$", style)
    return int(match.group(1)) if match else 0


class _Numbering:
    """Renders Word's automatic numbering ("一、", "（一）", "1.") that lives outside the text."""

    _CN = "一二三四五六七八九十"

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        root = part.element
        abstract = {}
        for node in root.findall("w:abstractNum", ns):
            levels = {}
            for lvl in node.findall("w:lvl", ns):
                ilvl = int(lvl.get(f"{{{ns['w']}}}ilvl"))
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                start = lvl.find("w:start", ns)
                levels[ilvl] = (
                    fmt.get(f"{{{ns['w']}}}val") if fmt is not None else "decimal",
                    text.get(f"{{{ns['w']}}}val") if text is not None else "%1.",
                    int(start.get(f"{{{ns['w']}}}val")) if start is not None else 1,
                )
            abstract[node.get(f"{{{ns['w']}}}abstractNumId")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            levels = abstract.get(ref.get(f"{{{ns['w']}}}val")) if ref is not None else None
            for ilvl, spec in (levels or {}).items():
                self.formats[(num.get(f"{{{ns['w']}}}numId"), ilvl)] = spec

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr  # noqa: SLF001 - python-docx exposes numbering only via XML
        if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
            return ""
        num_id = str(ppr.numPr.numId.val)
        ilvl = int(ppr.numPr.ilvl.val) if ppr.numPr.ilvl is not None else 0
        spec = self.formats.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, pattern, start = spec
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
            del self.counters[deeper]
        value = self.counters[key]
        rendered = self._render(fmt, value)
        return re.sub(r"%\d", rendered, pattern)

    def _render(self, fmt: str, value: int) -> str:
        if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
            if value <= 10:
                return self._CN[value - 1]
            tens, ones = divmod(value, 10)
            return (
                ("" if tens == 1 else self._CN[tens - 1])
                + "十"
                + (self._CN[ones - 1] if ones else "")
            )
        if fmt == "lowerLetter":
            return chr(ord("a") + (value - 1) % 26)
        if fmt == "upperLetter":
            return chr(ord("A") + (value - 1) % 26)
        return str(value)
