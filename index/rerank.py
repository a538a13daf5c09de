"""Re-ranking the candidates of a question by what their text holds: a figure when the
question asks for one, the question's word pairs as typed."""

from __future__ import annotations

from .analysis import Analyzer, normalise
from .answer_type import states_figure


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


PHRASE_MIN = 3


def prefer_phrases(
    ranked: list[tuple[int, float]], stored: dict, pairs: list[str], weight: float
) -> list[tuple[int, float]]:
    """Candidates holding the question's word pairs as written score up to
    (1 + weight) times more, by the share of pairs they hold."""
    rescored = []
    for pid, score in ranked:
        passage = stored.get(pid)
        if passage is not None:
            text = normalise(passage.text)
            share = sum(pair in text for pair in pairs) / len(pairs)
            score *= 1 + weight * share
        rescored.append((pid, score))
    return sorted(rescored, key=lambda item: -item[1])


def prefer_figures(
    ranked: list[tuple[int, float]], stored: dict, weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question asking for a figure: a passage that states
    one scores (1 + weight) times more."""
    rescored = [
        (pid, score * (1 + weight) if pid in stored and states_figure(stored[pid].text) else score)
        for pid, score in ranked
    ]
    return sorted(rescored, key=lambda item: -item[1])
