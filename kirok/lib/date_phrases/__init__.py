"""Read English and Korean date phrases from testimonies as EDTF values with bounds (and
the dates of North Korean and Chinese documents).

>>> parse("early November 2012").edtf
'2012-11-01/2012-11-10'
>>> parse("1990년대 후반").edtf, parse("the winter of 2017").latest
('1997/1999', datetime.date(2018, 2, 28))
>>> parse("10년이 넘게 지나서", anchor=dt.date(2012, 6, 1)).edtf
'2022-06-01/..'

Why rules and not a library such as dateparser: a testimony's date is evidence, so every
phrase must map to one documented EDTF form and anything else must be refused with a reason.
General parsers fill gaps from today's date and guess the day/month order, which is exactly
what must not happen here. Regular expressions per language (the tables below) are
predictable, testable phrase by phrase and easy to extend.

The parser looks for date phrases inside the text and takes the longest; a text with two
separate dates ("arrested in 2010, released in 2012") is refused rather than one picked.
Text that is already EDTF ("2012-11", "2019~") is taken as it is; in phrases, years run from
1800 to 2199, and a number left over beside the date ("March 32, 2020") is refused.

Conventions (early/mid/late are thirds, so that they tile the period without gaps):

* Month (초순/중순/하순, 초/말): days 1–10, 11–20, 21–end.
* Year (초/중반/말): Jan–Apr, May–Aug, Sep–Dec, so mid-2019 is ``2019-05/2019-08``;
  first/second half (상반기/하반기): Jan–Jun, Jul–Dec.
* Decade (초반/중반/후반): years 0–3, 4–6, 7–9 (late 1990s ``1997/1999``); "the 2000s" is the
  decade 2000–2009, never the century; "the 1990s" is ``199X``.
* Seasons are EDTF codes 21–24 (spring Mar–May … winter Dec–Feb). "winter of 2017" and
  "2017년 겨울" are ``2017-24``: the winter that begins in December 2017 and ends in
  February 2018, as meteorological seasons run (and as ``bounds`` reads code 24).
* Approximate (around, c., 경, 무렵, 쯤) appends ``~``; uncertain (``?``, probably, 아마) ``?``.
  A season cannot carry them in EDTF, so "around spring 2015" becomes ``2015-03~/2015-05~``.
* English "before 2005"/"after 2005" exclude 2005 (``../2004``, ``2006/..``); "by", "until",
  "since" and "from" include it. Korean 이전/이후/까지/부터 include it, as Korean legal usage
  does (``../2005``, ``2005/..``), and it is the wider, safer reading; bare 전/후 exclude it.
* Relative phrases need an anchor date and keep their unit's precision: "six months later"
  is a month, "two years ago" a year, "3 days later" a day. "more than N … later" is an open
  interval from exactly anchor + N (``2022-06-01/..``); "within N …" runs from the anchor
  to anchor + N; "about", "nearly", 쯤, 가까이 add ``~``.
* Vague counts are ranges: "a few"/몇/수 2–4, "several"/여러 3–7, "N-odd"/N여 N to 1.5 N;
  "a couple of"/두어 is about 2 (``~``). Halves move to the smaller unit (1년 반: 18 months).
* A month or season with no year (March, 3월, "early November") takes the anchor's year,
  and is refused without an anchor. "the following spring" is the first one after the
  anchor; 이듬해 봄 / 다음 해 봄 is the spring of the year after the anchor's.
* North Korean and Chinese documents' forms are read as their Korean equivalents (see
  kirok.lib.date_phrases.documents): the Juche year (주체108년 is 2019; "주체108(2018)년" is
  refused, its two years disagree) and 2019年3月上旬, 二〇一九年三月十五日, 2019年底, 2010年左右.
* Two-digit years (98년 3월, '98) are read as 1930–2029. "2003-05" is ISO May 2003, not
  2003–2005; numeric day/month orders are read only when unambiguous (13/04/2020).
"""

from __future__ import annotations

import datetime as dt  # noqa: F401  (the examples above use it)

from kirok.lib.date_phrases.parsing import LANGUAGES, MAX_LENGTH, parse

__all__ = ["LANGUAGES", "MAX_LENGTH", "parse"]
