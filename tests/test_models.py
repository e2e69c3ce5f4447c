"""The domain model refuses what would make the record wrong: bad dates, cycles, no terms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    Organization,
    Person,
    PersonName,
    Place,
    Relation,
)
from kirok.sources.models import EvidenceSpan, Source
from kirok.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__key=vocabulary, code=code)


def test_an_incident_date_is_stored_with_its_earliest_and_latest_day():
    incident = Incident.objects.create(title="온성 체포", start_date="2012-11~")
    incident.refresh_from_db()
    assert incident.start_date_earliest == dt.date(2012, 10, 1)
    assert incident.start_date_latest == dt.date(2012, 12, 31)


def test_an_invalid_edtf_date_is_refused_on_save_not_only_in_forms():
    before = Incident.objects.count()
    with pytest.raises(ValidationError, match="2012-11-31"), transaction.atomic():
        Incident.objects.create(title="x", start_date="2012-11-31")
    assert Incident.objects.count() == before


def test_bulk_created_records_get_their_date_bounds_too():
    Person.objects.bulk_create([Person(birth_date="1984"), Person(birth_date="../1950")])
    bounds = set(Person.objects.values_list("birth_date_earliest", "birth_date_latest"))
    assert bounds == {(dt.date(1984, 1, 1), dt.date(1984, 12, 31)), (None, dt.date(1950, 12, 31))}


def test_an_incident_cannot_end_before_it_starts():
    incident = Incident(title="순서 오류", start_date="2015-03", end_date="2014")
    with pytest.raises(ValidationError, match="before the start"):
        incident.full_clean()
    with pytest.raises(ValidationError), transaction.atomic():
        incident.save()


def test_an_end_that_may_overlap_an_uncertain_start_is_accepted():
    incident = Incident(title="불확실", start_date="2015~", end_date="2014-12")
    incident.full_clean()


def test_a_place_cannot_become_its_own_ancestor():
    province = Place.objects.get(gazetteer_id="KP-10")
    city = Place.objects.get(gazetteer_id="KP-10-hyesan-si")
    province.parent = city
    with pytest.raises(ValidationError, match="own ancestor"):
        province.save()
    province.refresh_from_db()
    assert province.parent.gazetteer_id == "KP"


def test_an_organization_cannot_become_its_own_ancestor():
    ministry = Organization.objects.get(code="mss")
    county = Organization.objects.get(code="mss-kp-09-onseong-gun")
    ministry.parent = county
    with pytest.raises(ValidationError, match="own ancestor"):
        ministry.full_clean()
    with pytest.raises(ValidationError):
        ministry.save()


def test_a_county_bureau_sits_under_its_province_and_the_ministry():
    bureau = Organization.objects.get(code="mss-kp-10-hyesan-si")
    assert [o.code for o in bureau.ancestors()] == ["mss-kp-10", "mss"]


def test_an_act_needs_a_violation_type():
    incident = Incident.objects.create(title="t")
    victim = Person.objects.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Act.objects.create(incident=incident, victim=victim, violation_type=None)


def test_a_perpetrator_entry_must_name_an_organization_or_a_person():
    act = Act.objects.create(
        incident=Incident.objects.create(title="t"),
        victim=Person.objects.create(),
        violation_type=term("violation_type", "abduction"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ActPerpetrator.objects.create(act=act, role=term("perpetrator_role", "perpetrator"))


def test_a_person_cannot_be_related_to_themselves():
    person = Person.objects.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(
            subject=person, object=person, kind=term("relation_kind", "mother_of")
        )


def test_every_spelling_of_a_name_finds_it_through_its_keyed_search_key():
    person = Person.objects.create()
    hangul = PersonName.objects.create(person=person, text="김혜송", script="hangul")
    latin = PersonName.objects.create(person=person, text="Kim Hye-song", script="latin")
    other = PersonName.objects.create(person=person, text="김혜숙", script="hangul")
    assert hangul.search_key == latin.search_key != other.search_key
    assert "kim" not in hangul.search_key
    for spelling in ("KIM HYESONG", "Hyesong Kim", "Gim Hye Song", "김 혜송"):
        assert set(PersonName.objects.spelled_like(spelling)) == {hangul, latin}


def test_evidence_must_quote_the_source_text_it_points_to():
    source = Source.objects.create(
        title="증언 1",
        kind=term("source_kind", "testimony"),
        text="2012년 11월 초 온성군 보위부가 김혜송을 체포했다.",
    )
    incident = Incident.objects.create(title="t")
    good = EvidenceSpan(source=source, incident=incident, start=0, end=9, quote="2012년 11월")
    good.full_clean()
    wrong = EvidenceSpan(source=source, incident=incident, start=0, end=8, quote="다른 내용")
    with pytest.raises(ValidationError, match="does not match"):
        wrong.full_clean()
    outside = EvidenceSpan(source=source, incident=incident, start=5, end=500)
    with pytest.raises(ValidationError, match="outside"):
        outside.full_clean()


def test_evidence_supports_exactly_one_record():
    source = Source.objects.create(title="s", kind=term("source_kind", "news_article"))
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceSpan.objects.create(source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceSpan.objects.create(
            source=source,
            incident=Incident.objects.create(title="a"),
            person=Person.objects.create(),
        )


def test_every_record_has_a_uuid_public_id_distinct_from_its_key():
    incident = Incident.objects.create(title="t")
    other = Incident.objects.create(title="u")
    assert incident.public_id.version == 4
    assert incident.public_id != other.public_id


def test_source_grades_read_as_letter_and_number():
    source = Source.objects.create(
        title="s",
        kind=term("source_kind", "ngo_report"),
        reliability=term("source_reliability", "b"),
        credibility=term("information_credibility", "2"),
    )
    assert source.grade == "B2"


def test_vocabularies_have_korean_and_english_labels():
    from django.utils import translation

    abduction = term("violation_type", "abduction")
    with translation.override("ko"):
        assert abduction.label == "납치"
    with translation.override("en"):
        assert abduction.label == "Abduction"
    codes = set(Term.objects.of("violation_type").values_list("code", flat=True))
    assert {"forced_repatriation", "coerced_informant_recruitment", "other"} <= codes
    assert Term.objects.of("source_reliability").count() == 6
    assert Term.objects.of("information_credibility").count() == 6


def test_the_gazetteer_is_loaded_with_every_spelling_and_its_credit():
    hyesan = Place.objects.get(gazetteer_id="KP-10-hyesan-si")
    names = set(hyesan.names.values_list("text", flat=True))
    assert {"혜산시", "Hyesan-si", "Hyesan"} <= names
    assert [p.gazetteer_id for p in hyesan.admin_path()] == ["KP-10-hyesan-si", "KP-10", "KP"]
    assert Place.objects.get(gazetteer_id="KP-10").names.filter(text="량강도").exists()
    assert (
        Place.objects.get(gazetteer_id="CN-JL-BAISHAN-CHANGBAI")
        .names.filter(text="长白朝鲜族自治县")
        .exists()
    )
