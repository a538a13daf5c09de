"""Pictures for people who would rather look than read: a speech's outline as an image and a
text tree, and speeches by year as a chart and a table.  matplotlib loads only when a picture
is asked for; the bot imports these functions lazily too."""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .errors import SpeechbotError
from .store import SpeechInfo
from .summary import Summary

__all__ = ["outline_image", "outline_tree", "years_chart", "years_table", "speeches_by_year"]

# fonts that hold simplified Chinese, in order of preference (fonts-wqy-microhei is Debian's
# small one; .ci/run installs it where none is present)
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
UNDATED = "未注明"


def outline_tree(summary: Summary) -> str:
    """The outline as a compact text tree with the references ``quote`` accepts."""
    lines = [f"#{summary.speech_id} {summary.title}"]
    entries = list(summary.outline)
    for i, entry in enumerate(entries):
        later = [e.level for e in entries[i + 1 :]]
        last = not any(level == entry.level for level in _until_parent(later, entry.level))
        stems = "".join(
            "   " if _closed(entries, i, depth) else "│  " for depth in range(1, entry.level)
        )
        lines.append(f"{stems}{'└─' if last else '├─'} {entry.heading}  〔{entry.ref}〕")
    return "\n".join(lines)


def _until_parent(levels: list[int], level: int) -> list[int]:
    out = []
    for other in levels:
        if other < level:
            break
        out.append(other)
    return out


def _closed(entries, index: int, depth: int) -> bool:
    """Whether the ancestor at ``depth`` of entry ``index`` was its parent's last child."""
    for j in range(index, -1, -1):
        if entries[j].level == depth:
            later = [e.level for e in entries[j + 1 :]]
            return not any(level == depth for level in _until_parent(later, depth))
    return True


def speeches_by_year(infos: Iterable[SpeechInfo]) -> list[tuple[str, int]]:
    """(year, number of speeches), oldest first; speeches without a date last."""
    counts = Counter((info.date or "")[:4] or UNDATED for info in infos)
    dated = sorted(y for y in counts if y != UNDATED)
    return [(y, counts[y]) for y in dated] + (
        [(UNDATED, counts[UNDATED])] if UNDATED in counts else []
    )


def years_table(infos: Iterable[SpeechInfo]) -> str:
    rows = speeches_by_year(infos)
    if not rows:
        return "（还没有导入任何讲话）"
    width = max(n for _, n in rows)
    lines = [f"{_pad('年份')}  篇数"]
    lines += [f"{_pad(year)}  {n:>4}  {'█' * max(1, round(20 * n / width))}" for year, n in rows]
    lines.append(f"{_pad('合计')}  {sum(n for _, n in rows):>4}")
    return "\n".join(lines)


def _pad(label: str, columns: int = 6) -> str:
    """Left-justified to terminal columns (a Chinese character takes two)."""
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in label)
    return label + " " * max(0, columns - width)


def years_chart(infos: Iterable[SpeechInfo]) -> bytes:
    """A PNG bar chart of speeches by year."""
    rows = speeches_by_year(infos)
    figure, font = _matplotlib()
    fig = figure(figsize=(max(4.0, 0.6 * len(rows) + 2), 3.6), dpi=120)
    ax = fig.subplots()
    years = [y for y, _ in rows]
    counts = [n for _, n in rows]
    bars = ax.bar(years, counts, color="#b22222")
    ax.bar_label(bars, fontproperties=font)
    ax.set_title("讲话篇数（按年份）", fontproperties=font)
    ax.set_ylabel("篇数", fontproperties=font)
    for label in ax.get_xticklabels():
        label.set_fontproperties(font)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    if rows:
        fig.tight_layout()
    else:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "（还没有导入任何讲话）",
            ha="center",
            fontproperties=font,
            transform=ax.transAxes,
        )
    return _png(fig)


def outline_image(summary: Summary) -> bytes:
    """A PNG of the speech's outline: title, date and speaker, one line per heading."""
    figure, font = _matplotlib()
    meta = " · ".join(x for x in (summary.date, summary.speaker) if x)
    lines = [(e.level, _clip(e.heading, 40), str(e.ref)) for e in summary.outline]
    height = 1.2 + 0.32 * max(1, len(lines))
    fig = figure(figsize=(8, height), dpi=120)
    fig.text(
        0.03,
        1 - 0.45 / height,
        _clip(summary.title, 36),
        fontproperties=font,
        fontsize=15,
        weight="bold",
        va="center",
    )
    if meta:
        fig.text(
            0.03,
            1 - 0.8 / height,
            meta,
            fontproperties=font,
            fontsize=10,
            color="#555555",
            va="center",
        )
    for row, (level, heading, ref) in enumerate(lines):
        y = 1 - (1.2 + 0.32 * row + 0.16) / height
        fig.text(
            0.03 + 0.04 * level,
            y,
            heading,
            fontproperties=font,
            fontsize=12 if level == 1 else 10.5,
            color="#b22222" if level == 1 else "#222222",
            va="center",
        )
        fig.text(
            0.97,
            y,
            f"〔{ref}〕",
            fontproperties=font,
            fontsize=9,
            color="#777777",
            ha="right",
            va="center",
        )
    if not lines:
        fig.text(0.03, 1 - 1.4 / height, "（这篇讲话没有提纲）", fontproperties=font)
    return _png(fig)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", facecolor="white")
    return out.getvalue()


@cache
def _matplotlib():
    """matplotlib's Figure (no pyplot: no global state, so the bot's threads may draw at
    once) and the font for Chinese."""
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    return Figure, font_manager.FontProperties(fname=_cjk_font_file(font_manager))


def _cjk_font_file(font_manager) -> str:
    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in by_name:
            return by_name[name]
    for folder in _FONT_DIRS:  # fonts installed after matplotlib built its cache
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
            low = path.name.lower()
            if path.suffix.lower() in (".ttc", ".ttf", ".otf") and (
                "cjk" in low or "wqy" in low or "hansans" in low or "droidsansfallback" in low
            ):
                return str(path)
    raise SpeechbotError(
        "没有找到能显示中文的字体：请安装 fonts-wqy-microhei 或 fonts-noto-cjk"
        " (no font for Chinese: install fonts-wqy-microhei or fonts-noto-cjk)"
    )
