"""The linkage benchmark's generator of Korean person records (bench/linkage_data.py):
deterministic per seed, noisy at the rates its docstring states, and wholly synthetic."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from bench import linkage_data
from bench.linkage_data import AVOIDED_NAMES, COMMON_GIVEN_NAMES, GIVEN_SYLLABLES, RATES
from kirok.lib import gazetteer
from kirok.lib.names.hangul import has_hangul
from kirok.lib.synthetic.names import DPRK_SPELLING

PERSONS = 4000


@pytest.fixture(scope="module")
def data():
    return linkage_data.generate(PERSONS, seed=11)


def share(data, label: str) -> float:
    return sum(label in n for n in data.noise.values()) / len(data.records)


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    assert linkage_data.generate(300, seed=4).records == linkage_data.generate(300, seed=4).records
    assert linkage_data.generate(300, seed=4).records != linkage_data.generate(300, seed=5).records


@pytest.mark.parametrize("persons", [1, 2, 3, 7, 300])
def test_any_number_of_persons_is_generated_exactly_with_known_relatives(persons):
    data = linkage_data.generate(persons, seed=persons)
    assert len(data.persons) == persons
    assert all(set(p.relatives) <= set(data.persons) for p in data.persons.values())


def test_every_record_has_a_true_person_and_each_person_one_to_four_records(data):
    assert len(data.persons) == PERSONS
    assert set(data.truth) == {r.record_id for r in data.records}
    assert len({r.record_id for r in data.records}) == len(data.records)
    per_person = Counter(Counter(data.truth.values()).values())
    assert set(per_person) <= {1, 2, 3, 4}
    assert sum(per_person.values()) == PERSONS  # nobody is left without a record
    for count, rate in RATES["records_per_person"].items():
        assert per_person[count] / PERSONS == pytest.approx(rate, abs=0.03)


def test_a_person_is_written_by_different_kinds_of_source(data):
    kinds = defaultdict(list)
    for record in data.records:
        kinds[data.truth[record.record_id]].append(record.source.rsplit("-", 1)[0])
    assert all(len(k) == len(set(k)) for k in kinds.values())
    assert set(linkage_data.SOURCE_KINDS) == {k for ks in kinds.values() for k in ks}


@pytest.mark.parametrize(
    "label",
    ["given_first", "alias_extra", "alias_only", "typo", "sex_missing", "sex_wrong", "second_name"],
)
def test_name_and_sex_noise_come_at_the_stated_rates(data, label):
    expected = RATES[label]
    if label == "given_first":  # only Latin names can put the given name first
        latin = sum(not has_hangul(r.names[0]) for r in data.records) / len(data.records)
        expected *= latin
    assert share(data, label) == pytest.approx(expected, abs=max(0.01, expected * 0.3))


@pytest.mark.parametrize("how", list(RATES["birth"]))
def test_birth_year_noise_comes_at_the_stated_rates(data, how):
    assert share(data, f"birth_{how}") == pytest.approx(RATES["birth"][how], abs=0.02)


@pytest.mark.parametrize("how", list(RATES["hometown"]))
def test_hometown_noise_comes_at_the_stated_rates(data, how):
    assert share(data, f"hometown_{how}") == pytest.approx(RATES["hometown"][how], abs=0.02)


def test_birth_fields_say_what_their_noise_label_says(data):
    for record in data.records:
        person = data.persons[data.truth[record.record_id]]
        noise = data.noise[record.record_id]
        if "birth_exact" in noise:
            assert record.birth_year == person.birth_year
        elif "birth_off1" in noise:
            assert abs(record.birth_year - person.birth_year) == 1
        elif "birth_off2" in noise:
            assert abs(record.birth_year - person.birth_year) == 2
        elif "birth_range" in noise:
            low, high = record.birth_year_range
            assert record.birth_year is None and low <= person.birth_year <= high
        elif "birth_age" in noise:
            assert record.birth_year is None
            derived = record.event_year - record.age_at_event
            assert derived - person.birth_year in (0, 1)  # the birthday may not have come
        else:
            assert record.birth_year is None and record.age_at_event is None


def test_sources_write_names_in_their_own_scripts_and_spellings(data):
    by_kind = defaultdict(list)
    for record in data.records:
        by_kind[record.source.rsplit("-", 1)[0]].append(record)
    hangul_share = {
        kind: sum(has_hangul(r.names[0]) for r in records) / len(records)
        for kind, records in by_kind.items()
    }
    assert hangul_share["nk_document"] == 1.0
    assert hangul_share["testimony"] == pytest.approx(0.85, abs=0.04)
    assert hangul_share["un_communication"] == pytest.approx(0.05, abs=0.03)
    # A North Korean document writes 이/노/임 surnames as 리/로/림.
    for record in by_kind["nk_document"]:
        person = data.persons[data.truth[record.record_id]]
        if person.surname in DPRK_SPELLING and "typo" not in data.noise[record.record_id]:
            assert record.names[0].startswith(DPRK_SPELLING[person.surname])


def test_latin_names_vary_in_system_hyphenation_and_surname_spelling(data):
    latin = [r.names[0] for r in data.records if not has_hangul(r.names[0])]
    assert sum("-" in n for n in latin) / len(latin) == pytest.approx(0.4, abs=0.06)
    assert any("ŏ" in n for n in latin)  # McCune–Reischauer or DPRK with breves
    assert any("'" in n for n in latin)  # MR aspirates: Ch'oe, P'yŏng
    kims = {n.split()[0] for n in latin if n.split()[0] in {"Kim", "Gim"}}
    assert kims == {"Kim", "Gim"}
    lees = {w for n in latin for w in n.split() if w in {"Lee", "Yi", "Rhee", "Ri", "I"}}
    assert len(lees) >= 4


def test_many_different_people_share_a_name_and_birth_year(data):
    namesakes = defaultdict(set)
    for person in data.persons.values():
        namesakes[(person.hangul, person.birth_year // 5)].add(person.person_id)
    crowded = [ids for ids in namesakes.values() if len(ids) >= 3]
    assert len(crowded) >= 10
    surnames = Counter(p.surname for p in data.persons.values())
    assert surnames["김"] / PERSONS == pytest.approx(0.215, abs=0.03)
    assert surnames["이"] / PERSONS == pytest.approx(0.147, abs=0.03)
    assert surnames.most_common(4) == [(s, surnames[s]) for s in ("김", "이", "박", "최")]


def test_families_share_surnames_and_hometowns_and_are_listed_as_relatives(data):
    checked = 0
    for child in data.persons.values():
        kin = [data.persons[i] for i in child.relatives]
        # A father is at least 22 years older; a husband at most 6.
        fathers = [p for p in kin if p.sex == "male" and child.birth_year - p.birth_year >= 22]
        if fathers:
            assert child.surname == fathers[0].surname
            assert child.place_id == fathers[0].place_id
            checked += 1
    assert checked > PERSONS / 5
    siblings = defaultdict(list)
    for person in data.persons.values():
        if len(person.relatives) == 2 and person.relatives[0] < person.person_id:
            siblings[tuple(person.relatives)].append(person.given)
    assert all(len(names) == len(set(names)) for names in siblings.values())
    with_relatives = [r for r in data.records if r.relatives]
    assert len(with_relatives) / len(data.records) > 0.15


def test_neighbouring_hometowns_are_other_places_of_the_same_province(data):
    entries = gazetteer.entries_by_id()
    for person in list(data.persons.values())[:200]:
        for neighbour in linkage_data._neighbours(person.place_id):
            assert neighbour != person.place_id
            assert entries[neighbour].parent_id == entries[person.place_id].parent_id


def test_every_person_is_invented_from_the_generators_own_inventory(data):
    allowed_given = {g for names in COMMON_GIVEN_NAMES.values() for g in names}
    syllables = {c for pair in GIVEN_SYLLABLES.values() for part in pair for c in part}
    for person in data.persons.values():
        assert person.hangul not in AVOIDED_NAMES
        assert person.given in allowed_given or set(person.given) <= syllables
    for record in data.records:
        assert not any(name in AVOIDED_NAMES for name in record.names)


def test_febrl_rows_become_person_records_with_the_shared_fields():
    from bench.linkage import febrl3

    dataset = febrl3()
    assert len(dataset.records) == 5000
    assert len(set(dataset.truth.values())) == 2000
    record = next(r for r in dataset.records if r.record_id == "rec-1496-org")
    assert record.names == ("mitchell green",)
    assert (record.birth_year, record.birth_date) == (1956, "1956-04-09")
    assert record.hometown == "cleveland sa"
    assert dataset.truth["rec-1496-org"] == "1496"


def test_the_splink_baseline_links_some_records_of_a_small_korean_set():
    from bench.linkage import korean, run_splink

    outcome = run_splink(korean(300, seed=2))
    assert outcome.records > 300
    assert 0 < outcome.pairwise.precision <= 1
    assert 0 <= outcome.best_f1 <= 1
