"""A synthetic archive of speech-like Chinese text, deterministic by seed.

Words (jieba tokens, punctuation included) are drawn by their frequency in ../shared/corpus;
sentences of 6-30 words end in 。/；/！, paragraphs hold 20-120 words, and each speech has
a title, 一、 parts with （一） points and 一是/二是 lines, about 50 paragraphs in all.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from pathlib import Path

import jieba

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NUMERALS = "一二三四五六七八九十"
PARAGRAPHS_PER_SPEECH = 50


class Generator:
    def __init__(self, seed: int = 7) -> None:
        counts: Counter[str] = Counter()
        files = sorted(CORPUS.glob("*.txt"))
        if not files:  # word frequencies come from the shared corpus beside the checkout
            raise SystemExit(f"bench: no corpus at {CORPUS} (../shared/corpus beside the repo)")
        for path in files:
            counts.update(
                w for w in jieba.lcut(path.read_text("utf-8")) if w.strip() and w not in "。！？；"
            )
        self.words, self.weights = zip(
            *sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), strict=True
        )
        # cumulative weights once: random.choices would sum all weights on every call
        self.cum_weights = list(itertools.accumulate(self.weights))
        self.content = [w for w in self.words[200:5000] if len(w) >= 2]
        self.rng = random.Random(seed)

    def _sentence(self) -> str:
        words = self.rng.choices(
            self.words, cum_weights=self.cum_weights, k=self.rng.randint(6, 30)
        )
        return "".join(words) + self.rng.choice("。。。；！")

    def paragraph(self) -> str:
        target, out, count = self.rng.randint(20, 120), [], 0
        while count < target:
            sentence = self._sentence()
            out.append(sentence)
            count += len(sentence) // 2
        return "".join(out)

    def heading(self) -> str:
        return "".join(self.rng.sample(self.content, self.rng.randint(2, 4)))

    def speech(self, number: int) -> str:
        lines = [
            f"在第{number}次工作会议上的讲话",
            f"发布时间:20{self.rng.randint(10, 26)}-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}",
            "同志们：",
        ]
        paragraphs = 0
        parts = self.rng.randint(3, 5)
        per_part = PARAGRAPHS_PER_SPEECH // parts
        for part in range(parts):
            lines.append(f"{NUMERALS[part]}、{self.heading()}")
            points = self.rng.randint(2, 4)
            for point in range(points):
                lines.append(f"（{NUMERALS[point]}）{self.heading()}")
                for n in range(max(1, per_part // points)):
                    if n < 3 and self.rng.random() < 0.3:
                        lines.append(f"{NUMERALS[n]}是{self.heading()}")
                    lines.append(self.paragraph())
                    paragraphs += 1
        return "\n".join(lines) + "\n"

    def write_archive(self, folder: Path, passages: int) -> list[Path]:
        """Files totalling about ``passages`` paragraphs."""
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for number in range(1, max(1, passages // PARAGRAPHS_PER_SPEECH) + 1):
            path = folder / f"speech-{number:06d}.txt"
            path.write_text(self.speech(number), "utf-8")
            files.append(path)
        return files
