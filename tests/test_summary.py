"""summarise(): what a user reads about a speech — outline with references, keywords and
verbatim key sentences — on real speeches of the shared corpus and on small ones written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from speechbot.index.clean import clean
from speechbot.index.model import KIND_ENUM, Ref, Speech
from speechbot.index.outline import parse_outline
from speechbot.index.summary import KeySentence, OutlineEntry, Summary, summarise

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GREETINGS = ("同志们", "各位代表", "各位", "女士们", "先生们", "朋友们", "尊敬的")
REAL = [
    "speech-2020-03-poverty-alleviation-symposium.txt",
    "gov-report-2024.txt",
    "quality-conference-speech.txt",
    "speech-2020-09-scientists-symposium.txt",
    "speech-2020-02-epidemic-and-economy-deployment.txt",
]

SMALL = """关于加强社区治理的讲话

同志们：
今天我们召开全市社区治理工作会议，主要任务是总结经验，部署下一步社区治理工作。
一、充分认识社区治理的重要意义
社区是城市治理的基本单元，社区治理水平直接关系群众的获得感和幸福感。近年来，全市社区治理体系不断完善，网格化管理覆盖所有街道。
二、突出抓好社区治理重点任务
一是完善网格化管理，把社区治理力量下沉到网格，做到小事不出网格。二是加强社区服务设施建设，让群众办事不出社区。三是培育社区社会组织，引导居民有序参与社区治理。
三、加强对社区治理工作的组织领导
各级党委要把社区治理摆上重要议程，主要负责同志要亲自抓、负总责。各有关部门要加强协同配合，形成推进社区治理的强大合力。
同志们！社区治理任重道远，让我们共同努力，开创全市社区治理新局面！
"""


def make_speech(raw: str, name: str, speech_id: int = 3) -> Speech:
    c = clean(raw, name)[0]
    return Speech(
        title=c.title,
        text=c.text,
        outline=parse_outline(c.text),
        date=c.date,
        speaker=c.speaker,
        occasion=c.occasion,
        source=name,
        id=speech_id,
    )


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="module")
def real(corpus) -> dict[str, Speech]:
    return {name: make_speech((corpus / name).read_text(encoding="utf-8"), name) for name in REAL}


@pytest.fixture(scope="module")
def small() -> Speech:
    return make_speech(SMALL, "community.txt", speech_id=7)


def assert_key_sentences_are_quotes(speech: Speech, summary: Summary) -> None:
    """Each key sentence is verbatim, its ref is the paragraph holding it, in text order."""
    positions = []
    headings = {s.heading for s in speech.sections()}
    for key in summary.key_sentences:
        # a heading the outline already shows is not repeated as a key sentence
        assert key.text.rstrip("。！？”") not in headings, key.text
        assert isinstance(key, KeySentence)
        assert key.text in speech.text
        assert key.ref.speech_id == speech.id and key.ref.paragraph is not None
        section = speech.section(key.ref.path)
        assert section is not None
        assert key.text in section.paragraphs[key.ref.paragraph - 1].text
        assert 12 <= len(key.text) <= 150
        assert re.search(r"[。！？!?][”’」』）)]*$", key.text), key.text  # a whole sentence
        assert not key.text.startswith(GREETINGS), key.text
        positions.append(speech.text.index(key.text))
    assert positions == sorted(positions)
    assert len({k.text for k in summary.key_sentences}) == len(summary.key_sentences)


# --- real speeches -----------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL)
def test_real_speech_summary(real, name):
    speech = real[name]
    summary = summarise(speech)
    assert (summary.speech_id, summary.title, summary.source) == (3, speech.title, name)
    assert (summary.date, summary.speaker, summary.occasion) == (
        speech.date,
        speech.speaker,
        speech.occasion,
    )
    assert 3 <= len(summary.key_sentences) <= 5
    assert_key_sentences_are_quotes(speech, summary)
    assert len(summary.keywords) == 10 and len(set(summary.keywords)) == 10
    # the outline's parts are the speech's 一、二、… headings, in order, with their refs
    level_one = [e for e in summary.outline if e.level == 1]
    assert [e.heading for e in level_one] == [c.heading for c in speech.outline.children]
    assert [e.ref for e in level_one] == [
        Ref(3, (n,)) for n in range(1, len(speech.outline.children) + 1)
    ]
    for entry in summary.outline:
        assert isinstance(entry, OutlineEntry) and entry.level in (1, 2)
        assert speech.section(entry.ref.path).heading == entry.heading
    assert summarise(speech) == summary  # deterministic


def test_poverty_speech(real):
    speech = real["speech-2020-03-poverty-alleviation-symposium.txt"]
    summary = summarise(speech)
    assert "脱贫攻坚" in summary.keywords
    assert any("扶贫" in k or "贫困" in k for k in summary.keywords)
    level_one = [e.heading for e in summary.outline if e.level == 1]
    assert [h[:2] for h in level_one] == ["一、", "二、", "三、", "四、"]
    assert level_one[0].startswith("一、我国脱贫攻坚取得决定性成就")
    # enumerated points (第一，第二，…) under a part are listed at level 2
    enum_points = [e for e in summary.outline if e.level == 2]
    assert enum_points and all(speech.section(e.ref.path).kind == KIND_ENUM for e in enum_points)
    # the key sentences are about the subject
    assert sum("脱贫" in k.text or "贫困" in k.text for k in summary.key_sentences) >= 3


def test_government_report_keywords_are_content_words(real):
    summary = summarise(real["gov-report-2024.txt"])
    assert any("发展" in k for k in summary.keywords)
    generic = {"推进", "加强", "推动", "加快", "完善", "实施", "我们", "同志们", "各位代表"}
    assert not generic & set(summary.keywords)
    assert not any(re.fullmatch(r"[\d.%年月日]+", k) for k in summary.keywords)


def test_blanked_out_names_are_not_keywords(real):
    # the quality speech writes "xx区", "xxxx年": placeholders, not words
    summary = summarise(real["quality-conference-speech.txt"])
    assert any("质量" in k for k in summary.keywords)
    assert not any(re.fullmatch(r"[A-Za-z]+", k) for k in summary.keywords)


def test_sentence_count_is_honoured(real):
    speech = real["speech-2020-02-epidemic-and-economy-deployment.txt"]
    for n in (3, 5):
        summary = summarise(speech, sentences=n, keywords=6)
        assert len(summary.key_sentences) == n and len(summary.keywords) == 6
        assert_key_sentences_are_quotes(speech, summary)
    assert summarise(speech, outline_levels=1).outline == tuple(
        e for e in summarise(speech).outline if e.level == 1
    )


def test_long_outline_keeps_every_part_and_shares_the_rest(corpus):
    name = "cpc-congress-report-19.txt"
    speech = make_speech((corpus / name).read_text(encoding="utf-8"), name)
    outline = summarise(speech).outline
    assert len(outline) == 30
    level_one = [e for e in outline if e.level == 1]
    assert len(level_one) == len(speech.outline.children) == 13
    # the room left (17) is shared: every part with sub-headings keeps its first one
    for part in speech.outline.children:
        if part.children:
            assert Ref(3, part.children[0].path) in {e.ref for e in outline}
    refs = [e.ref.path for e in outline]
    assert refs == sorted(refs)  # document order


# --- a small speech written here ---------------------------------------------------------


def test_small_speech(small):
    summary = summarise(small)
    assert summary.title == "关于加强社区治理的讲话" and summary.speech_id == 7
    assert "社区治理" in summary.keywords
    assert not {"同志们", "我们", "工作"} & set(summary.keywords)
    assert [(e.level, e.heading) for e in summary.outline] == [
        (1, "一、充分认识社区治理的重要意义"),
        (1, "二、突出抓好社区治理重点任务"),
        (2, "一是完善网格化管理"),
        (2, "二是加强社区服务设施建设"),
        (2, "三是培育社区社会组织"),
        (1, "三、加强对社区治理工作的组织领导"),
    ]
    assert [str(e.ref) for e in summary.outline] == ["7:1", "7:2", "7:2.1", "7:2.2", "7:2.3", "7:3"]
    assert 3 <= len(summary.key_sentences) <= 4
    assert_key_sentences_are_quotes(small, summary)
    assert summarise(small) == summary


def test_greeting_is_trimmed_not_quoted():
    raw = (
        "在表彰大会上的讲话\n\n"
        "同志们、朋友们：今天我们在这里隆重集会，表彰在乡村振兴中作出突出贡献的先进集体和先进个人。\n"
        "乡村振兴是实现共同富裕的必由之路，农业农村现代化是乡村振兴的总目标。\n"
        "各位代表！乡村振兴需要人才支撑，要引导各类人才投身乡村振兴伟大实践。\n"
        "我们要巩固拓展脱贫攻坚成果，守住不发生规模性返贫的底线，推动乡村全面振兴。\n"
    )
    speech = make_speech(raw, "village.txt")
    summary = summarise(speech, sentences=4)
    assert_key_sentences_are_quotes(speech, summary)
    # the address before the first sentence is cut off; the sentence itself may be quoted
    texts = [k.text for k in summary.key_sentences]
    assert texts[0].startswith("今天我们在这里隆重集会")
    assert "乡村振兴需要人才支撑，要引导各类人才投身乡村振兴伟大实践。" in texts
    assert len(texts) == 4
    assert "乡村振兴" in summary.keywords


def test_near_identical_sentences_are_not_both_chosen():
    line = "要坚持以人民为中心的发展思想，把人民群众的利益放在首位。"
    raw = (
        "讲话\n\n"
        f"{line}\n"
        "生态环境保护是功在当代、利在千秋的事业，必须坚持绿水青山就是金山银山。\n"
        f"{line}\n"
        "科技创新是提高社会生产力和综合国力的战略支撑，必须摆在全局的核心位置。\n"
        "教育是国之大计、党之大计，要办好人民满意的教育。\n"
    )
    speech = make_speech(raw, "repeat.txt")
    keys = [k.text for k in summarise(speech, sentences=4).key_sentences]
    assert keys.count(line) <= 1
    assert len(keys) == 4


def test_a_speech_without_sentences_or_headings():
    speech = make_speech("标题\n\n短句\n", "tiny.txt")
    summary = summarise(speech)
    assert summary.outline == () and summary.key_sentences == ()


def test_keywords_use_the_librarys_dictionaries(tmp_path):
    from speechbot.index import Library, LibraryConfig

    words = tmp_path / "words.txt"
    words.write_text("鑫淼垚 100 n\n", "utf-8")
    text = "关于发展的讲话\n同志们：\n一、推动发展\n" + "".join(
        f"要加快鑫淼垚建设第{i}期工程，鑫淼垚项目带动了就业。\n" for i in range(12)
    )
    found = []
    for config in (LibraryConfig(), LibraryConfig(user_dicts=(str(words),))):
        library = Library(tmp_path / str(len(found)), config)
        try:
            (speech_id,) = library.ingest_bytes(text.encode(), "a.txt").speech_ids
            found.append(any("鑫淼垚" in k for k in library.summary(speech_id).keywords))
        finally:
            library.close()
    assert found == [False, True]
