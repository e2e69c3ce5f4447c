"""Date phrases in English and Korean read as EDTF (kirok.lib.date_phrases, dates.parse)."""

import contextlib
import datetime as dt
import doctest

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kirok.lib import date_phrases, dates
from kirok.lib.date_phrases import documents
from kirok.lib.dates import UnparsableDate, parse

D = dt.date
ANCHOR = D(2012, 6, 1)  # a Friday

PHRASES = [
    # (phrase, anchor, EDTF, earliest, latest)
    ("March 3, 2020", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("3 March 2020", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("3rd of March, 2020", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("2020.3.3", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("2020. 3. 3.", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("2020-03-03", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("2020/3/3", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("13/04/2020", None, "2020-04-13", D(2020, 4, 13), D(2020, 4, 13)),
    ("2020년 3월 3일", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("２０２０년 ３월 ３일", None, "2020-03-03", D(2020, 3, 3), D(2020, 3, 3)),
    ("2020년 3월", None, "2020-03", D(2020, 3, 1), D(2020, 3, 31)),
    ("Sept. 2010", None, "2010-09", D(2010, 9, 1), D(2010, 9, 30)),
    ("11/2012", None, "2012-11", D(2012, 11, 1), D(2012, 11, 30)),
    ("98년 3월", None, "1998-03", D(1998, 3, 1), D(1998, 3, 31)),
    ("in 2019", None, "2019", D(2019, 1, 1), D(2019, 12, 31)),
    ("2019", None, "2019", D(2019, 1, 1), D(2019, 12, 31)),
    ("sometime in 2012", None, "2012", D(2012, 1, 1), D(2012, 12, 31)),
    ("2012년에", None, "2012", D(2012, 1, 1), D(2012, 12, 31)),
    ("early 2019", None, "2019-01/2019-04", D(2019, 1, 1), D(2019, 4, 30)),
    ("mid-2019", None, "2019-05/2019-08", D(2019, 5, 1), D(2019, 8, 31)),
    ("late 2019", None, "2019-09/2019-12", D(2019, 9, 1), D(2019, 12, 31)),
    ("2019년 중반", None, "2019-05/2019-08", D(2019, 5, 1), D(2019, 8, 31)),
    ("2019년 말", None, "2019-09/2019-12", D(2019, 9, 1), D(2019, 12, 31)),
    ("2019년 상반기", None, "2019-01/2019-06", D(2019, 1, 1), D(2019, 6, 30)),
    ("the second half of 2019", None, "2019-07/2019-12", D(2019, 7, 1), D(2019, 12, 31)),
    ("early November 2012", None, "2012-11-01/2012-11-10", D(2012, 11, 1), D(2012, 11, 10)),
    ("mid-November 2012", None, "2012-11-11/2012-11-20", D(2012, 11, 11), D(2012, 11, 20)),
    ("late November 2012", None, "2012-11-21/2012-11-30", D(2012, 11, 21), D(2012, 11, 30)),
    ("late February 2012", None, "2012-02-21/2012-02-29", D(2012, 2, 21), D(2012, 2, 29)),
    ("the end of March 2010", None, "2010-03-21/2010-03-31", D(2010, 3, 21), D(2010, 3, 31)),
    ("2012년 11월 초", None, "2012-11-01/2012-11-10", D(2012, 11, 1), D(2012, 11, 10)),
    ("2012년 11월 중순", None, "2012-11-11/2012-11-20", D(2012, 11, 11), D(2012, 11, 20)),
    ("2012년 11월 말", None, "2012-11-21/2012-11-30", D(2012, 11, 21), D(2012, 11, 30)),
    ("2012년 11월 초순", None, "2012-11-01/2012-11-10", D(2012, 11, 1), D(2012, 11, 10)),
    ("2012년 11월 하순", None, "2012-11-21/2012-11-30", D(2012, 11, 21), D(2012, 11, 30)),
    ("late 1990s", None, "1997/1999", D(1997, 1, 1), D(1999, 12, 31)),
    ("the mid-1990s", None, "1994/1996", D(1994, 1, 1), D(1996, 12, 31)),
    ("1990년대 후반", None, "1997/1999", D(1997, 1, 1), D(1999, 12, 31)),
    ("1990년대 초반", None, "1990/1993", D(1990, 1, 1), D(1993, 12, 31)),
    ("early 2000s", None, "2000/2003", D(2000, 1, 1), D(2003, 12, 31)),
    ("the 1990s", None, "199X", D(1990, 1, 1), D(1999, 12, 31)),
    ("1990년대", None, "199X", D(1990, 1, 1), D(1999, 12, 31)),
    ("the '90s", None, "199X", D(1990, 1, 1), D(1999, 12, 31)),
    ("the winter of 2017", None, "2017-24", D(2017, 12, 1), D(2018, 2, 28)),
    ("2017년 겨울", None, "2017-24", D(2017, 12, 1), D(2018, 2, 28)),
    ("spring 2015", None, "2015-21", D(2015, 3, 1), D(2015, 5, 31)),
    ("2015년 봄", None, "2015-21", D(2015, 3, 1), D(2015, 5, 31)),
    ("summer of 2016", None, "2016-22", D(2016, 6, 1), D(2016, 8, 31)),
    ("autumn 2016", None, "2016-23", D(2016, 9, 1), D(2016, 11, 30)),
    ("around 2010", None, "2010~", D(2009, 1, 1), D(2011, 12, 31)),
    ("circa 2010", None, "2010~", D(2009, 1, 1), D(2011, 12, 31)),
    ("c. 2010", None, "2010~", D(2009, 1, 1), D(2011, 12, 31)),
    ("2010년경", None, "2010~", D(2009, 1, 1), D(2011, 12, 31)),
    ("2010년 무렵", None, "2010~", D(2009, 1, 1), D(2011, 12, 31)),
    ("about March 2012", None, "2012-03~", D(2012, 2, 1), D(2012, 4, 30)),
    ("around spring 2015", None, "2015-03~/2015-05~", D(2015, 2, 1), D(2015, 6, 30)),
    ("before 2005", None, "../2004", None, D(2004, 12, 31)),
    ("before March 2005", None, "../2005-02", None, D(2005, 2, 28)),
    ("2005년 이전", None, "../2005", None, D(2005, 12, 31)),
    ("2005년 전", None, "../2004", None, D(2004, 12, 31)),
    ("by 2005", None, "../2005", None, D(2005, 12, 31)),
    ("after 2005", None, "2006/..", D(2006, 1, 1), None),
    ("after late November 2012", None, "2012-12/..", D(2012, 12, 1), None),
    ("2005년 이후", None, "2005/..", D(2005, 1, 1), None),
    ("since 2005", None, "2005/..", D(2005, 1, 1), None),
    ("between 2003 and 2005", None, "2003/2005", D(2003, 1, 1), D(2005, 12, 31)),
    ("2003년부터 2005년까지", None, "2003/2005", D(2003, 1, 1), D(2005, 12, 31)),
    ("2003년과 2005년 사이", None, "2003/2005", D(2003, 1, 1), D(2005, 12, 31)),
    ("2003–2005", None, "2003/2005", D(2003, 1, 1), D(2005, 12, 31)),
    ("2003~2005년", None, "2003/2005", D(2003, 1, 1), D(2005, 12, 31)),
    ("from March 2003 to May 2005", None, "2003-03/2005-05", D(2003, 3, 1), D(2005, 5, 31)),
    ("2012?", None, "2012?", D(2011, 1, 1), D(2013, 12, 31)),
    ("probably 2012", None, "2012?", D(2011, 1, 1), D(2013, 12, 31)),
    ("아마 2012년", None, "2012?", D(2011, 1, 1), D(2013, 12, 31)),
    ("2012년으로 추정", None, "2012?", D(2011, 1, 1), D(2013, 12, 31)),
    # Relative phrases, counted from ANCHOR (Friday 1 June 2012) unless another is given.
    ("six months later", ANCHOR, "2012-12", D(2012, 12, 1), D(2012, 12, 31)),
    ("two years ago", ANCHOR, "2010", D(2010, 1, 1), D(2010, 12, 31)),
    ("3 days later", ANCHOR, "2012-06-04", D(2012, 6, 4), D(2012, 6, 4)),
    ("two weeks later", ANCHOR, "2012-06-15", D(2012, 6, 15), D(2012, 6, 15)),
    ("the next year", ANCHOR, "2013", D(2013, 1, 1), D(2013, 12, 31)),
    ("the following spring", ANCHOR, "2013-21", D(2013, 3, 1), D(2013, 5, 31)),
    ("the following spring", D(2012, 2, 1), "2012-21", D(2012, 3, 1), D(2012, 5, 31)),
    ("more than 10 years later", ANCHOR, "2022-06-01/..", D(2022, 6, 1), None),
    ("more than two years ago", ANCHOR, "../2010-06-01", None, D(2010, 6, 1)),
    ("about two years later", ANCHOR, "2014~", D(2013, 1, 1), D(2015, 12, 31)),
    ("a few months later", ANCHOR, "2012-08/2012-10", D(2012, 8, 1), D(2012, 10, 31)),
    ("several years later", ANCHOR, "2015/2019", D(2015, 1, 1), D(2019, 12, 31)),
    ("a couple of years later", ANCHOR, "2014~", D(2013, 1, 1), D(2015, 12, 31)),
    ("a year and a half later", ANCHOR, "2013-12", D(2013, 12, 1), D(2013, 12, 31)),
    ("within two years", ANCHOR, "2012-06-01/2014-06-01", D(2012, 6, 1), D(2014, 6, 1)),
    ("ten-odd years later", ANCHOR, "2022/2027", D(2022, 1, 1), D(2027, 12, 31)),
    ("twenty-one years later", ANCHOR, "2033", D(2033, 1, 1), D(2033, 12, 31)),
    ("two or three years later", ANCHOR, "2014/2015", D(2014, 1, 1), D(2015, 12, 31)),
    ("6개월 후", ANCHOR, "2012-12", D(2012, 12, 1), D(2012, 12, 31)),
    ("2년 전", ANCHOR, "2010", D(2010, 1, 1), D(2010, 12, 31)),
    ("10여 년 후", ANCHOR, "2022/2027", D(2022, 1, 1), D(2027, 12, 31)),
    ("10년이 넘게 지나서", ANCHOR, "2022-06-01/..", D(2022, 6, 1), None),
    ("이듬해", ANCHOR, "2013", D(2013, 1, 1), D(2013, 12, 31)),
    ("다음 해 봄", ANCHOR, "2013-21", D(2013, 3, 1), D(2013, 5, 31)),
    ("두 달 뒤", ANCHOR, "2012-08", D(2012, 8, 1), D(2012, 8, 31)),
    ("몇 년 후", ANCHOR, "2014/2016", D(2014, 1, 1), D(2016, 12, 31)),
    ("여러 해가 지나서", ANCHOR, "2015/2019", D(2015, 1, 1), D(2019, 12, 31)),
    ("삼 년 후", ANCHOR, "2015", D(2015, 1, 1), D(2015, 12, 31)),
    ("열 달 뒤", ANCHOR, "2013-04", D(2013, 4, 1), D(2013, 4, 30)),
    ("1년 반 뒤", ANCHOR, "2013-12", D(2013, 12, 1), D(2013, 12, 31)),
    ("이틀 후", ANCHOR, "2012-06-03", D(2012, 6, 3), D(2012, 6, 3)),
    ("약 2년 후", ANCHOR, "2014~", D(2013, 1, 1), D(2015, 12, 31)),
    ("3년 이내", ANCHOR, "2012-06-01/2015-06-01", D(2012, 6, 1), D(2015, 6, 1)),
    ("next Tuesday", ANCHOR, "2012-06-05", D(2012, 6, 5), D(2012, 6, 5)),
    ("다음 주 화요일", ANCHOR, "2012-06-05", D(2012, 6, 5), D(2012, 6, 5)),
    ("이튿날", ANCHOR, "2012-06-02", D(2012, 6, 2), D(2012, 6, 2)),
    ("그해 겨울", ANCHOR, "2012-24", D(2012, 12, 1), D(2013, 2, 28)),
    ("that winter", D(2013, 1, 15), "2012-24", D(2012, 12, 1), D(2013, 2, 28)),
    ("이듬해 3월 5일", ANCHOR, "2013-03-05", D(2013, 3, 5), D(2013, 3, 5)),
    ("the following March", ANCHOR, "2013-03", D(2013, 3, 1), D(2013, 3, 31)),
    ("March", ANCHOR, "2012-03", D(2012, 3, 1), D(2012, 3, 31)),
    ("3월", ANCHOR, "2012-03", D(2012, 3, 1), D(2012, 3, 31)),
]


@pytest.mark.parametrize(
    ("phrase", "anchor", "edtf", "earliest", "latest"), PHRASES, ids=[p[0] for p in PHRASES]
)
def test_a_phrase_reads_as_its_edtf_value_and_bounds(phrase, anchor, edtf, earliest, latest):
    found = parse(phrase, anchor=anchor)
    assert (found.edtf, found.earliest, found.latest) == (edtf, earliest, latest)
    assert dates.bounds(found.edtf) == dates.DateBounds(edtf, earliest, latest)


def test_the_table_covers_both_languages_widely():
    korean = [p for p in PHRASES if any("가" <= c <= "힣" for c in p[0])]
    assert len(PHRASES) >= 60 and len(korean) >= 25


def test_the_date_is_found_inside_a_sentence_and_its_phrase_returned():
    found = parse("He was taken by the MSS in early November 2012.")
    assert (found.edtf, found.text) == ("2012-11-01/2012-11-10", "early November 2012")
    assert parse("그는 2012년 11월 초에 끌려갔다").text == "2012년 11월 초"


def test_the_result_is_a_date_bounds_with_the_text():
    found = parse("2012년 11월 초")
    assert isinstance(found, dates.DateBounds)
    assert isinstance(found, dates.DateParse)
    assert found.text == "2012년 11월 초"


def test_the_language_can_be_restricted():
    assert parse("March 2020", language="en").edtf == "2020-03"
    assert parse("2020년 3월", language="ko").edtf == "2020-03"
    assert parse("2020-03-03", language="ko").edtf == "2020-03-03"
    with pytest.raises(UnparsableDate, match="language='en'"):
        parse("2020년 3월", language="en")
    with pytest.raises(ValueError, match="language must be one of"):
        parse("2020", language="fr")


@pytest.mark.parametrize(
    ("phrase", "anchor", "reason"),
    [
        ("", None, "empty"),
        ("   ", None, "empty"),
        ("xyzzy", None, "No date found"),
        ("March", None, "has no year"),
        ("early November", None, "has no year"),
        ("3월", None, "has no year"),
        ("next Tuesday", None, "needs an anchor date"),
        ("six months later", None, "needs an anchor date"),
        ("more than ten years later", None, "needs an anchor date"),
        ("이듬해", None, "needs an anchor date"),
        ("10년이 넘게 지나서", None, "needs an anchor date"),
        ("the following spring", None, "needs an anchor date"),
        ("03/04/2020", None, "either way round"),
        ("2020-02-30", None, "has no day 30"),
        ("2019년 2월 29일", None, "has no day 29"),
        ("arrested in 2010, released in 2012", None, "several dates"),
        ("March 32, 2020", None, "not 32"),
        ("between 2005 and 2003", None, "ends before it starts"),
        ("in 1750", None, "only years from 1800 to 2199"),
        ("x" * 2000, None, "longer than"),
    ],
)
def test_an_unreadable_phrase_is_refused_with_a_reason(phrase, anchor, reason):
    with pytest.raises(UnparsableDate, match=reason):
        parse(phrase, anchor=anchor)


def test_unparsable_date_is_a_value_error():
    assert issubclass(UnparsableDate, ValueError)


def test_a_relative_phrase_keeps_the_precision_of_its_unit():
    assert parse("3 days later", anchor=ANCHOR).edtf == "2012-06-04"
    assert parse("3 months later", anchor=ANCHOR).edtf == "2012-09"
    assert parse("3 years later", anchor=ANCHOR).edtf == "2015"


def test_the_module_examples_run():
    assert doctest.testmod(date_phrases).failed == 0
    assert doctest.testmod(dates).failed == 0
    assert doctest.testmod(documents).failed == 0


# Properties ---------------------------------------------------------------------------------

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1][:3]}. {d.day} {d.year}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}. {d.month}. {d.day}.",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}년 {d.month}월 {d.day}일",
    lambda d: f"{d.year}년{d.month}월{d.day}일",
    lambda d: f"{d.year}년 {d.month}월 {d.day}일".translate(FULL_WIDTH),
]
DAYS = st.dates(min_value=D(1800, 1, 1), max_value=D(2199, 12, 31))
# No deadlines: the first check of each new EDTF value runs edtf's parser (5-15 ms, more on a
# cold start); fewer examples where every example makes several new values.


@settings(deadline=None)
@given(DAYS, st.sampled_from(FORMATS))
def test_a_day_written_in_any_supported_format_reads_back_to_the_same_day(day, write):
    found = parse(write(day))
    assert (found.edtf, found.earliest, found.latest) == (day.isoformat(), day, day)


@settings(max_examples=40, deadline=None)
@given(DAYS)
def test_a_day_month_year_with_an_unambiguous_order_reads_back(day):
    assume(day.day > 12 or day.day == day.month)
    assert parse(f"{day.day}/{day.month}/{day.year}").edtf == day.isoformat()


@settings(max_examples=40, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=400))
def test_n_days_later_and_ago_land_on_the_right_day(anchor, count):
    assume(D(1800, 1, 1) + dt.timedelta(days=count) <= anchor <= D(2199, 1, 1))
    assert parse(f"{count} days later", anchor=anchor).earliest == anchor + dt.timedelta(count)
    assert parse(f"{count}일 전", anchor=anchor).latest == anchor - dt.timedelta(count)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1800, max_value=2199), st.integers(min_value=1, max_value=12))
def test_early_mid_and_late_tile_a_month(year, month):
    early, mid, late = (
        parse(f"{part} {MONTH_NAMES[month - 1]} {year}") for part in ("early", "mid", "late")
    )
    assert early.earliest == D(year, month, 1)
    assert mid.earliest == early.latest + dt.timedelta(days=1)
    assert late.earliest == mid.latest + dt.timedelta(days=1)
    assert late.latest == dates.bounds(f"{year:04d}-{month:02d}").latest


WORDS = [
    "early", "mid", "late", "the", "of", "in", "between", "and", "from", "to", "before", "after",
    "around", "c.", "probably", "more than", "within", "a few", "several", "two", "ten", "a",
    "half a", "and a half", "years", "months", "days", "weeks", "later", "ago", "next",
    "following", "previous", "that", "spring", "winter", "March", "May", "November", "Tuesday",
    "2012", "1999", "1990s", "'98", "2003-2005", "2020-03", "3", "31", "13/04/2020", "?", "~",
    "-", ",", "년", "월", "일", "2012년", "11월", "3일", "초", "중순", "말", "후반", "1990년대",
    "봄", "겨울", "경", "무렵", "이전", "이후", "부터", "까지", "전", "후", "뒤", "이듬해", "다음",
    "해", "그해", "몇", "여러", "두", "열", "10여", "개월", "달", "넘게", "지나서", "만에", "반",
    "이틀", "아마", "추정", "화요일",
]  # fmt: skip
ANCHORS = st.one_of(st.none(), st.dates(min_value=D(1850, 1, 1), max_value=D(2150, 12, 31)))


@settings(deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5), st.booleans(), ANCHORS)
def test_every_value_produced_is_valid_edtf_with_ordered_bounds(words, spaced, anchor):
    text = (" " if spaced else "").join(words)
    try:
        found = parse(text, anchor=anchor)
    except UnparsableDate:
        return
    assert dates.bounds(found.edtf).edtf == found.edtf
    assert found.earliest is None or found.latest is None or found.earliest <= found.latest
    assert found.text and found.text in text


