"""A victim's age group at the time of the incident, from two uncertain dates.

Birth dates are encrypted; outside the encryption Kirok keeps only the years of their
earliest and latest possible days (kirok.records.fields.EncryptedEdtfField). The incident's
start date keeps its earliest and latest day. So the age is known as a range:

    youngest = (first possible year of the incident) − (last possible birth year) − 1
    oldest   = (last possible year of the incident) − (first possible birth year)

(the −1 because the birthday may not have come yet that year). A victim is placed in an age
group only when the whole range lies inside it: born "1975" and taken in "2012-11" is 36–37,
so 30–39; born "1994" and taken in 2012 is 17–18, which is counted as **uncertain**, because
we cannot honestly say whether a minor was taken. Missing dates count as **unknown**.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, label, youngest, oldest); codes are the ``age_group`` filter values.
AGE_GROUPS = (
    ("0-17", _("Under 18"), 0, 17),
    ("18-29", _("18–29"), 18, 29),
    ("30-39", _("30–39"), 30, 39),
    ("40-49", _("40–49"), 40, 49),
    ("50-59", _("50–59"), 50, 59),
    ("60+", _("60 and over"), 60, 200),
)
UNCERTAIN, UNKNOWN = "uncertain", "unknown"
AGE_GROUP_LABELS = {
    **{code: label for code, label, _young, _old in AGE_GROUPS},
    UNCERTAIN: _("Uncertain"),
    UNKNOWN: _("Unknown"),
}
AGE_GROUP_CODES = tuple(AGE_GROUP_LABELS)


def age_range(birth_years: tuple[int, int], event_years: tuple[int, int]) -> tuple[int, int]:
    """The youngest and oldest a person can have been, in whole years.

    >>> age_range((1975, 1975), (2012, 2012))
    (36, 37)
    """
    youngest = max(0, event_years[0] - birth_years[1] - 1)
    return youngest, event_years[1] - birth_years[0]


def age_group(birth_years: tuple[int, int] | None, event_years: tuple[int, int] | None) -> str:
    """The age group code for these years (see the module docstring).

    kirok.facts.counting applies the same rule to every act at once, in numpy; a test
    compares the two over every combination of years in a range.

    >>> age_group((1994, 1994), (2012, 2012))
    'uncertain'
    """
    if birth_years is None or event_years is None:
        return UNKNOWN
    youngest, oldest = age_range(birth_years, event_years)
    if oldest < 0:
        return UNKNOWN
    for code, _label, low, high in AGE_GROUPS:
        if low <= youngest and oldest <= high:
            return code
    return UNCERTAIN
