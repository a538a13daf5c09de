"""Loading by content and undoing page layouts: HTML saved as .txt, an article scraped several
times, text exported from a print layout (in a .txt and in a real PDF).  The documents are
written for these tests, one per phenomenon."""

from __future__ import annotations

import io

import pytest

from speechbot.index.ingest import build_speeches
from speechbot.index.loaders import load_text

ARTICLE = [
    "在全市文化工作会议上的讲话",
    "同志们：",
    "一、把握文化工作的新形势",
    "这些年来，我们建成了一批图书馆和文化站，乡村的戏台重新热闹起来，群众看戏读书的去处多了。",
    "同时也要看到，基层文化设施的使用率还不高，有的场馆常年关门，好的节目送不到田间地头。",
    "二、抓好今年的几项重点工作",
    "一是办好文化惠民工程，让每个村每月至少能看上一场戏、借到一批新书，把好事办到群众心坎上。",
    "二是培养本土人才，支持业余剧团和乡土作者，给他们舞台，也给他们必要的经费和培训机会。",
]


def _speech(data: bytes, filename: str):
    (speech,) = build_speeches(load_text(data, filename), filename)
    return speech


def test_html_saved_as_txt_is_read_as_html():
    page = (
        "<!DOCTYPE html><html><head><title>在全市文化工作会议上的讲话</title>"
        "<script>var x = 1;</script></head><body><div class='nav'>首页 &gt; 讲话</div>"
        + "".join(f"<p>{line}</p>" for line in ARTICLE[1:])
        + "</body></html>"
    )
    speech = _speech(page.encode(), "讲话.txt")
    assert speech.title == "在全市文化工作会议上的讲话"
    assert "<p>" not in speech.text and "var x" not in speech.text
    assert ARTICLE[3] in speech.text.split("\n")


def test_markdown_with_a_few_inline_tags_stays_markdown():
    text = "# 讲话\n同志们：\n要抓好<b>三件事</b>。<br>\n一、第一件\n内容。\n"
    loaded = load_text(text.encode(), "讲话.md")
    assert loaded.format == "md"


def test_an_article_scraped_three_times_is_read_once():
    copies = ["网站首页 > 讲话"] + ARTICLE + ["相关阅读"] + ARTICLE + ARTICLE[1:]
    speech = _speech("\n".join(copies).encode(), "讲话.txt")
    for line in ARTICLE[1:]:
        assert speech.text.count(line) == 1, line


def test_first_copy_cut_short_then_the_full_copy():
    teaser = ARTICLE[:5]
    speech = _speech("\n".join(teaser + ARTICLE).encode(), "讲话.txt")
    lines = speech.text.split("\n")
    assert [line for line in lines if line in ARTICLE[3:]] == ARTICLE[3:]


LAYOUT_TXT = """在全省法治建设工作会议上的讲话
同志们：
一、充分认识法治建设的重要意义
全面依法治省是一项长期任务，各级领导干部要带头遵守
宪法
和
法律，自觉运用法治思维和法治方式推动发展、化解矛盾、维
护稳定，做到办事依法、遇事找法、解决问题用法。过去五年
我们制定修改地方性法规四十多件，清理规章一百余件，认真落实
“十二五”规划
提出的目标任务，为全省发展提供了有力保障。
12
在全省法治建设工作会议上的讲话
二、扎实推进今年各项工作
（下转第四版）要把普法宣传同依法治理结合起来，推进基层法治建设，让群众在每
一件事情中感受到公平正义，把矛盾化解在基层、化解在萌芽状态，巩固
好来之不易的良好局面。各地要结合实际抓好落实，确保各项任务按
时完成，年底前向省委报告进展情况，做到事事有着落、件件有回音。
13
在全省法治建设工作会议上的讲话
(三 )加强法治队伍建设
要选好配强法治工作队伍，完善培训制度和考核办法，提高运用法
治方式解决问题的能力，建设一支忠于党、忠于国家、忠于人民、忠于法
律的法治工作队伍，为建设法治社会提供坚强的组织保障和人才支撑。
14
在全省法治建设工作会议上的讲话
"""


def test_print_layout_in_a_txt_is_rejoined():
    speech = _speech(LAYOUT_TXT.encode(), "讲话.txt")
    lines = speech.text.split("\n")
    assert "各级领导干部要带头遵守宪法和法律，自觉运用法治思维" in speech.text
    assert "认真落实“十二五”规划提出的目标任务" in speech.text
    for fragment in ("宪法", "和", "“十二五”规划", "12", "13"):
        assert fragment not in lines
    assert "下转" not in speech.text
    assert speech.title == "在全省法治建设工作会议上的讲话"
    assert "在全省法治建设工作会议上的讲话" not in speech.text  # the running header
    assert "一、充分认识法治建设的重要意义" in lines
    assert "二、扎实推进今年各项工作" in lines
    assert "(三)加强法治队伍建设" in lines
    # the words stay as written: only the breaks and the page furniture went
    assert "要把普法宣传同依法治理结合起来，推进基层法治建设，让群众在每一件事情中" in speech.text


def test_no_layout_fragment_is_a_passage_of_its_own():
    speech = _speech(LAYOUT_TXT.encode(), "讲话.txt")
    texts = {passage.text for passage in speech.passages(300)}
    for fragment in ("宪法", "和", "法律", "“十二五”规划", "12"):
        assert fragment not in texts


@pytest.fixture
def layout_pdf() -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pages = [LAYOUT_TXT.split("12\n")[0], *LAYOUT_TXT.split("12\n")[1].split("13\n")]
    for number, page in enumerate(pages, start=12):
        pdf.setFont("STSong-Light", 11)
        y = 800
        for line in page.strip("\n").split("\n"):
            if line == "在全省法治建设工作会议上的讲话" and y < 800:
                continue
            pdf.drawString(50, y, line)
            y -= 18
        pdf.drawString(50, 60, "在全省法治建设工作会议上的讲话")
        pdf.drawString(290, 40, str(number))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_print_layout_in_a_pdf_is_rejoined(layout_pdf):
    speech = _speech(layout_pdf, "讲话.pdf")
    lines = speech.text.split("\n")
    assert "带头遵守宪法和法律，自觉运用法治思维" in speech.text
    for fragment in ("宪法", "和", "“十二五”规划", "12", "13", "14"):
        assert fragment not in lines
    assert "下转" not in speech.text
    assert "(三)加强法治队伍建设" in lines


def test_labels_with_full_width_digits_and_spaces_are_headings():
    text = (
        "在全县春耕工作会议上的讲话\n同志们：\n一、抓好春耕备耕\n"
        "１．保障农资供应\n各乡镇要摸清化肥种子的需求，提前组织调运。\n"
        "２．修好水利设施\n今年要完成十座小水库的除险加固。\n"
        "二 、强化组织保障\n( 一 )压实责任\n县乡两级都要明确专人负责。\n"
    )
    speech = _speech(text.encode(), "讲话.txt")
    paths = {p.text: p.section_path for p in speech.passages(300)}
    assert paths["今年要完成十座小水库的除险加固。"] == (1, 2)  # 一、 › 2．
    assert paths["县乡两级都要明确专人负责。"] == (2, 1)  # 二、 › (一)
    lines = speech.text.split("\n")
    assert {"2．修好水利设施", "二、强化组织保障", "(一)压实责任"} <= set(lines)