@settings(deadline=None)
@given(st.text(max_size=60), ANCHORS)
def test_any_text_is_read_or_refused_with_unparsable_date(text, anchor):
    # Any other exception (IndexError, KeyError, InvalidDate …) fails the test.
    with contextlib.suppress(UnparsableDate):
        parse(text, anchor=anchor)


def test_find_all_gives_every_date_of_a_document_with_its_offsets():
    # parse() refuses a text with two dates; a document has many, each read with its anchor.
    from kirok.lib.date_phrases.parsing import find_all

    text = "2019년 3월 초 체포되었고, 작년 겨울 석방되었다. Released in early November 2012."
    found = find_all(text)
    assert [text[p.start : p.end] for p in found] == [p.text for p in found]
    assert [p.text for p in found] == ["2019년 3월 초", "작년 겨울", "early November 2012"]
    assert found[0].edtf() == "2019-03-01/2019-03-10"
    assert found[1].edtf(dt.date(2020, 6, 1)) == "2019-24"
    with pytest.raises(UnparsableDate):
        found[1].edtf()  # "last winter" needs an anchor


def test_find_all_refuses_an_unknown_language():
    from kirok.lib.date_phrases.parsing import find_all

    with pytest.raises(ValueError, match="language"):
        find_all("2012", "fr")


