"""Validate the labelled extraction set and score an extractor on it (issue 7, "Evaluation").

Run: ``.venv/bin/python bench/extraction.py [--set DIR] [--only NN] [--validate-only] [--json]``.

1. Load every document of the set (tests/data/extraction/: ``NN_slug.txt|md|html`` and its
   ``NN_slug.json``) and validate the labels: schema, type and organisation codes, gazetteer
   ids with their country and province, EDTF dates whose bounds are those written, and
   evidence offsets that cut exactly the quoted words out of the document's text (the file
   read as UTF-8, unchanged, markup included). A wrong offset is reported with the offset
   where the quote actually is, so that it can be fixed by hand.
2. If ``kirok.lib.extraction.extract`` can be imported, call it on every document and score:
   incident precision and recall (a proposal matches an expected incident when they share a
   violation type and an evidence span overlaps; one-to-one, greedy, largest overlap first),
   the accuracy of each field over matched incidents, and documents per second. Without the
   extractor the run stops after validation and says so.

Field accuracy over matched pairs: ``types`` (sets equal), ``date`` (the proposal's earliest
and latest lie inside the expected range), ``place_id``, ``country``, ``admin1``, ``org``,
``count_min``, ``count_max`` and ``victim_names`` (sets of names equal, case and spaces
ignored). An expected null is met only by a null (or absent) proposal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kirok.lib import dates, gazetteer

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "extraction"
TEXT_SUFFIXES = (".txt", ".md", ".html")

VIOLATION_TYPES = (
    "abduction",
    "arrest",
    "forced_repatriation",
    "arbitrary_detention",
    "enforced_disappearance",
    "torture",
    "execution",
    "forced_labour",
    "sexual_violence",
    "family_punishment",
    "surveillance",
    "coerced_informant",
)
ORGS = ("MSS", "MPS", "border_guard", "KPA", "WPK", "CN_public_security", "other", "unknown")
STYLES = ("news", "feature", "testimony", "ngo_report", "partner_list", "no_incident")
LANGS = ("en", "ko", "zh")
VICTIM_KEYS = {"name", "pseudonym", "sex", "age", "relationship"}
SEXES = ("F", "M")
INCIDENT_KEYS = {"types", "date", "place", "perpetrator", "victim_count", "victims", "evidence"}
FIELDS = (
    "types",
    "date",
    "place_id",
    "country",
    "admin1",
    "org",
    "count_min",
    "count_max",
    "victim_names",
)
# The goals on this set.
GOAL_RECALL, GOAL_PRECISION, GOAL_FIELD, GOAL_DOCS_PER_SECOND = 0.85, 0.8, 0.9, 20.0

Extractor = Callable[..., dict]


@dataclass
class Document:
    """One labelled document: its number, text and expected labels."""

    number: str
    name: str
    text: str
    labels: dict[str, Any]

    @property
    def published(self) -> dt.date | None:
        value = self.labels.get("published")
        return dt.date.fromisoformat(value) if isinstance(value, str) else None


# ---------------------------------------------------------------- loading


def load_set(directory: Path, only: Iterable[str] = ()) -> list[Document]:
    """Every document of the set (text file + JSON labels), sorted by number."""
    wanted = {number.zfill(2) for number in only}
    documents = []
    for label_path in sorted(directory.glob("[0-9]*_*.json")):
        number = label_path.name.split("_", 1)[0]
        if wanted and number not in wanted:
            continue
        text_path = _text_file(label_path)
        text = text_path.read_text(encoding="utf-8") if text_path else ""
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        name = text_path.name if text_path else label_path.name
        documents.append(Document(number, name, text, labels))
    return documents


def _text_file(label_path: Path) -> Path | None:
    for suffix in TEXT_SUFFIXES:
        candidate = label_path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


# ---------------------------------------------------------------- validation


def validate_document(document: Document) -> list[str]:
    """Every problem with one document's labels, as readable messages (empty: valid)."""
    labels, problems = document.labels, []
    if not document.text:
        return [f"{document.name}: no text file beside the labels (or it is empty)"]
    problems += _check_header(labels)
    incidents = labels.get("incidents")
    if not isinstance(incidents, list):
        return [*problems, "'incidents' must be a list"]
    for index, incident in enumerate(incidents):
        problems += [f"incident {index}: {p}" for p in validate_incident(incident, document.text)]
    return [f"{document.name}: {p}" for p in problems]


