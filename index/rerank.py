"""Re-ranking the candidates of a question by what their text holds: a figure when the
question asks for one, the question's word pairs as typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .answer_type import states_figure
from .normalise import normalise


def prefer_phrases(
    ranked: list[tuple[int, float]], stored: dict, pairs: Sequence[str], weight: float
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
