"""Re-ranking the candidates of a question by what their text holds: a figure when the
question asks for one, the question's word pairs as typed."""

from __future__ import annotations

from collections.abc import Callable

from .analysis import Analyzer, normalise
from .answer_type import states_figure

PHRASE_MIN = 3  # characters of a pair, both words together


def phrases(analyzer: Analyzer, question: str) -> list[str]:
    """Two words of the question typed one after the other ("队伍" "建设"), joined."""
    tokens = analyzer.tokens(question)
    return list(
        dict.fromkeys(
            a.term + b.term
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a.end == b.start and len(a.term) + len(b.term) >= PHRASE_MIN
        )
    )


def prefer_phrases(
    ranked: list[tuple[int, float]], stored: dict, pairs: list[str], weight: float
) -> list[tuple[int, float]]:
    """Candidates holding the question's word pairs as written score up to
    (1 + weight) times more, by the share of pairs they hold."""

    def share(text: str) -> float:
        normal = normalise(text)
        return sum(pair in normal for pair in pairs) / len(pairs)

    return _rescored(ranked, stored, lambda text: 1 + weight * share(text))


def prefer_figures(
    ranked: list[tuple[int, float]], stored: dict, weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question asking for a figure: a passage that states
    one scores (1 + weight) times more."""
    return _rescored(ranked, stored, lambda text: 1 + weight if states_figure(text) else 1.0)


def _rescored(
    ranked: list[tuple[int, float]], stored: dict, factor: Callable[[str], float]
) -> list[tuple[int, float]]:
    """Each candidate's score times ``factor`` of its text (unchanged when its passage is
    gone), best first."""
    rescored = [
        (pid, score * factor(stored[pid].text) if pid in stored else score) for pid, score in ranked
    ]
    return sorted(rescored, key=lambda item: -item[1])