def _check_header(labels: dict) -> list[str]:
    problems = []
    published = labels.get("published")
    if published is not None:
        try:
            dt.date.fromisoformat(published)
        except (TypeError, ValueError):
            problems.append(f"published {published!r} is not YYYY-MM-DD or null")
    if labels.get("lang") not in LANGS:
        problems.append(f"lang {labels.get('lang')!r} is not one of {LANGS}")
    if labels.get("style") not in STYLES:
        problems.append(f"style {labels.get('style')!r} is not one of {STYLES}")
    return problems


def validate_incident(incident: dict, text: str) -> list[str]:
    """Problems with one expected (or proposed) incident against the document's text."""
    if not isinstance(incident, dict):
        return ["an incident must be an object"]
    keys = set(incident) - {"confidence"}
    if keys != INCIDENT_KEYS:
        return [f"keys {sorted(keys)} differ from {sorted(INCIDENT_KEYS)}"]
    return [
        *_check_types(incident["types"]),
        *_check_date(incident["date"], text),
        *_check_place(incident["place"], text),
        *_check_perpetrator(incident["perpetrator"], text),
        *_check_count(incident["victim_count"], text),
        *_check_victims(incident["victims"], text),
        *_check_evidence(incident["evidence"], text),
    ]


def _check_types(types: Any) -> list[str]:
    if not isinstance(types, list) or not types:
        return ["types must be a non-empty list"]
    unknown = [code for code in types if code not in VIOLATION_TYPES]
    problems = [f"unknown violation type {code!r}" for code in unknown]
    if len(set(types)) != len(types):
        problems.append("a violation type is repeated")
    return problems


def _check_quoted(value: Any, text: str, what: str) -> list[str]:
    """A label's ``text`` must be words of the document (null allowed)."""
    if value is None:
        return []
    if not isinstance(value, str) or value not in text:
        return [f"{what} text {value!r} does not occur in the document"]
    return []


def _check_date(date: Any, text: str) -> list[str]:
    if date is None:
        return []
    if not isinstance(date, dict) or set(date) != {"edtf", "earliest", "latest", "text"}:
        return ["date must be null or {edtf, earliest, latest, text}"]
    try:
        bounds = dates.bounds(date["edtf"])
    except (dates.InvalidDate, TypeError) as error:
        return [f"date edtf {date['edtf']!r}: {error}"]
    problems = _check_quoted(date["text"], text, "date")
    for end in ("earliest", "latest"):
        expected = getattr(bounds, end)
        written = date[end]
        if (expected.isoformat() if expected else None) != written:
            problems.append(f"date {end} {written!r} but {date['edtf']!r} gives {expected}")
    return problems


def _check_place(place: Any, text: str) -> list[str]:
    if place is None:
        return []
    if not isinstance(place, dict) or set(place) != {"text", "place_id", "country", "admin1"}:
        return ["place must be null or {text, place_id, country, admin1}"]
    problems = _check_quoted(place["text"], text, "place")
    place_id = place["place_id"]
    if place_id is None:
        return problems
    entry = gazetteer.entries_by_id().get(place_id)
    if entry is None:
        return [*problems, f"place_id {place_id!r} is not in the gazetteer"]
    if place["country"] != entry.country_code:
        problems.append(f"country {place['country']!r}, gazetteer says {entry.country_code!r}")
    province = gazetteer.province_of(place_id)
    if place["admin1"] != province:
        problems.append(f"admin1 {place['admin1']!r}, gazetteer says {province!r}")
    return problems


def _check_perpetrator(perpetrator: Any, text: str) -> list[str]:
    if perpetrator is None:
        return []
    if not isinstance(perpetrator, dict) or set(perpetrator) != {"text", "org"}:
        return ["perpetrator must be null or {text, org}"]
    problems = _check_quoted(perpetrator["text"], text, "perpetrator")
    if perpetrator["org"] not in ORGS:
        problems.append(f"org {perpetrator['org']!r} is not one of {ORGS}")
    return problems


