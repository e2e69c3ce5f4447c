"""The labelled extraction set (tests/data/extraction/) is valid, and bench/extraction.py scores
an extractor the way issue 7's "Evaluation" says: incidents match on a shared type and
overlapping evidence, one to one; precision without proposals is undefined, not a number."""

from __future__ import annotations

import copy
import json

import pytest

from bench import extraction as bench
from bench.extraction import Document, Score

TEXT = (
    "Border guards arrested 3 women in Hyesan on 2 May 2019. "
    "Weeks later, their relatives were sent away by the bowibu."
)
ARREST = {
    "types": ["arrest"],
    "date": {"edtf": "2019-05-02", "earliest": "2019-05-02", "latest": "2019-05-02",
             "text": "2 May 2019"},
    "place": {"text": "Hyesan", "place_id": "KP-10-hyesan-si", "country": "KP",
              "admin1": "KP-10"},
    "perpetrator": {"text": "Border guards", "org": "border_guard"},
    "victim_count": {"min": 3, "max": 3, "text": "3 women"},
    "victims": [],
    "evidence": [{"start": 0, "end": 55, "quote": TEXT[:55]}],
}  # fmt: skip
BANISHMENT = {
    "types": ["family_punishment"],
    "date": None,
    "place": None,
    "perpetrator": {"text": "the bowibu", "org": "MSS"},
    "victim_count": None,
    "victims": [],
    "evidence": [{"start": 56, "end": 114, "quote": TEXT[56:114]}],
}
LABELS = {"published": "2019-06-01", "lang": "en", "style": "news"}


def tiny_document() -> Document:
    labels = {**LABELS, "incidents": [copy.deepcopy(ARREST), copy.deepcopy(BANISHMENT)]}
    return Document("99", "99_tiny.txt", TEXT, labels)


def run(extractor, documents=None) -> Score:
    return bench.score(documents or [tiny_document()], extractor)


@pytest.fixture(scope="module")
def devset() -> list[Document]:
    return bench.load_set(bench.DEFAULT_SET)


# ---------------------------------------------------------------- the set itself


def test_every_document_of_the_set_is_valid(devset):
    problems = [p for document in devset for p in bench.validate_document(document)]
    assert problems == []


def test_the_set_has_the_size_languages_and_styles_the_issue_asks_for(devset):
    counts = bench.set_counts(devset)
    assert len(devset) >= 44
    assert counts["lang"]["en"] >= 20 and counts["lang"]["ko"] >= 20
    assert set(counts["style"]) == set(bench.STYLES)
    quiet = [d for d in devset if d.labels["style"] == "no_incident"]
    assert len(quiet) >= 6 and all(d.labels["incidents"] == [] for d in quiet)


def test_every_violation_type_and_organisation_is_labelled_somewhere(devset):
    counts = bench.set_counts(devset)
    assert set(counts["type"]) == set(bench.VIOLATION_TYPES)
    assert set(counts["org"]) - {None} == set(bench.ORGS)


def test_the_set_has_a_repeated_event_and_two_events_in_one_sentence(devset):
    incidents = [i for d in devset for i in d.labels["incidents"]]
    assert any(len(i["evidence"]) >= 2 for i in incidents)
    by_number = {d.number: d for d in devset}
    for number in ("13", "38"):  # one sentence, two incidents
        first, second = by_number[number].labels["incidents"][:2]
        assert line_of(by_number[number], first) == line_of(by_number[number], second)


def test_the_independent_chinese_set_is_valid():
    """tests/data/extraction_zh/: Chinese documents labelled without reading the extractor."""
    chinese = bench.load_set(bench.DEFAULT_SET.parent / "extraction_zh")
    assert len(chinese) >= 10 and {d.labels["lang"] for d in chinese} == {"zh"}
    assert [p for document in chinese for p in bench.validate_document(document)] == []


def line_of(document: Document, incident: dict) -> str:
    """The line holding an incident's first evidence span."""
    start = incident["evidence"][0]["start"]
    return document.text[document.text.rfind("\n", 0, start) + 1 : document.text.find("\n", start)]


# ---------------------------------------------------------------- the validator


def test_the_validator_accepts_the_tiny_example():
    assert bench.validate_document(tiny_document()) == []


def test_a_shifted_offset_is_reported_with_where_the_quote_really_is():
    document = tiny_document()
    document.labels["incidents"][0]["evidence"][0]["start"] = 1
    (problem,) = bench.validate_document(document)
    assert "does not cut" in problem and "the quote is at 0..55" in problem


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda i: i.update(types=["kidnapping"]), "unknown violation type"),
        (lambda i: i["place"].update(place_id="KP-99-nowhere"), "not in the gazetteer"),
        (lambda i: i["place"].update(admin1="KP-09"), "gazetteer says 'KP-10'"),
        (lambda i: i["date"].update(edtf="2019-13"), "not a valid EDTF"),
        (lambda i: i["date"].update(latest="2019-05-31"), "gives 2019-05-02"),
        (lambda i: i["perpetrator"].update(org="police"), "is not one of"),
        (lambda i: i["victim_count"].update(min=5), "min 5 > max 3"),
        (lambda i: i["victim_count"].update(text="three women"), "does not occur"),
        (lambda i: i.pop("victims"), "keys"),
    ],
)
def test_the_validator_names_each_kind_of_mistake(change, complaint):
    document = tiny_document()
    change(document.labels["incidents"][0])
    problems = bench.validate_document(document)
    assert any(complaint in p for p in problems), problems


