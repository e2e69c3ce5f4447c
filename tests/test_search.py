"""The search box, the incident browser, saved searches and the CSV export (kirok.search)."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.records.models import PlaceName
from kirok.search import facets
from kirok.search.models import SavedSearch
from kirok.vocabularies.models import Term
from tests import factories

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")
BROWSE = reverse("search:browse")
EXPORT = reverse("search:export")
HYESONG = [
    {"text": "김혜송", "script": "hangul", "is_primary": True},
    {"text": "Kim Hye-song", "script": "latin", "romanization": "mr_plain", "sort_order": 1},
]
HIDDEN_TITLE = "숨은사례 온성 보위부 연행"


@pytest.fixture
def reader(client, analyst, case):
    """The analyst, signed in, reading English pages; a member of ``case`` only."""
    client.force_login(analyst)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def hyesong(case):
    """김혜송, taken from Onsong in 2012 (an incident of ``case``)."""
    person = factories.make_person(names=[dict(n) for n in HYESONG], cases=[case], sex="female")
    incident = factories.make_incident(
        title="온성 보위부의 귀환자 연행",
        summary="강제송환된 김혜송은 2012년 온성군 보위부는 그를 집결소에 가두었다.",
        start_date="2012-05",
        place=onsong(),
        cases=[case],
        status="corroborated",
    )
    factories.make_act(incident=incident, victim=person)
    return person, incident


@pytest.fixture
def hidden(db):
    """The same words, the same name, the same province and year, in a case nobody here is
    a member of: nothing of it may show, not even in a count."""
    other = factories.make_case("다른 사례 (other case)")
    person = factories.make_person(names=[dict(n) for n in HYESONG], cases=[other], sex="male")
    incident = factories.make_incident(
        title=HIDDEN_TITLE,
        summary="온성군 보위부는 김혜송을 연행했다.",
        start_date="2012-06",
        place=onsong(),
        cases=[other],
        status="verified",
        violation_types=("abduction",),
    )
    factories.make_act(incident=incident, victim=person, violation_type="abduction")
    source = factories.make_source(
        title="숨은 면담",
        text="온성 보위부는 김혜송을 데려갔다.",
        cases=[other],
        kind="news_article",
    )
    factories.make_evidence(source, incident=incident)
    return incident


def onsong():
    return factories.make_place(
        "KP-09-onsong-gun", "온성군", "Onsong", parent=factories.north_hamgyong()
    )


def ryanggang_incident(case):
    province = factories.make_place(
        "KP-10", "량강도", "Ryanggang", level="admin1", parent=factories.north_korea()
    )
    hyesan = factories.make_place("KP-10-hyesan-si", "혜산시", "Hyesan", parent=province)
    return factories.make_incident(
        title="혜산 국경 연행", start_date="2019", place=hyesan, cases=[case]
    )


def body(response) -> str:
    return response.content.decode()


def facet_counts(response) -> dict:
    return {
        (facet.key, option.value): option.count
        for facet in response.context["facets"]
        for option in facet.options
    }


# --- The search box --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["김혜송", "Kim Hye-song", "Gim Hyesong", "KIM HYE SONG", "金惠松"]
)
def test_every_spelling_of_a_name_finds_the_person(reader, hyesong, spelling):
    person, _incident = hyesong
    response = reader.get(SEARCH, {"q": spelling})
    assert response.status_code == 200
    assert reverse("web:person", args=[person.public_id]) in body(response)
    assert [hit.record for hit in response.context["results"].persons] == [person]


def test_a_name_recorded_in_chinese_characters_is_found_by_its_korean_spellings(reader, case):
    # As a Chinese police record gives it: only 金惠松, read 김혜송.
    person = factories.make_person(
        names=[{"text": "金惠松", "script": "hanja", "is_primary": True}], cases=[case]
    )
    for spelling in ("김혜송", "Kim Hye-song"):
        response = reader.get(SEARCH, {"q": spelling})
        assert [hit.record for hit in response.context["results"].persons] == [person]
    assert reader.get(SEARCH, {"q": "김혜숙"}).context["results"].persons == []


def test_a_result_opens_only_the_names_it_shows_not_their_parts(reader, hyesong):
    """Every encrypted field a page loads is decrypted: a result shows a name as written, so
    its family and given name stay sealed (two decryptions fewer per name)."""
    person, _incident = hyesong
    response = reader.get(SEARCH, {"q": "Gim Hyesong"})
    results = response.context["results"]
    [found] = results.persons
    [victim] = results.incidents[0].victims
    assert found.record == victim == person
    for shown in (found.record, victim):
        assert {n.text for n in shown.names.all()} == {"김혜송", "Kim Hye-song"}
        for name in shown.names.all():
            assert {"family_name", "given_name"} <= name.get_deferred_fields()
    assert "김혜송" in body(response) and "Kim Hye-song" in body(response)


def test_the_search_forms_post_the_words_so_no_name_lands_in_an_address(reader, hyesong):
    person, _incident = hyesong
    page = body(reader.get(SEARCH))
    assert 'class="site-search" method="post"' in page
    assert 'hx-post="/search/"' in page and "hx-push-url" not in page
    response = reader.post(SEARCH, {"q": "Gim Hyesong"})
    assert response.status_code == 200
    assert [hit.record for hit in response.context["results"].persons] == [person]
    assert "no-cache" in response["Cache-Control"]


def test_a_name_finds_the_incidents_of_the_victim(reader, hyesong):
    _person, incident = hyesong
    response = reader.get(SEARCH, {"q": "Gim Hyesong"})
    assert [hit.record for hit in response.context["results"].incidents] == [incident]
    assert "온성 보위부의 귀환자 연행" in body(response)


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ("Kim Hye-song", "그날 밤 김혜송은 어머니와 함께 끌려갔다.", "김혜송"),
        ("kim hyesong", "그날 밤 김 혜송 씨가 끌려갔다.", "김 혜송"),
        ("김혜송", "Officers took KIM HYE SONG (born 1984) from her home.", "KIM HYE SONG"),
        ("김혜송", "Witnesses saw Hye-song Kim at the holding centre.", "Hye-song Kim"),
        ("Gim Hyesong", "Case 2. Kim Hye-song, from Onsong.", "Kim Hye-song"),
        ("金惠松", "Case 2. Kim Hye-song, from Onsong.", "Kim Hye-song"),  # Chinese characters
        # A Chinese police record, no space around the name, found by two other scripts.
        ("Kim Hye-song", "朝鲜籍女子金惠松（1984年出生）被图们市公安局拘留。", "金惠松"),
        ("김혜송", "朝鲜籍女子金惠松被遣返。", "金惠松"),
    ],
)
def test_a_name_finds_the_texts_that_name_the_person_in_another_spelling(
    reader, case, query, text, marked
):
    """No word of the query is in the text: the person is found by the comparison key of
    the name the text gives (kirok.lib.names.mentions), and the name is marked."""
    source = factories.make_source(title="면담 기록", text=text, cases=[case])
    factories.make_source(
        title="다른 면담", text="Kim Hye-ran and 김순희 were taken.", cases=[case]
    )
    response = reader.get(SEARCH, {"q": query})
    assert [hit.record for hit in response.context["results"].sources] == [source]
    assert f"<mark>{marked}</mark>" in body(response)


def test_an_incident_summary_naming_the_person_in_hangul_is_found_by_a_romanization(reader, case):
    incident = factories.make_incident(
        title="온성 연행", summary="2012년 보위부는 김혜송을 연행했다.", cases=[case]
    )
    response = reader.get(SEARCH, {"q": "Kim Hye-song"})
    assert [hit.record for hit in response.context["results"].incidents] == [incident]
    assert "<mark>김혜송</mark>을" in body(response)


def test_a_word_that_only_looks_like_a_name_is_not_found_for_a_real_name(reader, case):
    """조선 (Korea) and 정부 (government) read as names to the index; no person's name in
    another spelling has their keys, and a four-syllable word is no name query."""
    factories.make_source(title="보고서", text="조선 정부는 답하지 않았다.", cases=[case])
    for query in ("Kim Hye-song", "Cho Son-jong", "강제송환"):
        assert reader.get(SEARCH, {"q": query}).context["results"].sources == []


def test_a_korean_word_finds_text_where_it_carries_a_particle(reader, case):
    source = factories.make_source(
        title="온성 출신 탈북민 면담",
        text="그해 겨울 온성군 보위부는 마을의 귀환자 가족을 모두 불러 조사했다.",
        cases=[case],
    )
    response = reader.get(SEARCH, {"q": "보위부"})
    assert [hit.record for hit in response.context["results"].sources] == [source]
    assert "<mark>보위부</mark>는" in body(response)


@pytest.mark.parametrize("common", [10_000, 1], ids=["rare pieces listed", "common pieces probed"])
def test_words_are_found_whether_their_pieces_are_rare_or_common(reader, case, monkeypatch, common):
    """Two ways to the same answer (kirok.security.indexing.newest_candidates): the walk
    goes down the rarest piece's records, or, when every piece is common, down the records
    themselves, keeping those that hold every other piece."""
    from kirok.security import indexing

    monkeypatch.setattr(indexing, "COMMON_TOKEN", common)
    wanted = factories.make_source(
        title="회령 면담", text="회령시 보위부는 귀환자를 강제송환 뒤 가두었다.", cases=[case]
    )
    factories.make_source(
        title="혜산 면담", text="강제로 끌려갔다. 송환 뒤 소식이 없다.", cases=[case]
    )
    factories.make_source(title="무산 면담", text="보위부 얘기는 없었다.", cases=[case])
    response = reader.get(SEARCH, {"q": "강제송환 보위부"})
    assert [hit.record for hit in response.context["results"].sources] == [wanted]


@pytest.mark.parametrize(
    ("candidates", "found"), [(4, 1), (10, 2)], ids=["reading stops", "page filled"]
)
def test_the_newest_candidates_are_read_in_pages_and_a_cut_list_says_so(
    reader, case, monkeypatch, candidates, found
):
    """Three true matches under three newer texts whose pieces only occur apart: the false
    ones are read and dropped page by page (LIMIT + 1 at a time); reading stops after
    CANDIDATES, or when the page is full, and the page says the list was cut."""
    from kirok.search import finder

    monkeypatch.setattr(finder, "LIMIT", 2)
    monkeypatch.setattr(finder, "CANDIDATES", candidates)
    wanted = [
        factories.make_source(
            title=f"면담 {n}", text="보위부가 강제송환 뒤 가두었다.", cases=[case]
        )
        for n in range(3)
    ]
    for n in range(3):
        factories.make_source(
            title=f"다른 면담 {n}", text="강제로 끌려간 제송리 사람들의 송환", cases=[case]
        )
    response = reader.get(SEARCH, {"q": "강제송환"})
    results = response.context["results"]
    assert [hit.record for hit in results.sources] == wanted[::-1][:found]
    assert "sources" in results.more
    assert "Only the first results are shown" in body(response)


@pytest.mark.parametrize("common", [10_000, 1], ids=["rare piece walked", "records walked"])
def test_the_index_walk_goes_on_step_by_step_until_it_finds_the_old_matches(
    reader, case, monkeypatch, common
):
    """Ten sources with 온성, twelve with 보위부; only the two oldest say both. Down the
    rarer 온성's records (or down all records), with steps of 2, 4, 4 … ids, the walk
    crosses several steps to reach them; a walk stopped early (MAX_WALKED) says that more
    may remain."""
    from kirok.security import indexing

    monkeypatch.setattr(indexing, "COMMON_TOKEN", common)
    monkeypatch.setattr(indexing, "WALK_FIRST", 2)
    monkeypatch.setattr(indexing, "WALK_LAST", 4)
    old = [
        factories.make_source(title=f"옛 면담 {n}", text="온성 보위부가 가두었다.", cases=[case])
        for n in range(2)
    ]
    for n in range(8):
        factories.make_source(title=f"새 면담 {n}", text="온성에서 떠났다.", cases=[case])
    for n in range(10):
        factories.make_source(title=f"다른 면담 {n}", text="보위부에 불려갔다.", cases=[case])
    results = reader.get(SEARCH, {"q": "온성 보위부"}).context["results"]
    assert [hit.record for hit in results.sources] == old[::-1]
    assert "sources" not in results.more
    monkeypatch.setattr(indexing, "MAX_WALKED", 6)
    results = reader.get(SEARCH, {"q": "온성 보위부"}).context["results"]
    assert results.sources == [] and "sources" in results.more


def test_a_reader_of_one_case_finds_its_old_match_under_many_newer_hidden_ones(
    analyst, case, monkeypatch
):
    """Thirty newer sources with the words sit in a case the reader is not in: once a read
    comes back short, the rest of the walk's ids are cut to those the reader sees in one
    query, so the hidden ones neither show, nor use up the CANDIDATES the reader's own
    source needs, nor cost a query per page."""
    from kirok.search import finder

    monkeypatch.setattr(finder, "CANDIDATES", 3)
    reader_user = analyst
    mine = factories.make_source(title="내 면담", text="회령 보위부가 가두었다.", cases=[case])
    other = factories.make_case("다른 사례 (other case)")
    for n in range(30):
        factories.make_source(title=f"숨은 면담 {n}", text="회령 보위부가 가두었다.", cases=[other])
    with CaptureQueriesContext(connection) as sources_group:
        results = finder.find(reader_user, "회령 보위부")
    assert [hit.record for hit in results.sources] == [mine]
    assert "sources" not in results.more
    # The first read comes back empty; one query then cuts the other 28 ids to the one the
    # reader sees, and one reads it (reading the hidden ones three at a time, CANDIDATES'
    # worth, took eleven).
    reading = [q["sql"] for q in sources_group.captured_queries if '"sources_source"' in q["sql"]]
    assert len(reading) == 3


def test_an_english_word_finds_an_incident_summary(reader, case):
    incident = factories.make_incident(
        title="Forced return from Tumen",
        summary="She was repatriated in 2013 and detained at the Onsong holding centre.",
        cases=[case],
    )
    response = reader.get(SEARCH, {"q": "repatriated"})
    assert [hit.record for hit in response.context["results"].incidents] == [incident]
    assert "<mark>repatriated</mark>" in body(response)


def test_a_name_written_out_comes_before_its_words_scattered_through_a_long_list(reader, case):
    """A list of names holds "Kim", "Hye…" and "Song…" lines apart as often as it holds the
    name: the source that names Kim Hye-song comes first though it is older, and each
    result shows where its words stand closest, marking whole word starts only."""
    named = factories.make_source(
        title="Partner list, batch 1",
        text="1. Pak Chol-su, from Musan. 2. Kim Hye-song (born 1984, from Onsong).",
        cases=[case],
    )
    scattered = factories.make_source(
        title="Partner list, batch 2",
        text="1. Kim Tong-son, from Onsong. 2. Ri Yong-hui, from Hyesan. 3. Songhwa county.",
        cases=[case],
    )
    response = reader.get(SEARCH, {"q": "Kim Hye-song"})
    assert [hit.record for hit in response.context["results"].sources] == [named, scattered]
    page = body(response)
    assert "<mark>Kim</mark> <mark>Hye</mark>-<mark>song</mark> (born 1984" in page
    assert "Ons<mark>ong" not in page and "On<mark>song" not in page
    assert "<mark>Hye</mark>san" in page
    assert [hit.apart for hit in response.context["results"].sources] == [False, True]
    assert page.count("The words are in this text, but not side by side.") == 1


def test_hidden_cases_never_appear_in_search_results(reader, hyesong, hidden):
    for query in ("김혜송", "Gim Hyesong", "보위부", "온성"):
        response = reader.get(SEARCH, {"q": query})
        text = body(response)
        assert HIDDEN_TITLE not in text and "숨은 면담" not in text
        assert str(hidden.public_id) not in text
        results = response.context["results"]
        assert hidden not in [hit.record for hit in results.incidents]
        assert len(results.persons) <= 1


def test_a_search_is_audited_as_a_keyed_hash_never_the_words(reader, hyesong):
    reader.get(SEARCH, {"q": "Kim Hye-song"})
    reader.get(SEARCH, {"q": "김혜송"})
    events = list(AuditEvent.objects.filter(action="search").order_by("pk"))
    assert [e.detail["query_kind"] for e in events] == ["name", "name"]
    # Two spellings of one name are one name searched (the infiltrator alert counts names).
    assert events[0].detail["query_hash"] == events[1].detail["query_hash"]
    assert events[0].detail["results"] >= 1
    for event in events:
        assert "혜송" not in str(event.detail) and "Hye" not in str(event.detail)


def test_the_header_box_answers_with_the_results_part_for_htmx(reader, hyesong):
    response = reader.get(SEARCH, {"q": "김혜송"}, HTTP_HX_REQUEST="true")
    assert "<html" not in body(response)
    assert "김혜송" in body(response)
    assert "HX-Request" in response["Vary"]


# --- Browsing with facets ---------------------------------------------------------------------


def test_browsing_finds_an_incident_by_another_spelling_of_its_victim(reader, hyesong):
    _person, incident = hyesong
    response = reader.get(BROWSE, {"q": "Gim Hyesong"})
    assert list(response.context["page"].object_list) == [incident]


def test_browsing_finds_an_incident_whose_summary_gives_the_name_in_another_script(reader, case):
    """No victim recorded yet, the name only in the summary, in Hangul."""
    incident = factories.make_incident(
        title="온성 연행", summary="2012년 보위부는 김혜송을 연행했다.", cases=[case]
    )
    factories.make_incident(title="다른 사건", summary="조선 정부는 답하지 않았다.", cases=[case])
    response = reader.get(BROWSE, {"q": "Kim Hye-song"})
    assert list(response.context["page"].object_list) == [incident]


def test_filters_by_province_and_year(reader, hyesong, case):
    _person, onsong_incident = hyesong
    hyesan_incident = ryanggang_incident(case)
    page = reader.get(BROWSE, {"province": "KP-09", "year_from": "2012", "year_to": "2012"})
    assert list(page.context["page"].object_list) == [onsong_incident]
    page = reader.get(BROWSE, {"province": "KP-10"})
    assert list(page.context["page"].object_list) == [hyesan_incident]
    page = reader.get(BROWSE, {"year_from": "2015"})
    assert list(page.context["page"].object_list) == [hyesan_incident]
    swapped = reader.get(BROWSE, {"year_from": "2012", "year_to": "2010", "province": "KP-09"})
    assert list(swapped.context["page"].object_list) == [onsong_incident]
    assert "The first year is after the last" in body(swapped)
    not_a_year = reader.get(BROWSE, {"year_from": "twenty"})
    assert "“twenty” is not a year." in body(not_a_year)


def test_a_place_or_term_added_after_a_page_was_read_is_a_filter_at_once(reader, hyesong, case):
    # The codes of places, organizations and terms are cached with the counting snapshot;
    # reference data added later must reach the next page, not the next restart.
    reader.get(BROWSE, {"province": "KP-09"})
    region = factories.make_place(
        "KP-98", "시험도", "Test Province", level="admin1", parent=factories.north_korea()
    )
    town = factories.make_place("KP-98-test-si", "시험시", "Test City", parent=region)
    incident = factories.make_incident(
        title="시험 사건", start_date="2019", place=town, cases=[case]
    )
    kind = Term.objects.create(
        vocabulary=factories.term("violation_type", "torture").vocabulary,
        code="test_new_kind",
        labels={"en": "A new kind", "ko": "새 유형"},
    )
    incident.violation_types.add(kind)
    page = reader.get(BROWSE, {"province": "KP-98", "violation": "test_new_kind"})
    assert "Unknown value" not in body(page)
    assert list(page.context["page"].object_list) == [incident]
    assert facet_counts(page)[("province", "KP-98")] == 1


def test_a_place_renamed_by_its_name_alone_is_shown_renamed_in_the_facets(reader, hyesong):
    # Facet labels are cached with the counting snapshot; a name saved without its place
    # (a script, the admin's name table) must reach them too.
    labels = {o.value: o.label for f in reader.get(BROWSE).context["facets"] for o in f.options}
    assert labels["KP-09"] == "North Hamgyong"
    name = PlaceName.objects.get(place__gazetteer_id="KP-09", text="North Hamgyong")
    name.text = "Hamgyong-bukto"
    name.save()
    labels = {o.value: o.label for f in reader.get(BROWSE).context["facets"] for o in f.options}
    assert labels["KP-09"] == "Hamgyong-bukto"


def test_the_list_shows_a_place_under_its_new_name_at_once(reader, hyesong):
    # The rows' place names are cached with the counting snapshot too.
    assert "Onsong" in reader.get(BROWSE).content.decode()
    name = PlaceName.objects.get(place=hyesong[1].place, text="Onsong")
    name.text = "Onsŏng-gun"
    name.save()
    assert "Onsŏng-gun" in reader.get(BROWSE).content.decode()


def test_facet_counts_count_visible_incidents_and_leave_out_their_own_filter(reader, hyesong, case):
    person, incident = hyesong
    ryanggang_incident(case)
    # Named on the incident and on an act: still one incident of that type.
    factories.make_act(incident=incident, victim=person, violation_type="enforced_disappearance")
    counts = facet_counts(reader.get(BROWSE, {"province": "KP-09"}))
    # Choosing North Hamgyong still shows how many Ryanggang would add.
    assert counts[("province", "KP-09")] == 1 and counts[("province", "KP-10")] == 1
    assert counts[("status", "corroborated")] == 1 and ("status", "alleged") not in counts
    assert counts[("sex", "female")] == 1
    assert counts[("perpetrator", "mss-kp-09-hoeryeong-si")] == 1
    # Born about 1975, taken in May 2012: 35 to 38 years old.
    assert counts[("age_group", "30-39")] == 1 and ("age_group", "0-17") not in counts
    child = factories.make_person(cases=[case], birth_date="2000")
    factories.make_act(incident=incident, victim=child)
    counts = facet_counts(reader.get(BROWSE, {"province": "KP-09"}))
    assert counts[("age_group", "0-17")] == 1 and counts[("age_group", "30-39")] == 1
    only_children = reader.get(BROWSE, {"age_group": "0-17"})
    assert list(only_children.context["page"].object_list) == [incident]
    # A violation type counts whether the incident or one of its acts names it.
    assert counts[("violation", "enforced_disappearance")] == 1
    assert counts[("violation", "arbitrary_detention")] == 1


def test_hidden_cases_change_no_count_and_no_row(reader, hyesong, case):
    params = {"q": "보위부", "province": "KP-09"}
    before = reader.get(BROWSE, params)
    before_counts, before_total = facet_counts(before), before.context["page"].paginator.count
    # Everything below matches the same filters, in a case the reader is not a member of.
    hidden = make_hidden()
    after = reader.get(BROWSE, params)
    assert facet_counts(after) == before_counts
    assert after.context["page"].paginator.count == before_total == 1
    assert HIDDEN_TITLE not in body(after) and str(hidden.public_id) not in body(after)
    assert facet_counts(reader.get(BROWSE)) == facet_counts(reader.get(BROWSE))


def make_hidden():
    other = factories.make_case("다른 사례 (other case)")
    person = factories.make_person(names=[dict(n) for n in HYESONG], cases=[other], sex="male")
    incident = factories.make_incident(
        title=HIDDEN_TITLE,
        summary="온성군 보위부는 김혜송을 연행했다.",
        start_date="2012-06",
        place=onsong(),
        cases=[other],
        status="verified",
    )
    factories.make_act(incident=incident, victim=person, violation_type="abduction")
    return incident


def test_a_visible_incident_with_a_hidden_victim_counts_no_victim_facts(reader, case):
    incident = factories.make_incident(title="보이는 사건", cases=[case])
    other = factories.make_case("다른 사례 (other case)")
    hidden_victim = factories.make_person(cases=[other], sex="male", names=HYESONG[:1])
    factories.make_act(incident=incident, victim=hidden_victim)
    counts = facet_counts(reader.get(BROWSE))
    assert ("sex", "male") not in counts and ("age_group", "30-39") not in counts
    # Nor does the hidden victim's name find the incident.
    assert not list(reader.get(BROWSE, {"q": "김혜송"}).context["page"].object_list)


def test_a_source_facet_counts_only_sources_the_reader_may_see(reader, hyesong, case):
    _person, incident = hyesong
    factories.make_evidence(factories.make_source(cases=[case]), incident=incident)
    other = factories.make_case("다른 사례 (other case)")
    factories.make_evidence(
        factories.make_source(cases=[other], kind="news_article", reliability="a"),
        incident=incident,
    )
    # Cited on the incident and on its act: one incident of that kind.
    factories.make_evidence(factories.make_source(cases=[case]), act=incident.acts.get())
    counts = facet_counts(reader.get(BROWSE))
    assert counts[("source_kind", "testimony")] == 1 and counts[("reliability", "b")] == 1
    assert ("source_kind", "news_article") not in counts and ("reliability", "a") not in counts
    assert not list(reader.get(BROWSE, {"source_kind": "news_article"}).context["page"].object_list)


def test_sorting_and_paging_keep_the_filters_in_the_address(reader, case):
    for year in range(1990, 2020):
        factories.make_incident(title=f"{year}년 사건", start_date=str(year), cases=[case])
    first = reader.get(BROWSE, {"sort": "oldest", "year_from": "1990"})
    assert first.context["page"].object_list[0].start_date == "1990"
    assert "sort=oldest" in body(first) and "year_from=1990" in body(first)
    second = reader.get(BROWSE, {"sort": "oldest", "year_from": "1990", "page": "2"})
    assert second.context["page"].object_list[0].start_date == "2015"
    newest = reader.get(BROWSE, {"sort": "newest"})
    assert newest.context["page"].object_list[0].start_date == "2019"


def test_a_filtered_list_is_audited_without_its_words(reader, hyesong):
    reader.get(BROWSE, {"province": "KP-09"})
    reader.get(BROWSE, {"q": "김혜송"})
    reader.get(BROWSE)
    events = list(AuditEvent.objects.filter(action="search").order_by("pk"))
    assert [e.detail["query_kind"] for e in events] == ["filter", "name"]
    assert all("혜송" not in str(e.detail) for e in events)


INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE records_incident; --',
    "1) UNION SELECT username, password FROM accounts_user --",
    "%' AND 1=(SELECT COUNT(*) FROM accounts_user) AND '%'='",
]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_sql_injection_strings_change_nothing(reader, hyesong, hidden, injection):
    from kirok.records.models import Incident, Person

    counts = (Incident.objects.count(), Person.objects.count())
    for url in (SEARCH, BROWSE):
        params = {name: injection for name in ("q", "province", "perpetrator", "status", "sort")}
        params.update(year_from=injection, violation=injection, page=injection)
        response = reader.get(url, params)
        assert response.status_code == 200
        assert HIDDEN_TITLE not in body(response)
        assert "syntax error" not in body(response)
    browse = reader.get(BROWSE, {"status": injection, "q": injection})
    assert not list(browse.context["page"].object_list)
    assert "Unknown value" in body(browse)
    assert (Incident.objects.count(), Person.objects.count()) == counts


def test_words_typed_in_the_list_never_reach_its_address_in_clear(reader, hyesong):
    response = reader.post(BROWSE, {"q": "Kim Hye-song", "province": "KP-09"})
    assert response.status_code == 302
    address = response["Location"]
    sent = QueryDict(address.partition("?")[2])
    assert sorted(sent) == ["province", "qe"]  # no "q": the words are sealed
    assert "Kim Hye-song" not in sent["qe"] and "Hye-song" not in unquote(address)
    page = reader.get(address)
    _person, incident = hyesong
    assert [i.title for i in page.context["page"].object_list] == [incident.title]
    assert page.context["filters"].q == "Kim Hye-song"
    # The page's own links (pages, export, save) carry the sealed words too.
    assert "Kim" not in page.context["query_string"]


def test_a_link_with_words_that_cannot_be_read_says_so(reader, hyesong):
    page = reader.get(
        BROWSE, {"qe": "kv1:AAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "province": "KP-09"}
    )
    assert page.status_code == 200
    assert "cannot be read any more" in body(page)
    assert page.context["filters"].q == ""


# --- Saved searches ------------------------------------------------------------------------


def test_a_saved_search_belongs_to_its_owner(reader, client, analyst, case, hyesong):
    response = reader.post(
        reverse("search:save"), {"name": "온성 2012", "query": "province=KP-09&evil=1&q=김혜송"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=analyst)
    kept = QueryDict(saved.query)
    assert sorted(kept) == ["province", "qe"]  # "evil" is dropped, the words are sealed
    assert "김혜송" not in saved.query and "%EA%B9%80" not in saved.query
    assert facets.parse_filters(kept).q == "김혜송"
    assert "온성 2012" in body(reader.get(BROWSE))

    other = factories.make_user("analyst", username="another-analyst")
    factories.make_case("또 다른 사례", members=[other])
    client.force_login(other)
    assert "온성 2012" not in body(client.get(BROWSE))
    refused = client.post(reverse("search:delete"), {"saved": str(saved.public_id)})
    assert refused.status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    assert AuditEvent.objects.filter(action="access_refused", actor=other).exists()

    client.force_login(analyst)
    assert client.post(reverse("search:delete"), {"saved": str(saved.public_id)}).status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_a_saved_search_is_encrypted_at_rest(reader, analyst):
    reader.post(reverse("search:save"), {"name": "김혜송 찾기", "query": "q=김혜송"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, query FROM search_savedsearch")
        name, query = cursor.fetchone()
    assert "김혜송" not in name and "%EA%B9%80" not in query


# --- The CSV export ----------------------------------------------------------------------


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_csv_holds_the_filtered_list_without_names_and_is_audited(
    reader, hyesong, case, hidden
):
    _person, incident = hyesong
    ryanggang_incident(case)
    response = reader.post(f"{EXPORT}?province=KP-09&q=김혜송")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert rows[0][:2] == ["public_id", "start_date"]
    assert [row[0] for row in rows[1:]] == [str(incident.public_id)]
    assert rows[1][6] == "North Hamgyong" and rows[1][7] == "corroborated"
    text = response.content.decode("utf-8-sig")
    assert "김혜송" not in text and "Hye" not in text and "온성 보위부의" not in text
    event = AuditEvent.objects.get(action="search_exported")
    assert event.detail["rows"] == 1
    assert event.detail["filters"] == {"province": ["KP-09"]}
    assert "query_hash" in event.detail and "혜송" not in str(event.detail)


def test_the_csv_defuses_spreadsheet_formulas(reader, case):
    trap = factories.make_place(
        "KP-09-trap",
        '=HYPERLINK("http://evil.example","x")',
        "=1+2",
        parent=factories.north_hamgyong(),
    )
    factories.make_incident(title="함정", place=trap, cases=[case])
    rows = rows_of(reader.post(EXPORT))
    assert rows[1][5] == "'=1+2"


def test_the_csv_is_refused_to_a_viewer_and_needs_post(client, case, reader):
    assert reader.get(EXPORT).status_code == 405
    viewer = factories.make_user("viewer", username="viewer-in-case")
    CaseMembership.objects.create(case=case, user=viewer)
    client.force_login(viewer)
    assert client.post(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="search_exported").exists()
