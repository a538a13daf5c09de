"""How a search weighs what it finds: field weights, BM25 parameters, expansion weights and
the scoring kernel (tuned by ``speechbot eval``)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SpeechbotError
from .ranking import BM25Params

__all__ = ["BACKENDS", "SearchSettings"]

BACKENDS = ("auto", "c", "numpy")


@dataclass(frozen=True)
class SearchSettings:
    """Field weights and BM25 parameters (tuned by ``speechbot eval``)."""

    head_weight: float = 0.4
    char_weight: float = 0.15
    speech_weight: float = 0.5  # how much a question naming a speech lifts that speech
    # the share of that lift read as the quote path reads a speech's name (``NameFit``:
    # title words, occasion, ordinal, speaker, year, region), the rest from the speech
    # field's BM25 over the naming words
    name_fit_weight: float = 0.5
    naming_share: float = 0.3  # a word in at most this share of speeches' metadata names them
    # a word in more than this share of passages names no speech (0: no limit)
    naming_text_share: float = 0.03
    naming_term_weight: float = 0.1  # such a word's weight in the passage text itself
    kind_term_weight: float = 0.5  # a word in many speeches' titles (政府工作报告) counts less
    subword_weight: float = 1.0  # sub-words of a long query word ("经济" of "民营经济")
    # the archive's longer words holding a typed word the index does not split out of them
    # ("雄安" → 雄安新区): at most part_words of them, at part_weight
    part_weight: float = 0.5
    part_words: int = 3
    synonym_weight: float = 0.5  # words from the synonym table
    # the short and full forms the archive writes side by side (mined when the index is
    # built), searched for each other at synonym_weight
    mined_abbreviations: bool = True
    glossary_weight: float = 1.0  # the Chinese of an English phrase the glossary knows
    # an English word the glossary lacks: the archive's words CC-CEDICT glosses with it
    dictionary_weight: float = 1.0
    # "all" characters of the query, or only those of words the word field does not know:
    # the evaluation set scores the same either way, and "uncovered" scores far fewer
    # postings
    char_mode: str = "uncovered"
    bm25: BM25Params = BM25Params()
    candidates: int = 4  # how many more hits to score than asked, for de-duplication
    # a question asking for a figure ("多少") prefers passages stating one, among candidates
    figure_weight: float = 0.5
    typo_weight: float = 0.7  # a word no passage has, read as a same-sounding one
    one_hit_per_paragraph: bool = True  # windows of a long paragraph share its reference
    # words of equal meaning from Cilin (看病 → 就诊, 外地 → 异地), at most this many per
    # query word (those the archive holds), at this weight
    thesaurus_words: int = 3
    thesaurus_weight: float = 0.4
    # candidates holding two words of the question as typed, one after the other ("队伍建设"),
    # score up to (1 + phrase_weight) times more, by the share of such pairs they hold
    phrase_weight: float = 0.5
    # a question holding such pairs ranks this many candidates (whatever the hits asked for):
    # those below the usual depth that hold a pair, and that it can lift among the hits,
    # join them (0: no deeper; a phrase jieba splits into common words can rank far down)
    phrase_candidates: int = 100
    # a place typed ("上海") names the speeches of that region ("上海市…报告") first
    region_naming: bool = True
    # a question typing a figure ("3650亿斤") prefers candidates stating it, in digits or in
    # characters (三千六百五十亿斤), up to 1 + same_figure_weight
    same_figure_weight: float = 0.5
    # a question naming a place prefers, among the candidates, passages of that region's
    # speeches (up to 1 + place_weight)
    place_weight: float = 0.3
    # a question naming a year prefers, among the candidates, passages that speak of it:
    # its name, 去年 in the next year's speech, 今年 in that year's (up to 1 + year_weight)
    year_weight: float = 0.5
    # among the candidates, a passage holding more of the question's distinct words (by their
    # rarity) scores up to (1 + coverage_weight) times more, and one holding them within
    # proximity_chars characters of each other up to (1 + proximity_weight) times more
    coverage_weight: float = 0.5
    proximity_weight: float = 0.25
    proximity_chars: int = 30
    # a question naming no speech prefers, among the candidates, the passages of the
    # speeches that speak most of its words (BM25 of the question over each speech, its
    # passages counted, saturated at speech_focus_saturation × its length over the mean):
    # up to (1 + speech_focus_weight)
    speech_focus_weight: float = 0.25
    speech_focus_saturation: float = 3.0
    # the MaxScore kernel: "c" (index/_maxscore.c), "numpy", or "auto" (C where it is built);
    # both rank the same passages
    backend: str = "auto"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise SpeechbotError(f"未知的检索内核 {self.backend}（可用：auto、c、numpy）")