DOCUMENT_PHRASES = [
    # (phrase as a North Korean or Chinese document writes it, EDTF)
    ("주체108(2019)년 3월 12일", "2019-03-12"),  # Juche year and Gregorian year together
    ("주체108년 3월", "2019-03"),  # the Juche year alone
    ("주체 91년", "2002"),
    ("Juche 108 (2019)", "2019"),
    ("2019年3月12日", "2019-03-12"),
    ("二〇一九年三月十五日", "2019-03-15"),  # Chinese numerals
    ("2019年12月二十五日", "2019-12-25"),
    ("2019年3月上旬", "2019-03-01/2019-03-10"),
    ("2019年3月下旬", "2019-03-21/2019-03-31"),
    ("2019年底", "2019-09/2019-12"),
    ("2019年春季", "2019-21"),
    ("2019年上半年", "2019-01/2019-06"),
    ("2010年左右", "2010~"),
    ("约2010年", "2010~"),
    ("2010年以前", "../2010"),
    ("1990年代末", "1997/1999"),
    ("2019年3月至2020年5月", "2019-03/2020-05"),
]


@pytest.mark.parametrize(("phrase", "edtf"), DOCUMENT_PHRASES, ids=[p[0] for p in DOCUMENT_PHRASES])
def test_dates_as_north_korean_and_chinese_documents_write_them(phrase, edtf):
    found = parse(phrase)
    assert (found.edtf, found.text) == (edtf, phrase)


