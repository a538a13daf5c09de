"""A speech named by its whole title, a congress ("十五大") inside the title words: the title
is read whole, as the user copied it, with or without book-title marks."""

from __future__ import annotations

import pytest
from conftest import library_fixture

SPEECHES = {
    "unite.txt": (
        "为实现党的十五大确定的目标任务而团结奋斗\n同志们：\n"
        "这里，我讲几点意见。\n第一，深刻认识形势，始终保持清醒。形势复杂多变。\n"
        "第二，继续推进理论创新，提高理论水平。理论创新没有止境。\n"
        "第三，扎实推进各项部署。部署要落实。\n"
    ),
    "other.txt": (
        "在学习贯彻党的十五大精神研讨班上的讲话\n同志们：\n"
        "第一，认真学习。学习要深入。\n第二，抓好落实。落实要有力。\n"
    ),
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    "point",
    [
        "《为实现党的十五大确定的目标任务而团结奋斗》第二点",
        "为实现党的十五大确定的目标任务而团结奋斗第二点",
        "为实现党的十五大确定的目标任务而团结奋斗的第二点",
    ],
)
def test_a_speech_named_by_its_whole_title(library, point):
    result = library.quote(point)
    assert result.quote is not None, (point, result.candidates)
    assert library.speech(result.quote.speech_id).source == "unite.txt"
    assert result.quote.text.startswith("第二，继续推进理论创新")