# ---------------------------------------------------------------- the scorer


def test_a_victims_year_of_birth_is_an_optional_part_of_a_proposal():
    """The extractor proposes ``born`` beside a victim; the labels do not give it."""
    incident = {**copy.deepcopy(ARREST), "victims": [
        {"name": "Hyesan", "pseudonym": False, "sex": "F", "age": None, "relationship": None,
         "born": 1984}]}  # fmt: skip
    result = run(lambda text, **_: {"incidents": [incident]})
    assert result.invalid_proposals == []
    incident["victims"][0]["born"] = "1984"
    assert run(lambda text, **_: {"incidents": [incident]}).invalid_proposals != []


def test_a_perfect_extractor_scores_one_everywhere():
    result = run(lambda text, **_: {"incidents": tiny_document().labels["incidents"]})
    assert (result.recall, result.precision) == (1.0, 1.0)
    assert all(result.accuracy(name) == 1.0 for name in bench.FIELDS)
    assert result.invalid_proposals == []


def test_a_perfect_extractor_scores_one_on_the_whole_set(devset):
    labels_by_text = {d.text: d.labels["incidents"] for d in devset}
    result = run(lambda text, **_: {"incidents": labels_by_text[text]}, devset)
    assert (result.recall, result.precision, result.accuracy("org")) == (1.0, 1.0, 1.0)
    assert result.invalid_proposals == []


def test_an_empty_extractor_has_recall_zero_and_undefined_precision(capsys):
    result = run(lambda text, **_: {"incidents": []})
    assert result.recall == 0.0 and result.precision is None
    verdicts = {name: met for name, _, _, met in result.goals()}
    assert not verdicts["incident recall"] and not verdicts["incident precision"]
    bench.print_report(result)
    assert "undefined" in capsys.readouterr().out


def test_the_right_type_on_words_elsewhere_does_not_match():
    misplaced = {**copy.deepcopy(ARREST), "evidence": BANISHMENT["evidence"]}
    result = run(lambda text, **_: {"incidents": [misplaced]})
    assert (result.matched, result.recall, result.precision) == (0, 0.0, 0.0)


def test_the_right_words_with_another_type_do_not_match():
    wrong_type = {**copy.deepcopy(ARREST), "types": ["execution"]}
    assert run(lambda text, **_: {"incidents": [wrong_type]}).matched == 0


def test_matching_is_one_to_one():
    twice = [copy.deepcopy(ARREST), copy.deepcopy(ARREST)]
    result = run(lambda text, **_: {"incidents": twice})
    assert (result.matched, result.recall, result.precision) == (1, 0.5, 0.5)


def test_field_accuracy_counts_only_matched_incidents():
    wrong = copy.deepcopy(ARREST)
    wrong["perpetrator"]["org"] = "MPS"
    wrong["date"].update(edtf="2019-05", earliest="2019-05-01", latest="2019-05-31")
    result = run(lambda text, **_: {"incidents": [wrong]})
    assert result.matched == 1
    assert result.accuracy("org") == 0.0 and result.accuracy("date") == 0.0
    assert result.accuracy("place_id") == 1.0 and result.accuracy("count_min") == 1.0


def test_a_narrower_date_inside_the_expected_range_is_right():
    expected = {"edtf": "2019-05", "earliest": "2019-05-01", "latest": "2019-05-31"}
    inside = {"edtf": "2019-05-02", "earliest": "2019-05-02", "latest": "2019-05-02"}
    assert bench.field_correct("date", inside, expected)
    assert not bench.field_correct("date", expected, inside)
    assert not bench.field_correct("date", None, expected)
    assert bench.field_correct("date", None, None)


def test_the_extractor_receives_language_and_publication_date():
    seen = {}
    run(lambda text, **kwargs: seen.update(kwargs) or {"incidents": []})
    assert seen["lang"] == "en" and seen["published"].isoformat() == "2019-06-01"


def test_the_command_validates_the_set_and_says_whether_the_extractor_exists(capsys):
    assert bench.main(["--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [] and report["documents"] >= 44
    if bench.find_extractor() is None:
        assert "does not exist yet" in report["note"]
    else:
        assert "recall" in report["score"]


def test_only_restricts_the_run_to_one_document(capsys):
    assert bench.main(["--validate-only", "--only", "5"]) == 0
    assert "1 documents" in capsys.readouterr().out
