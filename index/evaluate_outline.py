"""Outline quality against a gold set: are the headings found, at the right level, and is each
passage filed under the right path?

A gold document is ``{"doc", "headings": [{"at": [line, column, length], "level", "appendix"}]}``,
positions in a shared document (positions.py). The document is ingested as a user would ingest it
(loader, cleaning, outline) and compared by text, in order:

- a parsed heading *matches* a gold heading when their keys agree in an order-keeping alignment
  (the longest common subsequence); a key is the heading's first ``KEY`` letters and digits,
  markup, entities, punctuation and white space left out, and two keys agree when they are equal
  or the shorter, of at least ``MIN_KEY`` characters, begins the longer: where a title ends
  (at its first comma, before its full stop, inside a tag) is a convention of the gold's writer,
  not something the parser gets right or wrong. Precision and recall count matches, and
  ``level`` counts matches at the gold level too;
- a passage's gold path is the gold headings in force where its text first stands in the
  document; it is right when the parsed path names the same headings (agreeing keys, same
  depth); *safe* when it names the right headings or only their first ones (filed under an
  ancestor, never a wrong sibling); *within* when safe or filed below the right headings, under
  one the gold does not list (a lead sentence one writer reads as a heading and another does
  not). Bare labels of appendix parts (注释, 附件2, 名词解释) are left out on both sides: some
  gold sets list them, others do not, and the appendix headings under them are what a
  citation names.

A gold heading may carry a ``kind`` (numbered, run-in, unnumbered, lead): recall is then also
counted per kind, so a set written with that key says which sort of heading the parser misses.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SpeechbotError
from .library import Library
from .model import Section, Speech
from .positions import document_lines, text_at

KEY = 10  # characters of a heading compared: enough to tell 一、 from 一、 in another part
MIN_KEY = 4  # a shorter key agrees only with an equal one ("四" is not "四川…")
_MARKUP = re.compile(r"<[^>]*>")
_APPENDIX_LABEL = re.compile(r"(附件|附录|注释|注|名词解释|附表)[0-9一二三四五六七八九十]*")


@dataclass(frozen=True)
class GoldHeading:
    text: str
    level: int
    appendix: bool
    offset: int  # in the squashed document
    kind: str | None = None


@dataclass
class DocumentScore:
    doc: str
    gold: int
    parsed: int
    matched: int
    level_right: int
    passages: int
    passages_placed: int  # passages whose text was found in the document
    paths_right: int
    paths_safe: int = (
        0  # exact, or filed under an ancestor of the right section (never a wrong one)
    )
    # not safe, but filed below the right section under a heading the gold does not list (a
    # lead sentence one writer reads as a heading and another does not)
    paths_deeper: int = 0
    misses: list[str] = field(default_factory=list)  # first gold headings not found (keys)
    # kind -> [gold headings of that kind, those matched]; only for gold headings with a kind
    kinds: dict[str, list[int]] = field(default_factory=dict)

    @property
    def recall_by_kind(self) -> dict[str, dict[str, float]]:
        return {
            kind: {"gold": n, "matched": m, "recall": round(m / n, 4) if n else 1.0}
            for kind, (n, m) in sorted(self.kinds.items())
        }

    @property
    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 1.0

        precision, recall = ratio(self.matched, self.parsed), ratio(self.matched, self.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        level_p, level_r = ratio(self.level_right, self.parsed), ratio(self.level_right, self.gold)
        level_f1 = 2 * level_p * level_r / (level_p + level_r) if level_p + level_r else 0.0
        return {
            "precision": precision,
            "recall": recall,
            "f1": round(f1, 4),
            "level_f1": round(level_f1, 4),
            "paths": ratio(self.paths_right, self.passages_placed),
            "paths_safe": ratio(self.paths_safe, self.passages_placed),
            "paths_within": ratio(self.paths_safe + self.paths_deeper, self.passages_placed),
        }


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def key(text: str) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(_MARKUP.sub("", text)))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")[:KEY]


def agree(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_KEY and long.startswith(short)


def is_appendix_label(text: str) -> bool:
    return bool(_APPENDIX_LABEL.fullmatch(key(text)))


def _align(gold: list[str], parsed: list[str]) -> list[tuple[int, int]]:
    """The longest order-keeping list of (gold, parsed) index pairs whose keys agree."""
    rows, cols = len(gold), len(parsed)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if agree(gold[i], parsed[j]):
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < cols:
        if agree(gold[i], parsed[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _same_path(expected: list[str], got: list[str]) -> bool:
    return len(expected) == len(got) and all(map(agree, expected, got))


def read_gold(path: str | Path) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SpeechbotError(f"{path} 第 {number} 行格式错误: {exc}") from exc
    return rows


def _squashed_document(path: Path) -> tuple[str, list[int]]:
    """The document squashed, and where each line starts in it."""
    starts, pieces, at = [], [], 0
    for row in document_lines(path):
        starts.append(at)
        piece = squash(row)
        pieces.append(piece)
        at += len(piece)
    return "".join(pieces), starts


def _gold_headings(root: Path, entry: dict) -> list[GoldHeading]:
    path = root / entry["doc"]
    _, starts = _squashed_document(path)
    out = []
    for heading in entry["headings"]:
        line, column, length = heading["at"]
        text = text_at(path, line, column, length)
        before = squash(document_lines(path)[line - 1][:column])
        out.append(
            GoldHeading(
                text,
                heading["level"],
                heading.get("appendix", False),
                starts[line - 1] + len(before),
                heading.get("kind"),
            )
        )
    return out


def _parsed_sections(speeches: list[Speech]) -> list[tuple[Section, int]]:
    """Every heading of the file's speeches in order, with its depth (1 = top): bare appendix
    labels are left out of the depth as they are out of the paths, so the first entry of a
    注释 part is at depth 1 whether a gold lists the label or not."""
    out: list[tuple[Section, int]] = []

    def visit(section: Section, depth: int) -> None:
        for child in section.children:
            below = depth if is_appendix_label(child.heading) else depth + 1
            out.append((child, below))
            visit(child, below)

    for speech in speeches:
        visit(speech.outline, 0)
    return out


def score_document(root: Path, entry: dict, speeches: list[Speech]) -> DocumentScore:
    every_gold = _gold_headings(root, entry)
    gold = [g for g in every_gold if not is_appendix_label(g.text)]
    parsed = [
        (s, depth) for s, depth in _parsed_sections(speeches) if not is_appendix_label(s.heading)
    ]
    gold_keys = [key(g.text) for g in gold]
    parsed_keys = [key(s.heading) for s, _ in parsed]
    pairs = _align(gold_keys, parsed_keys)
    found = {g for g, _ in pairs}
    level_right = sum(gold[g].level == parsed[p][1] for g, p in pairs)
    misses = [gold_keys[i] for i in range(len(gold)) if i not in found][:5]
    kinds: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        if g.kind:
            tally = kinds.setdefault(g.kind, [0, 0])
            tally[0] += 1
            tally[1] += i in found

    document, _ = _squashed_document(root / entry["doc"])
    passages = placed = right = safe = deeper = 0
    for speech in speeches:
        for passage in speech.passages():
            passages += 1
            probe = squash(passage.text)[:24]
            at = document.find(probe) if len(probe) >= 6 else -1
            if at < 0:
                continue
            placed += 1
            expected = [
                key(g.text) for g in _gold_path(every_gold, at) if not is_appendix_label(g.text)
            ]
            got = [key(h) for h in passage.headings if not is_appendix_label(h)]
            right += _same_path(expected, got)
            is_safe = _same_path(expected[: len(got)], got)
            safe += is_safe
            deeper += not is_safe and _same_path(expected, got[: len(expected)])
    return DocumentScore(
        entry["doc"],
        len(gold),
        len(parsed),
        len(pairs),
        level_right,
        passages,
        placed,
        right,
        safe,
        deeper,
        misses,
        kinds,
    )


def _gold_path(gold: list[GoldHeading], offset: int) -> list[GoldHeading]:
    """The gold headings in force at ``offset``: the last one of each level above it."""
    stack: list[GoldHeading] = []
    for heading in gold:
        if heading.offset > offset:
            break
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
    return stack


def evaluate_outlines(library: Library, root: Path, entries: list[dict]) -> list[DocumentScore]:
    """Each gold document ingested into ``library`` (once) and scored."""
    by_source: dict[str, list[int]] = {}
    for info in library.list():
        by_source.setdefault(info.source, []).append(info.id)
    scores = []
    for entry in entries:
        name = Path(entry["doc"]).name
        if name not in by_source:
            outcome = library.ingest([root / entry["doc"]])[0]
            by_source[name] = list(outcome.speech_ids)
        speeches = [library.speech(i) for i in by_source[name]]
        scores.append(score_document(root, entry, speeches))
    return scores


def totals(scores: list[DocumentScore]) -> DocumentScore:
    total = DocumentScore("(all)", 0, 0, 0, 0, 0, 0, 0)
    for s in scores:
        total.gold += s.gold
        total.parsed += s.parsed
        total.matched += s.matched
        total.level_right += s.level_right
        total.passages += s.passages
        total.passages_placed += s.passages_placed
        total.paths_right += s.paths_right
        total.paths_safe += s.paths_safe
        total.paths_deeper += s.paths_deeper
        for kind, (n, m) in s.kinds.items():
            tally = total.kinds.setdefault(kind, [0, 0])
            tally[0] += n
            tally[1] += m
    return total


def outline_table(scores: list[DocumentScore]) -> str:
    head = f"{'document':<48} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6} {'lvlF1':>6} {'paths':>6} {'safe':>6} {'within':>6}"
    lines = [head, "-" * len(head)]
    for s in [*scores, totals(scores)]:
        f = s.figures
        lines.append(
            f"{s.doc[-48:]:<48} {s.gold:>5} {s.parsed:>5} {f['precision']:>6.3f} {f['recall']:>6.3f}"
            f" {f['f1']:>6.3f} {f['level_f1']:>6.3f} {f['paths']:>6.3f} {f['paths_safe']:>6.3f}"
            f" {f['paths_within']:>6.3f}"
        )
    by_kind = totals(scores).recall_by_kind
    if by_kind:
        lines += ["", f"{'recall by kind':<20} {'gold':>5} {'found':>5} {'R':>6}"]
        for kind, f in by_kind.items():
            lines.append(f"{kind:<20} {f['gold']:>5} {f['matched']:>5} {f['recall']:>6.3f}")
    return "\n".join(lines)
