"""EDTF values and their calendar bounds (kirok.lib.dates)."""

import datetime as dt

import pytest

from kirok.lib import dates


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2012-11", dt.date(2012, 11, 1), dt.date(2012, 11, 30)),
        ("2012-11-03", dt.date(2012, 11, 3), dt.date(2012, 11, 3)),
        ("2019~", dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
        ("2012-11~", dt.date(2012, 10, 1), dt.date(2012, 12, 31)),
        ("2012-11-01/2012-11-10", dt.date(2012, 11, 1), dt.date(2012, 11, 10)),
        ("../2019", None, dt.date(2019, 12, 31)),
        ("..2019", None, dt.date(2019, 12, 31)),
        ("2019/..", dt.date(2019, 1, 1), None),
        ("199X", dt.date(1990, 1, 1), dt.date(1999, 12, 31)),
        ("2012-21", dt.date(2012, 3, 1), dt.date(2012, 5, 31)),
        ("2016-24", dt.date(2016, 12, 1), dt.date(2017, 2, 28)),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("[2001,2003]", dt.date(2001, 1, 1), dt.date(2003, 12, 31)),
    ],
)
def test_an_edtf_value_gives_its_earliest_and_latest_day(text, earliest, latest):
    found = dates.bounds(text)
    assert (found.earliest, found.latest) == (earliest, latest)


@pytest.mark.parametrize(
    "text", ["", "abc", "2012-13", "2012-11-31", "2019-02-29", "2010/2005", "12 March 2012"]
)
def test_an_impossible_or_malformed_date_is_refused(text):
    with pytest.raises(dates.InvalidDate):
        dates.bounds(text)


def test_open_ends_overlap_everything():
    assert dates.overlaps(dates.bounds("../2019"), dates.bounds("1950"))
    assert not dates.overlaps(dates.bounds("2012"), dates.bounds("2014/2015"))


def test_the_pure_libraries_work_where_django_cannot_be_imported():
    # edtf looks for Django settings opportunistically, so "no django in sys.modules" would
    # test edtf, not us; instead block Django entirely and use the libraries.
    import subprocess
    import sys

    code = """
import sys
class BlockDjango:
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError("django is blocked")
sys.meta_path.insert(0, BlockDjango())
import datetime
from kirok.lib import date_phrases, dates, gazetteer, places
assert dates.bounds("2012-11").latest.day == 30
assert gazetteer.entries_by_id()["KP-10"].country_code == "KP"
assert places.find("Hyesan, Ryanggang")[0].place_id == "KP-10-hyesan-si"
assert dates.parse("2012년 11월 초").edtf == "2012-11-01/2012-11-10"
later = date_phrases.parse("six months later", anchor=datetime.date(2012, 6, 1))
assert later.edtf == "2012-12"
assert not any(name == "django" or name.startswith("django.") for name in sys.modules)
"""
    subprocess.run([sys.executable, "-c", code], check=True)
