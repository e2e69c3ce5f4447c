"""Why a date cannot be read, said in the reader's language (kirok.records.date_messages)."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from kirok.lib import dates
from kirok.records import date_messages

LIBRARY = Path(dates.__file__).parent


def refusal(read) -> dates.DateError:
    with pytest.raises(dates.DateError) as caught:
        read()
    return caught.value


@pytest.mark.parametrize(
    ("read", "korean"),
    [
        (lambda: dates.parse("주체108(2018)년"), "주체108년은 2018년이 아니라 2019년입니다"),
        (lambda: dates.parse("언젠가"), "“언젠가”에서 날짜를 찾지 못했습니다"),
        (lambda: dates.parse("3월"), "“3월”에는 연도가 없습니다"),
        (lambda: dates.parse("2010년에 잡혀 2012년에 풀려났다"), "날짜가 여럿 있습니다"),
        (lambda: dates.parse("2019-02-30"), "2019-02에는 30일이 없습니다"),
        (lambda: dates.parse("05/06/2019"), "일과 월이 어느 쪽인지 알 수 없습니다"),
        (lambda: dates.parse("March 32, 2020"), "날짜로 읽지만 32"),
        (lambda: dates.parse("1700년"), "1800년부터 2199년까지만 읽습니다"),
        (lambda: dates.parse("six months later"), "다른 날짜로부터 셉니다"),
        (lambda: dates.parse("x" * 1001), "1000자보다 깁니다"),
        (lambda: dates.bounds("2019/2010"), "시작하기 전에 끝납니다"),
    ],
)
def test_a_date_that_cannot_be_read_is_explained_in_korean(read, korean):
    error = refusal(read)
    with translation.override("ko"):
        assert korean in date_messages.explain(error)
    with translation.override("en"):
        assert "'" not in date_messages.explain(error)  # quoted as the pages quote: “…”


def test_every_reason_the_dates_library_gives_has_a_sentence_in_the_table():
    """A new refusal in the library must not reach a Korean page in English."""
    source = "\n".join(
        p.read_text() for p in [LIBRARY / "dates.py", *LIBRARY.glob("date_phrases/*.py")]
    )
    codes = set(re.findall(r'(?:UnparsableDate|InvalidDate)\(\s*(?:#[^\n]*\n\s*)?"(\w+)"', source))
    assert len(codes) >= 20
    assert codes <= set(date_messages._SENTENCES)


def test_the_date_field_says_why_in_the_readers_language(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        "/edit/date-preview/", {"start_date": "주체108(2018)년"}, HTTP_ACCEPT_LANGUAGE="ko"
    )
    page = response.content.decode()
    assert "주체108년은 2018년이 아니라 2019년입니다" in page
    assert "Juche" not in page


def test_a_refusal_survives_pickling_with_its_code_and_reason():
    """Errors cross process boundaries (a worker's result); the code must come along."""
    import pickle

    error = refusal(lambda: dates.parse("주체108(2018)년"))
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just made
    assert (type(copy), copy.code, str(copy)) == (type(error), error.code, str(error))
