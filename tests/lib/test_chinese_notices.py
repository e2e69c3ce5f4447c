"""Fictional Chinese detention notices for the demo (kirok.lib.synthetic.chinese_notices)."""

import datetime as dt
import doctest
import random

from kirok.lib import dates
from kirok.lib.date_phrases.parsing import find_all
from kirok.lib.names import comparison_key, mentions
from kirok.lib.synthetic import chinese_notices, names


def test_the_examples_in_the_docstring_hold():
    assert doctest.testmod(chinese_notices).failed == 0


def test_every_demo_name_can_be_written_in_characters_that_read_back_as_it():
    rng = random.Random(3)
    for surname, _share in names.SURNAMES:
        for syllables in names._GIVEN_SYLLABLES.values():
            given = rng.choice(syllables[0]) + rng.choice(syllables[1])
            hanzi = chinese_notices.hanzi_name(surname + given)
            assert hanzi is not None, surname + given
            assert comparison_key(hanzi) == comparison_key(surname + given)


def test_a_notice_names_the_person_and_dates_the_arrest_as_a_chinese_record_does():
    notice = chinese_notices.write(
        random.Random(1), "金惠松", True, 1984, dt.date(2015, 3, 12), "图们市"
    )
    assert "朝鲜籍女子金惠松（1984年出生）" in notice.text and "fictional" in notice.text
    key = comparison_key("Kim Hye-song")
    assert [notice.text[m.start : m.end] for m in mentions.naming(notice.text, key)][:1] == [
        "金惠松"
    ]
    found = {p.text: p.edtf() for p in find_all(notice.text)}
    assert found["2015年3月12日"] == "2015-03-12"
    signed = notice.text.strip().splitlines()[-1]
    assert dates.parse(signed).edtf == notice.issued.isoformat()
