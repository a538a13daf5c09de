"""bytes + file name → text: txt/md (charset detection), docx, pdf (text layer), html.

Every failure is a LoadError naming the file and the reason; nothing else escapes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from charset_normalizer import from_bytes

from .errors import LoadError
from .layout import looks_like_html

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"})
MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024  # a docx that inflates beyond this is a zip bomb
MAX_RATIO = 100


@dataclass(frozen=True)
class LoadedText:
    text: str  # "\n" line ends, one paragraph per line where the format knows paragraphs
    format: str
    encoding: str | None
    title_hint: str | None = None
    heading_levels: dict[int, int] = field(default_factory=dict)  # line index → level


def load_file(path: str | Path) -> tuple[bytes, LoadedText]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path.name, f"无法读取文件 (cannot read: {exc.strerror})") from exc
    return data, load_text(data, path.name)


def load_text(data: bytes, filename: str) -> LoadedText:
    """Decode or extract the text of one file."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            filename, f"不支持的文件类型 {suffix or '（无扩展名）'} (unsupported file type)"
        )
    if len(data) > MAX_BYTES:
        raise LoadError(
            filename, f"文件太大（{len(data) / 1e6:.1f} MB，上限 {MAX_BYTES // 2**20} MB）"
        )
    if not data.strip():
        raise LoadError(filename, "文件是空的 (empty file)")
    try:
        if suffix in (".txt", ".md", ".markdown") and looks_like_html(data):
            loaded = _load_html(data, filename)  # a saved web page, whatever its name
        elif suffix in (".txt", ".md", ".markdown"):
            loaded = _load_plain(data, filename, markdown=suffix != ".txt")
        elif suffix == ".docx":
            loaded = _load_docx(data, filename)
        elif suffix == ".pdf":
            loaded = _load_pdf(data, filename)
        else:
            loaded = _load_html(data, filename)
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file must never crash an ingest
        raise LoadError(
            filename, f"文件已损坏或无法解析 (unreadable: {type(exc).__name__})"
        ) from exc
    if not loaded.text.strip():
        raise LoadError(filename, "文件中没有文字 (no text)")
    return loaded


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """Bytes → (text, encoding): BOMs first, strict UTF-8 next, then charset-normalizer."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding.replace(
                "-le", ""
            ).replace("-be", "")
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise LoadError(filename, "无法识别文本编码，可能是二进制文件 (unknown encoding or binary)")
    encoding = best.encoding
    if encoding in ("gb2312", "gbk", "gb18030", "hz"):
        encoding = "gb18030"  # the superset decodes what the others cannot
    text = data.decode(encoding, errors="replace")
    if _mostly_control(text):
        raise LoadError(filename, "看起来是二进制文件 (binary content)")
    return text, encoding


def _mostly_control(text: str) -> bool:
    sample = text[:5000]
    bad = sum(
        1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\n\r\t"
    )
    return bad > len(sample) * 0.05


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def _load_plain(data: bytes, filename: str, markdown: bool) -> LoadedText:
    text, encoding = decode(data, filename)
    text = _tidy(text)
    if b"\x00" in data and encoding == "utf-8":
        raise LoadError(filename, "看起来是二进制文件 (binary content)")
    levels: dict[int, int] = {}
    if markdown:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            match = re.match(r"^(#{1,6})\s+(.*)$", line)
            if match:
                lines[i] = match.group(2).strip()
                levels[i] = len(match.group(1))
        text = "\n".join(lines)
    return LoadedText(text, "md" if markdown else "txt", encoding, None, levels)


def _check_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(filename, "不是有效的 docx 文件 (not a zip archive)") from exc
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 10 * 2**20
        ):
            raise LoadError(filename, "压缩比异常，拒绝解压 (suspected zip bomb)")
    if total > MAX_UNZIPPED:
        raise LoadError(filename, "解压后过大，拒绝处理 (suspected zip bomb)")
    if "word/document.xml" not in archive.namelist():
        raise LoadError(filename, "不是有效的 docx 文件 (no word/document.xml)")
    return archive


def _load_docx(data: bytes, filename: str) -> LoadedText:
    import docx

    _check_zip(data, filename)
    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document)
    lines: list[str] = []
    levels: dict[int, int] = {}
    title = (document.core_properties.title or "").strip() or None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
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


_SENTENCE_END = "。！？；：…”」』!?;:"
_HEADING_START = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+|[一二三四五六七八九十]是)"
)
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页|/\s*\d+)?[-—–\s]*$")


def _load_pdf(data: bytes, filename: str) -> LoadedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(filename, "PDF 有密码保护 (password-protected)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise LoadError(filename, "PDF 文件已损坏 (corrupt or truncated pdf)") from exc
    if not any(p.strip() for p in pages):
        raise LoadError(filename, "PDF 没有文字层（可能是扫描件） (no text layer)")
    page_lines = [[line.strip() for line in _tidy(p).split("\n") if line.strip()] for p in pages]
    repeated = _running_lines(page_lines)
    lines: list[str] = []
    for page in page_lines:
        for line in page:
            if _PAGE_NUMBER.match(line) or line in repeated:
                continue
            if lines and _continues(lines[-1], line):
                lines[-1] += line
            else:
                lines.append(line)
    return LoadedText("\n".join(lines), "pdf", None)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Short lines found on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for page in pages:
        for line in set(page):
            if len(line) <= 30:
                counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= 0.6 * len(pages)}


def _continues(previous: str, line: str) -> bool:
    """A layout line break inside a sentence, between CJK (or CJK and digits)."""
    if previous[-1] in _SENTENCE_END or _HEADING_START.match(line):
        return False
    cjk = re.compile(r"[\u4e00-\u9fff\d%“”，、]")
    return bool(cjk.match(previous[-1]) and cjk.match(line[0])) and len(previous) >= 15


def _load_html(data: bytes, filename: str) -> LoadedText:
    from bs4 import BeautifulSoup

    match = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.IGNORECASE)
    text = None
    encoding = None
    if match:
        encoding = match.group(1).decode("ascii", "ignore").lower()
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = None
    if text is None:
        text, encoding = decode(data, filename)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    lines: list[str] = []
    levels: dict[int, int] = {}
    blocks = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "div", "td"])
    for block in blocks:
        if block.find(["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td"]):
            continue  # only innermost blocks, so nothing is read twice
        for br in block.find_all("br"):
            br.replace_with("\n")
        for piece in block.get_text().split("\n"):
            piece = piece.strip()
            if not piece:
                continue
            if block.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                levels[len(lines)] = int(block.name[1])
                if block.name == "h1" and not title:
                    title = piece
            lines.append(piece)
    if not lines:
        lines = [line.strip() for line in soup.get_text("\n").split("\n") if line.strip()]
    return LoadedText("\n".join(lines), "html", encoding, title, levels)
