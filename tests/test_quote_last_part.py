""" "最後一部分" of a council's record: the last part of the address, not an item of the motion
the council took up after it."""

from __future__ import annotations

import pytest
from conftest import library_fixture

BODY = "政府會繼續推行各項措施，改善市民生活，促進經濟發展，令社會更加和諧。"

RECORD = f"""主席：我現在請行政長官發表施政報告。
行政長官：主席、各位議員、各位市民：
(一) 引言
{BODY}
(二) 經濟
{BODY}
(三) 結語
{BODY}
主席：行政長官已向本會發表施政報告。
主席：議員議案。
甲議員：主席，我謹動議通過以下議案：
(1) 《2013年古物及古蹟公告》。
{BODY}
"""


library = library_fixture({"council.txt": RECORD})


@pytest.mark.parametrize("point", ["最後一部分", "最后一部分"])
def test_the_last_part_is_the_addresss_own(library, point):
    result = library.quote(point, speech_id=library.list()[0].id)
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    assert result.quote.text.startswith("(三) 結語")