def _check_count(count: Any, text: str) -> list[str]:
    if count is None:
        return []
    if not isinstance(count, dict) or set(count) != {"min", "max", "text"}:
        return ["victim_count must be null or {min, max, text}"]
    problems = _check_quoted(count["text"], text, "victim_count")
    low, high = count["min"], count["max"]
    for value in (low, high):
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"victim count {value!r} is not a whole number ≥ 0")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(f"victim count min {low} > max {high}")
    return problems


def _check_victims(victims: Any, text: str) -> list[str]:
    if not isinstance(victims, list):
        return ["victims must be a list"]
    problems = []
    for victim in victims:
        # "born" (the year of birth the text gives) is optional: the labels do not give it.
        if not isinstance(victim, dict) or set(victim) - {"born"} != VICTIM_KEYS:
            problems.append("a victim must be {name, pseudonym, sex, age, relationship[, born]}")
            continue
        if victim.get("born") is not None and not isinstance(victim["born"], int):
            problems.append(f"born {victim['born']!r} is not a year or null")
        problems += _check_quoted(victim["name"], text, "victim name")
        if not isinstance(victim["pseudonym"], bool):
            problems.append(f"pseudonym of {victim['name']!r} must be true or false")
        if victim["sex"] not in (*SEXES, None):
            problems.append(f"sex {victim['sex']!r} is not F, M or null")
        if victim["age"] is not None and not isinstance(victim["age"], int):
            problems.append(f"age {victim['age']!r} is not a whole number or null")
    return problems


