"""The synthetic demo data generator (kirok.lib.synthetic): pure Python, no database."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from importlib import resources

import pytest

from kirok.lib import dates, gazetteer
from kirok.lib.synthetic import FICTION_NOTE, generate, romanize, romanize_given_name
from kirok.lib.synthetic.names import KoreanName, latin_name
from kirok.lib.synthetic.reference import province_of


@pytest.fixture(scope="module")
def data():
    return generate(seed=1, scale=1)


def _seed(package: str, filename: str):
    return json.loads(resources.files(package).joinpath("seed", filename).read_text("utf-8"))


def _codes(vocabulary: str) -> set[str]:
    spec = _seed("kirok.vocabularies", "vocabularies.json")[vocabulary]
    return {term["code"] for term in spec["terms"]}


def _sources_by_key(data):
    return {source.key: source for source in data.sources}


def _digest(data) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()


# --- determinism ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_dataset(data):
    assert generate(seed=1, scale=1) == data


def test_a_different_seed_gives_a_different_dataset(data):
    other = generate(seed=2, scale=1)
    assert other != data
    assert {p.names[0].text for p in other.persons} != {p.names[0].text for p in data.persons}


def test_another_process_with_another_hash_seed_gives_the_same_dataset(data):
    # Iterating over a set of strings would differ between processes; nothing may depend on it.
    code = (
        "from kirok.lib.synthetic import generate; import hashlib; "
        "print(hashlib.sha256(repr(generate(seed=1, scale=1)).encode()).hexdigest())"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONHASHSEED": "12345", "PATH": ""}, check=True)  # fmt: skip
    assert result.stdout.strip() == _digest(data)


def test_the_generator_never_touches_the_global_random_generator(monkeypatch, data):
    def refuse(*args, **kwargs):
        raise AssertionError("the global random generator was used")

    for name in ("random", "randint", "randrange", "choice", "choices", "shuffle", "sample"):
        monkeypatch.setattr(random, name, refuse)
    assert generate(seed=1, scale=1) == data


def test_the_generator_imports_no_django():
    code = ("import kirok.lib.synthetic, sys; "
            "assert not any(m.startswith('django') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('django'))")  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True)


# --- counts and coverage ------------------------------------------------------------------------


def test_scale_one_has_the_promised_counts(data):
    assert len(data.persons) >= 500
    assert len(data.incidents) >= 200
    assert len(data.sources) == 80
    assert len(data.proceedings) >= 40
    assert len(data.relations) >= 100


def test_scale_multiplies_every_count(data):
    double = generate(seed=1, scale=2)
    assert len(double.sources) == 2 * len(data.sources)
    assert len(double.incidents) == 2 * len(data.incidents)
    assert len(double.persons) >= 1.8 * len(data.persons)
    assert len(double.evidence) >= 1.8 * len(data.evidence)


def test_every_violation_type_of_the_vocabulary_is_used(data):
    used = {act.violation_type for act in data.acts}
    assert used == _codes("violation_type")
    for incident in data.incidents:
        assert set(incident.violation_types) == {act.violation_type for act in incident.acts}


def test_incidents_span_ten_provinces_and_the_chinese_border(data):
    places = {incident.place for incident in data.incidents}
    provinces = {province_of(p) for p in places if p.startswith("KP")}
    assert len(provinces) >= 10
    assert all(p.startswith("KP-") and p[3:].isdigit() for p in provinces)
    assert {p for p in places if p.startswith("CN-")}


def test_incidents_are_dated_between_2000_and_2024(data):
    years = Counter()
    for incident in data.incidents:
        start = dates.bounds(incident.start_date)
        # An uncertain date ("2024~") may reach beyond the period, but must overlap it.
        assert start.earliest is None or start.earliest.year <= 2024
        assert start.latest.year >= 2000
        years[int(incident.start_date[:4])] += 1
    assert min(years) >= 1999 and max(years) <= 2024 and len(years) >= 20


def test_every_place_organization_and_term_exists_in_the_seed_data(data):
    places = gazetteer.entries_by_id()
    organizations = {o["code"] for o in _seed("kirok.records", "organizations.json")}
    for incident in data.incidents:
        assert incident.place in places
        for act in incident.acts:
            assert act.place in places
            assert act.violation_type in _codes("violation_type")
            for perpetrator in act.perpetrators:
                assert perpetrator.organization in organizations | {""}
                assert perpetrator.role in _codes("perpetrator_role")
    for person in data.persons:
        assert {person.hometown, person.birthplace} <= set(places) | {""}
    assert {r.kind for r in data.relations} <= _codes("relation_kind")
    assert {p.forum for p in data.proceedings} <= _codes("proceeding_forum")


def test_every_source_kind_appears_with_grades_language_and_dates(data):
    assert {source.kind for source in data.sources} == _codes("source_kind")
    for source in data.sources:
        assert source.reliability in "abcdef" and len(source.reliability) == 1
        assert source.credibility in "123456" and len(source.credibility) == 1
        assert source.language in ("ko", "en")
        assert source.collected_date
        assert "fictional" in source.text or "가상" in source.text
    assert {s.published_date != "" for s in data.sources} == {True, False}
    assert {s.language for s in data.sources} == {"ko", "en"}


# --- dates --------------------------------------------------------------------------------------


def _all_dates(data):
    for person in data.persons:
        yield person.birth_date
    for incident in data.incidents:
        yield incident.start_date
        yield incident.end_date
        yield from (act.date for act in incident.acts)
    for source in data.sources:
        yield source.published_date
        yield source.collected_date
    for proceeding in data.proceedings:
        yield proceeding.filed_date
        yield proceeding.last_action_date


@pytest.mark.slow  # edtf's grammar takes milliseconds for each of ~1,200 distinct values
def test_every_date_is_valid_edtf_with_realistic_uncertainty(data):
    values = [value for value in _all_dates(data) if value]
    for value in values:
        assert dates.bounds(value).edtf == value
    # Each kind of uncertainty occurs: month only, approximate, open start, interval.
    assert any(len(v) == 7 for v in values)
    assert any(v.endswith("~") for v in values)
    assert any(v.startswith("../") for v in values)
    assert any("/" in v and not v.startswith("../") for v in values)


def test_no_incident_ends_before_it_starts(data):
    for incident in data.incidents:
        if incident.end_date:
            start, end = dates.bounds(incident.start_date), dates.bounds(incident.end_date)
            assert end.latest >= start.earliest


def test_sources_are_dated_after_what_they_tell(data):
    told: dict[str, list] = defaultdict(list)
    for evidence in data.evidence:
        if evidence.target_kind == "act":
            told[evidence.source].append(evidence.target)
    acts = {act.key: act for act in data.acts}
    for source in data.sources:
        when = dates.bounds(source.collected_date).latest
        for key in told[source.key]:
            assert dates.bounds(acts[key].date).earliest <= when


def test_birth_years_lie_between_1935_and_2010(data):
    for person in data.persons:
        if person.birth_date:
            born = dates.bounds(person.birth_date)
            assert born.latest.year <= 2010
            assert born.earliest is None or born.earliest.year >= 1935


def test_acts_in_a_victims_path_are_in_chronological_order(data):
    for incident in data.incidents:
        paths = defaultdict(list)
        for act in incident.acts:
            paths[act.victim].append(act)
        for path in paths.values():
            sequences = [act.sequence for act in path]
            assert sequences == list(range(1, len(path) + 1))
            starts = [dates.bounds(act.date).earliest for act in path]
            assert starts == sorted(starts)


def test_many_victims_follow_a_detention_path_from_china(data):
    """Arrest in China → forced repatriation → state security holding centre → gone."""
    complete = 0
    for incident in data.incidents:
        paths = defaultdict(list)
        for act in incident.acts:
            paths[act.victim].append(act)
        for path in paths.values():
            steps = [(a.violation_type, a.place) for a in path]
            if (steps[0][0] == "arbitrary_arrest" and steps[0][1].startswith("CN-")
                    and steps[1][0] == "forced_repatriation"
                    and steps[2] == ("arbitrary_detention", steps[2][1])
                    and steps[2][1].startswith("SITE-MSS-")
                    and any(v == "enforced_disappearance" or p.startswith("SITE-KWANLISO")
                            for v, p in steps[3:])):  # fmt: skip
                complete += 1
    assert complete >= 50


def test_perpetrators_come_from_the_seeded_hierarchy_in_every_role(data):
    perpetrators = [p for act in data.acts for p in act.perpetrators]
    organizations = {p.organization for p in perpetrators}
    assert {"mss", "border-guard", "cn-tumen-psb", "cn-dandong-psb"} <= organizations
    assert any(o.startswith("mss-kp-") and o.count("-") == 2 for o in organizations)  # province
    assert any(o.startswith("mss-kp-") and o.count("-") > 2 for o in organizations)  # county
    assert any(o.startswith("mps-kp-") for o in organizations)
    assert {"perpetrator", "ordered", "informant", "accomplice"} <= {p.role for p in perpetrators}
    informants = [p for p in perpetrators if p.role == "informant"]
    persons = {person.key for person in data.persons}
    assert informants and all(p.person in persons for p in informants)


# --- evidence -----------------------------------------------------------------------------------


def test_every_evidence_quote_is_exactly_its_slice_of_the_source_text(data):
    sources = _sources_by_key(data)
    for evidence in data.evidence:
        text = sources[evidence.source].text
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.quote
        assert evidence.quote == evidence.quote.strip()


def test_every_record_has_an_evidence_passage(data):
    cited = {(e.target_kind, e.target) for e in data.evidence}
    for kind, records in (("person", data.persons), ("incident", data.incidents),
                          ("act", data.acts), ("relation", data.relations),
                          ("proceeding", data.proceedings)):  # fmt: skip
        assert all((kind, record.key) in cited for record in records), kind


def test_a_persons_evidence_passage_names_them(data):
    persons = {person.key: person for person in data.persons}
    for evidence in data.evidence:
        if evidence.target_kind == "person":
            names = [name.text for name in persons[evidence.target].names]
            first_person = evidence.quote.startswith("저는")  # a witness speaking of themselves
            assert first_person or any(name in evidence.quote for name in names)


def test_texts_read_as_korean_or_english(data):
    for source in data.sources:
        hangul = sum("가" <= c <= "힣" for c in source.text)
        assert (hangul > len(source.text) / 4) == (source.language == "ko"), source.key


# --- persons and names ----------------------------------------------------------------------------


def test_every_person_is_marked_fictional(data):
    assert all(FICTION_NOTE in person.notes for person in data.persons)
    assert FICTION_NOTE == "Synthetic demo record — this person is fictional."


def test_about_a_third_of_people_are_described_by_several_records(data):
    records = Counter(person.true_person_key for person in data.persons)
    several = [key for key, count in records.items() if count >= 2]
    assert 0.2 <= len(several) / len(records) <= 0.45
    assert max(records.values()) <= 4


def test_records_of_one_person_spell_the_name_differently(data):
    by_human = defaultdict(list)
    for person in data.persons:
        by_human[person.true_person_key].append(person)
    differently = 0
    for persons in by_human.values():
        spellings = [{name.text for name in p.names} for p in persons]
        if len(persons) >= 2 and len(set().union(*spellings)) > 1:
            differently += 1
    assert differently >= 50


def test_romanized_names_use_every_system_and_hangul_names_both_spellings(data):
    names = [name for person in data.persons for name in person.names]
    assert {name.script for name in names} == {"hangul", "latin"}
    assert {"rr", "mr", "mr_plain", "dprk"} <= {name.romanization for name in names}
    assert all(name.romanization == "" for name in names if name.script == "hangul")
    families = {name.family_name for name in names}
    assert {"이", "리"} <= families  # South and North Korean spelling of the same surname
    assert {"Lee", "Ri"} & families and {"Park", "Pak"} <= families
    assert any(name.text.startswith(name.given_name) for name in names if name.script == "latin")
    for person in data.persons:
        assert [name.is_primary for name in person.names].count(True) == 1
        assert all(name.family_name and name.given_name for name in person.names)


def _is_kim_yeongho(name) -> bool:
    given = name.given_name.replace("-", "").replace(" ", "").lower()
    return (name.family_name, given) in {("김", "영호"), ("Kim", "yeongho"), ("Kim", "yŏngho"),
                                         ("Kim", "yongho"), ("Kim", "youngho")}  # fmt: skip


def test_several_different_people_share_a_common_name(data):
    kims = {person.true_person_key for person in data.persons
            if any(_is_kim_yeongho(name) for name in person.names)}  # fmt: skip
    assert len(kims) >= 3
    born = [dates.bounds(p.birth_date) for p in data.persons
            if p.true_person_key in kims and p.birth_date]  # fmt: skip
    assert all(1960 <= b.latest.year <= 1980 for b in born)


def test_some_witnesses_speak_under_a_pseudonym(data):
    pseudonyms = [p for p in data.persons if any(n.kind == "pseudonym" for n in p.names)]
    assert len(pseudonyms) >= 20
    testimonies = [s for s in data.sources if s.kind == "testimony"]
    assert all("(가명" in s.text for s in testimonies)


def test_persons_have_the_attributes_documenters_record(data):
    persons = data.persons
    assert {p.sex for p in persons} >= {"female", "male"}
    assert {p.status for p in persons} == {"missing", "detained", "released", "deceased", "unknown"}
    assert Counter(p.nationality for p in persons).most_common(1)[0][0] == "KP"
    occupations = {p.occupation for p in persons}
    assert {"노동자", "농장원", "학생"} & occupations and {"trader", "teacher"} & occupations
    hometowns = {p.hometown for p in persons if p.hometown}
    levels = {h: gazetteer.entries_by_id()[h].level for h in hometowns}
    # Cities and counties; in China a county-level city (Yanji) is one level further down.
    assert all(level == "admin2" for h, level in levels.items() if h.startswith("KP"))
    assert all(level in ("admin2", "admin3") for level in levels.values())
    assert any(p.consent_store for p in persons) and not all(p.consent_publish for p in persons)


def test_romanization_follows_each_system():
    assert romanize_given_name("혜송", "rr") == "Hye-song"
    assert romanize_given_name("혜송", "rr", hyphen=False) == "Hyesong"
    assert romanize_given_name("혜성", "mr") == "Hye-sŏng"
    assert romanize_given_name("성철", "mr") == "Sŏng-ch'ŏl"
    assert romanize_given_name("성철", "mr_plain") == "Song-chol"
    assert romanize_given_name("영길", "mr") == "Yŏng-gil"  # voiced after a vowel or nasal
    assert romanize("리", "dprk") == "ri" and romanize("정", "rr") == "jeong"


def test_a_name_is_spelled_the_ways_sources_spell_it():
    rng, name = random.Random(0), KoreanName("김", "혜성")
    spellings = {
        style: latin_name(rng, name, style).text
        for style in ("rr", "rr_joined", "mr", "mr_plain", "dprk", "given_first")
    }
    assert spellings == {"rr": "Kim Hye-seong", "rr_joined": "Kim Hyeseong", "mr": "Kim Hye-sŏng",
                         "mr_plain": "Kim Hye-song", "dprk": "Kim Hye Song",
                         "given_first": "Hyeseong Kim"}  # fmt: skip
    assert latin_name(rng, KoreanName("이", "영희"), "dprk").text == "Ri Yong Hui"


# --- families, incidents, proceedings -----------------------------------------------------------


def test_families_are_related_and_punished_together(data):
    assert {"mother_of", "father_of", "spouse_of", "sibling_of", "child_of"} <= {
        r.kind for r in data.relations
    }
    relatives = defaultdict(set)
    for relation in data.relations:
        relatives[relation.object].add(relation.subject)
    punished = [i for i in data.incidents if "family_punishment" in i.violation_types]
    assert len(punished) >= 20
    together = [i for i in punished if len({act.victim for act in i.acts}) >= 2]
    assert len(together) >= 0.8 * len(punished)
    victims = {act.victim for i in punished for act in i.acts}
    assert any(subjects & victims for subjects in relatives.values())


def test_incident_status_follows_the_number_of_independent_sources(data):
    sources = _sources_by_key(data)
    citing = defaultdict(set)
    for evidence in data.evidence:
        if evidence.target_kind == "incident":
            citing[evidence.target].add(evidence.source)
    for incident in data.incidents:
        cited = citing[incident.key]
        graded = any(sources[key].reliability in "ab" for key in cited)
        expected = "alleged" if len(cited) == 1 else "corroborated"
        if len(cited) >= 3 and graded:
            expected = "verified"
        assert incident.status == expected, incident.key
    assert {i.status for i in data.incidents} == {"alleged", "corroborated", "verified"}


def test_victim_counts_are_consistent_and_sometimes_only_words(data):
    for incident in data.incidents:
        named = len({act.victim for act in incident.acts})
        low, high = incident.victim_count_min, incident.victim_count_max
        exact = incident.victim_count_exact
        if exact is not None:
            assert exact == named and low is None and high is None
        else:
            assert incident.victim_count_text and low >= named
            assert high is None or low <= high
    texts = {i.victim_count_text for i in data.incidents}
    assert any("about" in t for t in texts) and "수십 명" in texts


def test_proceedings_are_mostly_wgeid_with_statuses_and_references(data):
    forums = Counter(p.forum for p in data.proceedings)
    assert forums.most_common(1)[0][0] == "wgeid"
    assert {"submitted", "transmitted", "replied", "outstanding", "clarified"} <= {
        p.status for p in data.proceedings
    }
    incidents = {i.key for i in data.incidents}
    persons_by_key = {p.key: p for p in data.persons}
    persons = set(persons_by_key)
    for proceeding in data.proceedings:
        assert set(proceeding.incidents) <= incidents and set(proceeding.persons) <= persons
        assert proceeding.filed_date
        if proceeding.forum == "wgeid":
            assert proceeding.reference.startswith("WGEID/DEMO/")
            # the consent rule the application enforces holds in the demo data too
            assert all(persons_by_key[key].consent_share_un for key in proceeding.persons)
