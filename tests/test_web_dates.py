"""EDTF dates in words, in English and Korean."""

import pytest
from django.utils import translation

from kirok.web.dates import describe


@pytest.mark.parametrize(
    ("value", "english", "korean"),
    [
        ("2012", "2012", "2012년"),
        ("2012-11", "November 2012", "2012년 11월"),
        ("2012-11-05", "5 November 2012", "2012년 11월 5일"),
        ("2019~", "about 2019", "2019년경"),
        ("2012-11~", "about November 2012", "2012년 11월경"),
        ("2012?", "2012 (uncertain)", "2012년(불확실)"),
        ("2012%", "about 2012 (uncertain)", "2012년경(불확실)"),
        ("2012-21", "spring 2012", "2012년 봄"),
        ("201X", "the 2010s", "2010년대"),
        (
            "2012-11-01/2012-11-10",
            "1 November 2012 to 10 November 2012",
            "2012년 11월 1일부터 2012년 11월 10일까지",
        ),
        ("../2019", "2019 or earlier", "2019년 또는 그 이전"),
        ("..2019", "2019 or earlier", "2019년 또는 그 이전"),
        ("2005/..", "2005 or later", "2005년 또는 그 이후"),
        ("/2019", "unknown start to 2019", "시작 미상 ~ 2019년"),
        ("[2001,2003]", "one of: 2001, 2003", "다음 중 하나: 2001년, 2003년"),
    ],
)
def test_an_edtf_date_reads_naturally_in_both_languages(value, english, korean):
    with translation.override("en"):
        assert describe(value) == english
    with translation.override("ko"):
        assert describe(value) == korean


@pytest.mark.parametrize("value", ["2004-06~-11", "[..2019]", "19XX"])
def test_an_unusual_shape_is_shown_as_it_is(value):
    with translation.override("en"):
        assert describe(value) == value


def test_an_empty_date_is_empty():
    assert describe("") == ""
