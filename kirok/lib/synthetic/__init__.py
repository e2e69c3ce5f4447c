"""Synthetic, fictional demo data for Kirok: persons, incidents, sources and evidence.

Pure Python without Django, deterministic (the same seed and scale always give the same data
set; only ``random.Random(seed)`` is used, never the global generator or the clock).

>>> from kirok.lib.synthetic import generate
>>> data = generate(seed=1, scale=1)
>>> data == generate(seed=1, scale=1)
True
>>> all(e.quote == {s.key: s for s in data.sources}[e.source].text[e.start:e.end]
...     for e in data.evidence)
True

Every person in it is fictional, and every person record says so in its notes. The hidden
``true_person_key`` of each record tells which records describe the same (fictional) human
being, for evaluating record linkage; it is not stored in the database.

Layout: ``world`` invents people and what happened to them, ``source_plans`` decides which
sources tell which story, ``person_records`` turns mentions into (sometimes duplicate)
person records, ``prose``/``telling``/``documents`` write the texts with evidence offsets,
``assembly`` puts it together. ``hangul`` and ``names`` romanize and spell Korean names.
"""

from kirok.lib.synthetic.assembly import generate
from kirok.lib.synthetic.dataset import (
    FICTION_NOTE,
    DemoAct,
    DemoDataset,
    DemoEvidence,
    DemoIncident,
    DemoName,
    DemoPerpetrator,
    DemoPerson,
    DemoProceeding,
    DemoRelation,
    DemoSource,
)
from kirok.lib.synthetic.hangul import romanize, romanize_given_name, romanize_syllable

__all__ = [
    "FICTION_NOTE",
    "DemoAct",
    "DemoDataset",
    "DemoEvidence",
    "DemoIncident",
    "DemoName",
    "DemoPerpetrator",
    "DemoPerson",
    "DemoProceeding",
    "DemoRelation",
    "DemoSource",
    "generate",
    "romanize",
    "romanize_given_name",
    "romanize_syllable",
]