def _check_evidence(evidence: Any, text: str) -> list[str]:
    if not isinstance(evidence, list) or not evidence:
        return ["evidence must be a non-empty list"]
    problems = []
    for span in evidence:
        if not isinstance(span, dict) or set(span) != {"start", "end", "quote"}:
            problems.append("an evidence span must be {start, end, quote}")
            continue
        start, end, quote = span["start"], span["end"], span["quote"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            problems.append(f"evidence offsets {start!r}..{end!r} are not 0 ≤ start < end")
        elif text[start:end] != quote:
            found = text.find(quote) if isinstance(quote, str) and quote else -1
            hint = f"; the quote is at {found}..{found + len(quote)}" if found >= 0 else ""
            problems.append(f"evidence {start}..{end} does not cut {quote[:40]!r}{hint}")
    return problems


# ---------------------------------------------------------------- matching and scoring


def spans(incident: dict) -> list[tuple[int, int]]:
    """The (start, end) evidence spans of an incident (malformed spans ignored)."""
    found = []
    for span in incident.get("evidence") or []:
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and start < end:
            found.append((start, end))
    return found


def overlap(proposed: dict, expected: dict) -> int:
    """Characters shared by the two incidents' evidence spans (0: none)."""
    return sum(
        max(0, min(a_end, b_end) - max(a_start, b_start))
        for a_start, a_end in spans(proposed)
        for b_start, b_end in spans(expected)
    )


def match(proposed: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (proposal index, expected index) pairs sharing a type and some evidence.

    Greedy: the pair with the largest overlap is taken first, so that a proposal spanning
    two events goes to the one it covers most.
    """
    candidates = []
    for p_index, p in enumerate(proposed):
        for e_index, e in enumerate(expected):
            shared = overlap(p, e)
            if shared and set(p.get("types") or ()) & set(e.get("types") or ()):
                candidates.append((-shared, p_index, e_index))
    pairs, used_p, used_e = [], set(), set()
    for _, p_index, e_index in sorted(candidates):
        if p_index not in used_p and e_index not in used_e:
            pairs.append((p_index, e_index))
            used_p.add(p_index)
            used_e.add(e_index)
    return pairs


def field_values(incident: dict) -> dict[str, Any]:
    """The comparable value of every scored field of an incident."""
    place = incident.get("place") or {}
    count = incident.get("victim_count") or {}
    names = {
        "".join(str(victim.get("name") or "").split()).casefold()
        for victim in incident.get("victims") or []
        if victim.get("name")
    }
    return {
        "types": frozenset(incident.get("types") or ()),
        "date": incident.get("date"),
        "place_id": place.get("place_id"),
        "country": place.get("country"),
        "admin1": place.get("admin1"),
        "org": (incident.get("perpetrator") or {}).get("org"),
        "count_min": count.get("min"),
        "count_max": count.get("max"),
        "victim_names": frozenset(names),
    }


def field_correct(name: str, proposed: Any, expected: Any) -> bool:
    """Whether a proposed field value counts as right."""
    if name == "date":
        return _date_within(proposed, expected)
    return proposed == expected


def _date_within(proposed: dict | None, expected: dict | None) -> bool:
    """A proposed date is right when its whole range lies inside the expected one."""
    if not expected or not expected.get("edtf"):
        return not proposed or not proposed.get("edtf")
    if not proposed:
        return False
    try:
        low, high = _iso(proposed.get("earliest")), _iso(proposed.get("latest"))
    except (TypeError, ValueError):
        return False
    want_low, want_high = _iso(expected.get("earliest")), _iso(expected.get("latest"))
    if low is None and high is None:
        return False
    inside_low = want_low is None or (low is not None and low >= want_low)
    inside_high = want_high is None or (high is not None and high <= want_high)
    return inside_low and inside_high


def _iso(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class Score:
    """Counts over a run, and the ratios the issue's goals are about."""

    documents: int = 0
    expected: int = 0
    proposed: int = 0
    matched: int = 0
    seconds: float = 0.0
    field_hits: Counter = field(default_factory=Counter)
    invalid_proposals: list[str] = field(default_factory=list)
    per_document: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        """None when nothing was proposed: precision is undefined, not 0 nor 1."""
        return self.matched / self.proposed if self.proposed else None

    def accuracy(self, name: str) -> float | None:
        return self.field_hits[name] / self.matched if self.matched else None

    @property
    def docs_per_second(self) -> float | None:
        return self.documents / self.seconds if self.seconds > 0 else None

    def goals(self) -> list[tuple[str, float | None, float, bool]]:
        """(goal, value, threshold, met) for each of the issue's goals."""
        rows = [
            ("incident recall", self.recall, GOAL_RECALL),
            ("incident precision", self.precision, GOAL_PRECISION),
            ("perpetrator org, of matched", self.accuracy("org"), GOAL_FIELD),
            ("place, of matched", self.accuracy("place_id"), GOAL_FIELD),
            ("documents per second", self.docs_per_second, GOAL_DOCS_PER_SECOND),
        ]
        return [(n, v, goal, v is not None and v >= goal) for n, v, goal in rows]

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "expected": self.expected,
            "proposed": self.proposed,
            "matched": self.matched,
            "recall": self.recall,
            "precision": self.precision,
            "field_accuracy": {name: self.accuracy(name) for name in FIELDS},
            "docs_per_second": self.docs_per_second,
            "goals": [
                {"goal": n, "value": v, "threshold": t, "met": met} for n, v, t, met in self.goals()
            ],
            "invalid_proposals": self.invalid_proposals,
            "per_document": self.per_document,
        }


def score(documents: list[Document], extractor: Extractor) -> Score:
    """Run the extractor on every document and compare its proposals with the labels."""
    result = Score()
    for document in documents:
        started = time.perf_counter()
        output = extractor(
            document.text, lang=document.labels.get("lang"), published=document.published
        )
        result.seconds += time.perf_counter() - started
        proposed = list((output or {}).get("incidents") or [])
        add_document(result, document, proposed)
    return result


def add_document(result: Score, document: Document, proposed: list[dict]) -> None:
    """Add one document's proposals to the running score."""
    expected = document.labels["incidents"]
    for index, incident in enumerate(proposed):
        for problem in validate_incident(incident, document.text):
            result.invalid_proposals.append(f"{document.name} proposal {index}: {problem}")
    pairs = match(proposed, expected)
    for p_index, e_index in pairs:
        got, want = field_values(proposed[p_index]), field_values(expected[e_index])
        for name in FIELDS:
            result.field_hits[name] += field_correct(name, got[name], want[name])
    result.documents += 1
    result.expected += len(expected)
    result.proposed += len(proposed)
    result.matched += len(pairs)
    result.per_document.append(
        {
            "document": document.name,
            "expected": len(expected),
            "proposed": len(proposed),
            "matched": len(pairs),
        }
    )


# ---------------------------------------------------------------- extractor and report


def find_extractor() -> Extractor | None:
    """kirok.lib.extraction.extract, or None while it has not been written."""
    try:
        module = importlib.import_module("kirok.lib.extraction")
    except ModuleNotFoundError as error:
        if error.name and "kirok.lib.extraction".startswith(error.name):
            return None
        raise
    return getattr(module, "extract", None)


def set_counts(documents: list[Document]) -> dict[str, Counter]:
    """How many documents per language and style, incidents per type and organisation."""
    counts: dict[str, Counter] = {name: Counter() for name in ("lang", "style", "type", "org")}
    for document in documents:
        counts["lang"][document.labels.get("lang")] += 1
        counts["style"][document.labels.get("style")] += 1
        for incident in document.labels.get("incidents") or []:
            counts["type"].update(incident.get("types") or ())
            counts["org"][(incident.get("perpetrator") or {}).get("org")] += 1
    return counts


def _number(value: float | None, digits: int = 3) -> str:
    return "undefined" if value is None else f"{value:.{digits}f}"


def print_report(result: Score) -> None:
    """The score as a plain-text table and the issue's goals."""
    print(
        f"documents {result.documents}, expected incidents {result.expected}, "
        f"proposed {result.proposed}, matched {result.matched}"
    )
    for row in result.per_document:
        if row["matched"] < max(row["expected"], row["proposed"]):
            print(
                f"  {row['document']}: expected {row['expected']}, "
                f"proposed {row['proposed']}, matched {row['matched']}"
            )
    print(f"{'recall':<28}{_number(result.recall):>10}")
    print(f"{'precision':<28}{_number(result.precision):>10}")
    print("field accuracy over matched incidents:")
    for name in FIELDS:
        print(f"  {name:<26}{_number(result.accuracy(name)):>10}")
    print(f"{'documents per second':<28}{_number(result.docs_per_second, 1):>10}")
    print("goals:")
    for name, value, goal, met in result.goals():
        verdict = "met" if met else "NOT met"
        shown = _number(value, 1 if goal > 1 else 3)
        print(f"  {name:<30}{shown:>10}  (goal ≥ {goal:g})  {verdict}")
    for problem in result.invalid_proposals[:20]:
        print(f"  malformed proposal: {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder of the set")
    parser.add_argument("--only", action="append", default=[], help="document number NN")
    parser.add_argument("--validate-only", action="store_true", help="check labels only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    documents = load_set(args.set, args.only)
    problems = [p for document in documents for p in validate_document(document)]
    report: dict[str, Any] = {
        "set": str(args.set),
        "documents": len(documents),
        "problems": problems,
        "counts": {k: dict(v) for k, v in set_counts(documents).items()},
    }
    extractor = None if args.validate_only else find_extractor()
    if not args.validate_only and extractor is None:
        report["note"] = "kirok.lib.extraction.extract does not exist yet: validated only."
    if extractor is not None and problems:
        report["note"] = "The labels have problems: fix them before scoring."
    result = score(documents, extractor) if extractor and not problems else None
    if result:
        report["score"] = result.as_dict()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        _print_validation(report)
        if result:
            print_report(result)
    return 1 if problems or not documents else 0


def _print_validation(report: dict) -> None:
    print(f"set {report['set']}: {report['documents']} documents")
    for name, counts in report["counts"].items():
        print(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))
    for problem in report["problems"]:
        print(f"  INVALID {problem}")
    print("labels valid" if not report["problems"] else f"{len(report['problems'])} problems")
    if "note" in report:
        print(report["note"])


if __name__ == "__main__":
    sys.exit(main())
