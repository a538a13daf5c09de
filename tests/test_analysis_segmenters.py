"""rjieba (jieba-rs) and jieba make the same terms: the fast segmenter is a safe default."""

from collections import Counter

from speechbot.index.analysis import Analyzer
from speechbot.index.library import Library, LibraryConfig


def test_segmenters_agree_on_the_corpus(corpus_dir):
    reference, fast = Analyzer(segmenter="jieba"), Analyzer(segmenter="rjieba")
    differing = total = 0
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        a, b = Counter(reference.index_terms(text)), Counter(fast.index_terms(text))
        differing += ((a - b) + (b - a)).total()
        total += a.total()
    assert differing / total < 0.001  # measured: 0.016%


def test_a_data_dir_keeps_the_segmenter_it_was_made_with(tmp_path):
    first = Library(tmp_path, LibraryConfig(segmenter="jieba"))
    first.close()
    second = Library(tmp_path, LibraryConfig(segmenter="rjieba"))
    assert second.analyzer.segmenter == "jieba"
    second.close()