def test_a_chinese_document_gives_its_dates_where_they_stand():
    text = "朝鲜籍女子金惠松于2019年3月12日被拘留，2019年春被遣返。日本方面未回应。"
    assert [(p.text, p.edtf()) for p in date_phrases.parsing.find_all(text)] == [
        ("2019年3月12日", "2019-03-12"),
        ("2019年春", "2019-21"),
    ]


def test_a_juche_year_that_disagrees_with_the_year_beside_it_is_refused():
    with pytest.raises(UnparsableDate, match="Juche 108 is 2019, not 2018"):
        parse("주체108(2018)년 3월")


RANGES_SHARING_A_YEAR = [
    # (phrase, EDTF): one end gives the year, the other takes it
    ("2019년 3월 12일부터 4월 5일까지", "2019-03-12/2019-04-05"),
    ("2019년 3월~5월", "2019-03/2019-05"),
    ("2018년 12월부터 2월까지", "2018-12/2019-02"),  # across New Year
    ("2020년 2월 29일부터 1월 5일까지", "2020-02-29/2021-01-05"),  # from a leap day
    ("12 March - 5 April 2019", "2019-03-12/2019-04-05"),
    ("from 12 March to 5 April 2019", "2019-03-12/2019-04-05"),
    ("March 3 to April 5, 2019", "2019-03-03/2019-04-05"),
    ("March to May 2019", "2019-03/2019-05"),  # was read as May 2019 alone
    ("between March and May 2019", "2019-03/2019-05"),
    ("December to February 2019", "2018-12/2019-02"),
    ("2019年3月12日至4月5日", "2019-03-12/2019-04-05"),
]


@pytest.mark.parametrize(
    ("phrase", "edtf"), RANGES_SHARING_A_YEAR, ids=[p[0] for p in RANGES_SHARING_A_YEAR]
)
def test_a_range_whose_one_end_gives_the_year_reads_it_for_both(phrase, edtf):
    assert parse(phrase).edtf == edtf
    # The year the text gives wins over the anchor (a document's date) for the other end.
    assert parse(phrase, anchor=D(2023, 6, 1)).edtf == edtf


@pytest.mark.parametrize("phrase", ["March or May 2019", "In May he was taken, 2019"])
def test_a_month_name_left_beside_the_date_is_refused_not_dropped(phrase):
    with pytest.raises(UnparsableDate, match="is read as the date, but not"):
        parse(phrase)


def test_may_the_verb_is_not_taken_for_a_month():
    assert parse("He may have been taken in 2019").edtf == "2019"
