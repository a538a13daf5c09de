"""bytes + file name → text: txt/md (charset detection), docx, pdf (text layer), html.

Every failure is a LoadError naming the file and the reason; nothing else escapes.
"""

from __future__ import annotations

import html
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .errors import LoadError

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"})
MAX_BYTES = 200 * 1024 * 1024  # a ceiling: Library refuses files over its max_file_bytes first
MAX_UNZIPPED = 200 * 1024 * 1024  # a docx that inflates beyond this is a zip bomb
MAX_RATIO = 100
# past these a file is refused, not worked on for minutes: no speech comes near them
MAX_PARAGRAPHS = 100_000
MAX_CHARS = 12_000_000  # of extracted text (a 20 MB file of Chinese holds under 10 M)
MAX_DEPTH = 10_000  # of nested HTML elements


@dataclass(frozen=True)
class LoadedText:
    text: str  # "\n" line ends, one paragraph per line where the format knows paragraphs
    format: str
    encoding: str | None
    title_hint: str | None = None
    heading_levels: dict[int, int] = field(default_factory=dict)  # line index → level


def printable(name: str) -> str:
    """A file name as it can be shown and stored: bytes that are not UTF-8 (kept by the
    file system as surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_file(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read bounded; a LoadError
    for anything else.  A FIFO or a device is refused without reading from it (opening
    does not wait for a writer), a large file before any byte is read."""
    path = Path(path)
    name = printable(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError(name, f"无法读取文件 ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(name, "不是普通文件（管道、设备或套接字），不读取 (not a regular file)")
        if info.st_size > limit:
            raise _too_large(name, info.st_size, limit)
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise LoadError(name, f"无法读取文件 ({exc.strerror})") from exc
    if len(data) > limit:  # grew since it was measured
        raise _too_large(name, len(data), limit)
    return data


def _too_large(filename: str, size: int, limit: int) -> LoadError:
    return LoadError(filename, f"文件太大（{size / 1e6:.1f} MB，上限 {limit // 2**20} MB）")


def load_text(data: bytes, filename: str) -> LoadedText:
    """Decode or extract the text of one file."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            filename, f"不支持的文件类型 {suffix or '（无扩展名）'} (unsupported file type)"
        )
    if len(data) > MAX_BYTES:
        raise _too_large(filename, len(data), MAX_BYTES)
    if not data.strip():
        raise LoadError(filename, "文件是空的 (empty file)")
    from .layout import looks_like_html  # here: reading files is ingest's work alone

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
    if len(loaded.text) > MAX_CHARS:
        raise LoadError(
            filename, f"文字过多（超过 {MAX_CHARS:,} 字），拒绝处理 (text too long to be a speech)"
        )
    if loaded.text.count("\n") >= MAX_PARAGRAPHS:
        raise too_many_paragraphs(filename, MAX_PARAGRAPHS)
    return loaded


def too_many_paragraphs(filename: str, limit: int) -> LoadError:
    return LoadError(filename, f"段落过多（超过 {limit:,} 段），拒绝处理 (too many paragraphs)")


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
    from charset_normalizer import from_bytes

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
        lines = _markdown_inline(text).split("\n")
        for i, line in enumerate(lines):
            match = re.match(r"^(#{1,6})\s+(.*)$", line)
            if match:
                lines[i] = match.group(2).strip()
                levels[i] = len(match.group(1))
        text = "\n".join(lines)
    return LoadedText(text, "md" if markdown else "txt", encoding, None, levels)


# inline markup a markdown file keeps from the page it was copied from: "<br/>" between a
# paragraph and its translation, "&nbsp;" indents, "**一、…**" or <strong> bold, "\\"" escapes
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|amp|quot|lt|gt|#\d{2,5});")
_BOLD = re.compile(r"\*\*|</?(?:strong|b|em|i|u|span|font)(?:\s[^<>]*)?>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!\"'])")


def _markdown_inline(text: str) -> str:
    text = _BREAK.sub("\n", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return _ESCAPE.sub(r"\1", _BOLD.sub("", text))


def _load_docx(data: bytes, filename: str) -> LoadedText:
    from .docx_text import load_docx

    return load_docx(data, filename, MAX_UNZIPPED, MAX_RATIO, MAX_PARAGRAPHS)


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
    if _nesting_depth(text) > MAX_DEPTH:
        raise LoadError(
            filename, f"HTML 嵌套过深（超过 {MAX_DEPTH:,} 层），拒绝处理 (nested too deeply)"
        )
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    lines: list[str] = []
    levels: dict[int, int] = {}
    blocks = soup.find_all(_BLOCKS)
    if len(blocks) > MAX_PARAGRAPHS:
        raise too_many_paragraphs(filename, MAX_PARAGRAPHS)
    # only innermost blocks are read, so nothing is read twice: mark every block's
    # ancestors, each once (an ancestor marked before has its own ancestors marked)
    outer: set[int] = set()
    for block in blocks:
        for parent in block.parents:
            if id(parent) in outer:
                break
            outer.add(id(parent))
    for block in blocks:
        if id(block) in outer:
            continue
        if _all_links(block):
            continue  # a menu or a list of other pages: the site's, not the speech's
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
    start = _article_start(lines, levels, title)
    if start:  # the site's boxes and menus above the article's own heading
        lines = lines[start:]
        levels = {n - start: level for n, level in levels.items() if n >= start}
    return LoadedText("\n".join(lines), "html", encoding, title, levels)


def _article_start(lines: list[str], levels: dict[int, int], title: str | None) -> int:
    """Where the article begins: at the heading that repeats the page's title ("X--校长专栏-
    绍兴市第一中学" is headed "X"), when one does."""
    if not title:
        return 0
    page = re.sub(r"\s+", "", title)
    for n in sorted(levels):
        heading = re.sub(r"\s+", "", lines[n])
        if len(heading) >= 6 and page.startswith(heading[:20]):
            return n
    return 0


def _all_links(block) -> bool:
    """The block's text is (nearly) all the text of its links."""
    linked = sum(len(a.get_text(strip=True)) for a in block.find_all("a"))
    return linked > 0 and linked >= 0.8 * len(block.get_text(strip=True))


_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "div", "td"]
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _nesting_depth(html: str) -> int:
    """How deep the parser would nest elements, measured in one pass before any tree is
    built: like it, an unclosed element stays open until a closing tag of an element
    around it closes both."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        name = name.lower()
        if closing:
            if open_count.get(name):
                while True:  # each element is popped once: linear in all
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
        elif not self_closing and name not in _VOID:
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            deepest = max(deepest, len(stack))
    return deepest
