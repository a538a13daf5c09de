"""The reranks by text read a candidate's text only when it can still change the order: the
hits, their scores and the windows joined to them are those of reranking every candidate in
turn (``prefer_covering``, ``prefer_phrases``, …), with fewer passages read."""

from __future__ import annotations

import itertools
import random

import pytest
from conftest import filler_speeches, library_fixture

from speechbot.index import search as search_module
from speechbot.index._coverage import WordGroups, prefer_covering
from speechbot.index._rescored_order import RescoredOrder
from speechbot.index.store_reading import StoredPassage

GROUPS = WordGroups(
    groups=((("防汛", 2.0),), (("物资", 1.0), ("物品", 0.6)), (("演练", 1.5),)),
    owner={"防汛": (0, 2.0), "物资": (1, 1.0), "物品": (1, 0.6), "演练": (2, 1.5)},
    total=4.5,
)
TEXTS = (
    "防汛物资要提前备足。",
    "各区组织应急演练，备好防汛物资。",
    "防汛工作要压实责任。",
    "物品分类存放，定期检查。",
    "今年汛期各区要落实责任。",
    "演练要贴近实战，防汛要早谋划。",
)
WEIGHTS = dict(coverage_weight=0.5, proximity_weight=0.25, window=30)


def _passages(n: int, seed: int) -> dict[int, StoredPassage]:
    pick = random.Random(seed)
    return {
        pid: StoredPassage(1, (1,), pid, pick.choice(TEXTS), ("一、备足物资",), "t", None, "s")
        for pid in range(n)
    }


def _covering(pid, score, passage):
    stored = {pid: passage} if passage is not None else {}
    return prefer_covering([(pid, score)], stored, GROUPS, *WEIGHTS.values())[0][1]


def _order(ranked, read, batch: int = 5) -> RescoredOrder:
    return RescoredOrder(ranked, read, [_covering], lambda _: 1.0, lambda _: 1.75, batch=batch)


def _lazy(ranked, stored, reads: list[int], batch: int = 5) -> list[tuple[int, float]]:
    def read(ids):
        reads.extend(ids)
        return {pid: stored[pid] for pid in ids if pid in stored}

    return list(_order(ranked, read, batch))


@pytest.mark.parametrize("seed", range(40))
def test_the_order_is_that_of_rescoring_every_candidate(seed):
    pick = random.Random(seed)
    stored = _passages(20, seed)
    # close scores, ties among them, and a candidate removed from the store
    scores = sorted(pick.choice([10.0, 9.0, 8.5, 8.0, 6.0, 5.0, 2.0]) for _ in range(20))
    ranked = [(pid, score) for pid, score in zip(range(20), reversed(scores), strict=True)]
    del stored[pick.randrange(20)]
    reads: list[int] = []
    assert _lazy(ranked, stored, reads, batch=pick.choice([1, 5])) == prefer_covering(
        ranked, stored, GROUPS, *WEIGHTS.values()
    )
    assert sorted(reads) == list(range(20))  # every one is read when all are asked for


def test_a_candidate_that_cannot_reach_the_first_is_not_read():
    stored = _passages(20, 1)
    # the first five far ahead: one 1.75 times its score cannot pass the fifth
    ranked = [(pid, 100.0 - pid) for pid in range(5)] + [(pid, 10.0) for pid in range(5, 20)]
    reads: list[int] = []
    order = _order(ranked, lambda ids: reads.extend(ids) or stored)
    first = [pid for pid, _ in itertools.islice(order, 5)]
    assert first == [pid for pid, _ in prefer_covering(ranked, stored, GROUPS, **WEIGHTS)[:5]]
    assert reads == [0, 1, 2, 3, 4]
    # the rest asked for by id: only those are read, in the order's order
    near = order.rest(lambda pid: pid in (7, 12))
    assert [pid for pid, _ in near] == [7, 12]
    assert reads == [0, 1, 2, 3, 4, 7, 12]


def test_unsorted_scores_are_ordered_as_by_rescoring_all():
    stored = _passages(8, 3)
    ranked = [(0, 5.0), (1, 9.0), (2, 1.0), (3, 9.5), (4, 3.0), (5, 3.0), (6, 8.0), (7, 0.5)]
    assert _lazy(ranked, stored, []) == prefer_covering(ranked, stored, GROUPS, **WEIGHTS)


SECTION = "".join(
    f"第{n}项，各街道备足防汛物资，组织应急演练，排查隐患点位，落实责任人员。" * 3
    for n in "一二三四五六七八九十"
)
FLOODS = {
    "flood-meeting.txt": "在全市防汛工作会议上的讲话\n\n同志们：\n\n一、汛前准备\n\n"
    + "\n\n".join(
        f"{district}区防汛物资已经入库，应急演练按期开展。{SECTION if n == 2 else ''}"
        for n, district in enumerate("东西南北中")
    )
    + "\n\n二、汛期值守\n\n"
    + "\n\n".join(f"第{n}街道落实值班责任，{n}号泵站检查到位。" for n in range(1, 31))
    + "\n",
    **filler_speeches(),
}
QUESTIONS = (
    "防汛物资和应急演练",
    "应急演练",
    "备足防汛物资",
    "排查隐患点位落实责任",
    "防汛",
    "防汛物资入库了多少",
    "2024年东区应急演练",
)

floods = library_fixture(FLOODS)


@pytest.mark.parametrize("top", [1, 2, 5])
def test_the_hits_are_those_of_reading_every_candidate(floods, monkeypatch, top):
    fast = {q: floods.search(q, top=top) for q in QUESTIONS}
    monkeypatch.setattr(search_module, "READ_WHAT_CAN_REACH", False)
    assert {q: floods.search(q, top=top) for q in QUESTIONS} == fast
    # the long paragraph's windows are shown once, the best window with its neighbour
    shown = [hit.ref for hit in fast["排查隐患点位落实责任"]]
    assert len(shown) == len(set(shown))


def test_each_rerank_by_text_lifts_by_its_own_weight():
    from speechbot.index import SearchSettings
    from speechbot.index.query import Query

    settings = SearchSettings(figure_weight=0.1, phrase_weight=0.2, place_weight=0.3)
    query = Query("东区防汛物资有多少", (), (), ("防汛物资",), True, places=("东区",))
    before, after = search_module._text_reranks("东区防汛物资有多少", query, settings, None)
    passage = StoredPassage(1, (1,), 1, "东区防汛物资共3200件。", (), "东区讲话", None, "s")
    lifted = [rerank([(1, 10.0)], {1: passage})[0][1] for rerank, _ in before + after]
    assert lifted == [10.0 * 1.1, 10.0 * 1.2, 10.0 * 1.3]
    assert [weight for _, weight in before + after] == [0.1, 0.2, 0.3]
