"""Incident extraction (issue 7, part 2): hand-written sentences, not the development set."""

from __future__ import annotations

import datetime as dt

import pytest

from kirok.lib.extraction import detect_language, extract
from kirok.lib.extraction.fields import dates_in


def _incidents(text: str, **options) -> list[dict]:
    return extract(text, **options)["incidents"]


def test_english_arrest_has_every_field():
    text = "State Security agents arrested 12 traders in Musan in June 2019."
    [incident] = _incidents(text)
    assert incident["types"] == ["arrest"]
    assert incident["perpetrator"]["org"] == "MSS"
    assert incident["place"]["place_id"] == "KP-09-musan-gun"
    assert incident["place"]["country"] == "KP"
    assert incident["place"]["admin1"] == "KP-09"
    assert incident["date"]["edtf"] == "2019-06"
    assert incident["victim_count"] == {"min": 12, "max": 12, "text": "12 traders"}
    assert 0 < incident["confidence"] <= 1


def test_korean_arrest_and_vague_count():
    text = "양강도 혜산시 보위부가 2020년 5월 주민 수십 명을 체포했다."
    [incident] = _incidents(text)
    assert incident["types"] == ["arrest"]
    assert incident["perpetrator"]["org"] == "MSS"
    assert incident["place"]["place_id"] == "KP-10-hyesan-si"
    assert incident["victim_count"]["min"] == 20 and incident["victim_count"]["max"] == 99
    assert incident["date"]["edtf"] == "2020-05"


def test_relative_date_is_anchored_on_publication():
    text = "Border guards detained a woman near Onsong last week."
    [incident] = _incidents(text, published=dt.date(2022, 3, 10))
    assert incident["date"]["earliest"] == "2022-02-28"
    assert incident["date"]["latest"] == "2022-03-06"
    assert incident["perpetrator"]["org"] == "border_guard"


def test_chinese_police_and_about_count():
    text = "Chinese police detained about 20 North Korean women in Yanji in 2015."
    [incident] = _incidents(text)
    assert incident["perpetrator"]["org"] == "CN_public_security"
    assert incident["place"]["country"] == "CN"
    assert incident["victim_count"]["min"] < 20 < incident["victim_count"]["max"]


def test_named_victim_with_pseudonym_age_and_relation():
    text = (
        "Security officers in Hoeryong arrested Pak Mi-ran (pseudonym), 44, and her husband, "
        "Choe Song-il, in 2018."
    )
    [incident] = _incidents(text)
    victims = {v["name"]: v for v in incident["victims"]}
    assert victims["Pak Mi-ran"]["pseudonym"] is True
    assert victims["Pak Mi-ran"]["age"] == 44
    assert victims["Choe Song-il"]["relationship"] == "her husband"


def test_korean_pseudonym_sex_and_age():
    text = "무산군 보안서는 2017년 3월 장사를 하던 한정숙(가명, 여, 52세) 씨를 연행했다."
    [incident] = _incidents(text)
    [victim] = incident["victims"]
    assert victim == {
        "name": "한정숙",
        "pseudonym": True,
        "sex": "F",
        "age": 52,
        "relationship": None,
        "born": None,
    }
    assert incident["perpetrator"]["org"] == "MPS"


@pytest.mark.parametrize(
    ("text", "name", "born"),
    [
        (
            "Pak Mi-ran, born in 1979, was arrested by the bowibu in Musan in 2018.",
            "Pak Mi-ran",
            1979,
        ),
        (
            "Border guards arrested Kim Sun-hui (pseudonym, born 1985) near Onsong in 2019.",
            "Kim Sun-hui",
            1985,
        ),
        ("보위부는 2019년 3월 혜산에서 김혜송(여, 1984년생) 씨를 체포했다.", "김혜송", 1984),
        ("보위부는 2019년 3월 혜산에서 김혜송(1984년 출생) 씨를 체포했다.", "김혜송", 1984),
    ],
)
def test_the_year_a_victim_was_born_is_theirs_and_not_the_acts_date(text, name, born):
    """A year of birth tells who the person is (linkage weighs it); read as the act's date,
    it would put an arrest decades back."""
    [incident] = _incidents(text)
    assert [(v["name"], v["born"]) for v in incident["victims"]] == [(name, born)]
    assert incident["date"]["edtf"] in ("2018", "2019", "2019-03")


def test_a_birth_year_of_someone_else_is_not_the_victims():
    [incident] = _incidents(
        "Security agents arrested Choe Song-il, whose son was born in 2005, in 2018."
    )
    assert [(v["name"], v["born"]) for v in incident["victims"]] == [("Choe Song-il", None)]
    assert incident["date"]["edtf"] == "2018"


def test_same_event_told_twice_is_one_incident_with_two_spans():
    text = (
        "Police officers arrested three smugglers in Hyesan in May 2020. "
        "The market was quiet on the following days. "
        "The smugglers are being held at the police station in Hyesan."
    )
    [incident] = _incidents(text)
    assert len(incident["evidence"]) == 2


def test_two_events_in_one_sentence_are_two_incidents():
    text = (
        "Bowibu agents arrested two women in Hyesan in May 2020, and border guards in Musan "
        "caught a family of four the same month."
    )
    first, second = _incidents(text)
    assert first["perpetrator"]["org"] == "MSS" and second["perpetrator"]["org"] == "border_guard"
    assert first["place"]["place_id"] == "KP-10-hyesan-si"
    assert second["place"]["place_id"] == "KP-09-musan-gun"
    assert second["victim_count"]["min"] == 4


def test_korean_two_events_in_one_sentence():
    text = (
        "지난달 회령에서는 보위부가 주민 3명을 체포했고, "
        "온성에서는 국경경비대가 여성 2명을 붙잡았다."
    )
    first, second = _incidents(text, published=dt.date(2021, 4, 1))
    assert (first["perpetrator"]["org"], second["perpetrator"]["org"]) == ("MSS", "border_guard")
    assert first["victim_count"]["min"] == 3 and second["victim_count"]["min"] == 2


def test_text_without_incident_yields_none():
    text = (
        "Rice prices in Hyesan rose to 6,000 won per kilogram this week. Traders expect the "
        "price of corn to fall after the harvest, a market source said."
    )
    assert _incidents(text) == []


def test_korean_statistics_yield_none():
    text = "통일부에 따르면 지난해 입국한 탈북민은 196명으로, 여성이 83%를 차지했다."
    assert _incidents(text) == []


def test_evidence_offsets_cut_the_quote():
    text = (
        "Intro line.\n\n감시가 심하다는 말이 돈다. 청진시 보위부가 2019년 가을 주민 5명을 연행했다."
    )
    for incident in _incidents(text):
        for span in incident["evidence"]:
            assert text[span["start"] : span["end"]] == span["quote"]
    assert any("연행" in s["quote"] for i in _incidents(text) for s in i["evidence"])


def test_language_is_detected_from_hangul():
    assert detect_language("보위부가 주민을 체포했다") == "ko"
    assert detect_language("Agents arrested residents") == "en"


def test_re_mention_in_a_later_paragraph_joins_the_event():
    text = (
        "Chinese police arrested a North Korean man in Longjing on 4 May 2018.\n\n"
        "Friends say he had lived there quietly for years.\n\n"
        "The arrest in Longjing followed a raid on a church, a pastor said."
    )
    [incident] = _incidents(text)
    assert len(incident["evidence"]) == 2
    assert incident["perpetrator"]["org"] == "CN_public_security"


def test_introduced_name_joins_the_event_told_before():
    text = (
        "Border guards detained three women near Hoeryong in April 2021. "
        "One of them, Kang Ok-ran (pseudonym), 27, later escaped again."
    )
    [incident] = _incidents(text)
    assert [v["name"] for v in incident["victims"]] == ["Kang Ok-ran"]
    assert incident["victims"][0]["pseudonym"] is True
    assert incident["victim_count"]["min"] == 3


def test_list_rows_are_one_incident_each():
    text = (
        "번호 | 성명 | 경위\n"
        "1 | 박명철(가명) | 2016년 4월 회령시 보위부에 연행. 이후 소식 없음.\n"
        "2 | 김은주 | 2018년 2월 온성 국경경비대에 체포. 행방불명.\n"
    )
    first, second = _incidents(text)
    assert [v["name"] for v in first["victims"]] == ["박명철"]
    assert [v["name"] for v in second["victims"]] == ["김은주"]
    assert "enforced_disappearance" in first["types"] and len(first["evidence"]) == 2
    assert second["perpetrator"]["org"] == "border_guard"


def test_guess_about_the_agent_opens_no_incident():
    text = "It is unclear whether the bowibu abducted anyone in Yanji that year."
    assert _incidents(text) == []


def test_korean_news_date_phrases_are_anchored():
    text = "함경북도 무산군에서 이달 초 안전원들이 주민 4명을 체포했다."
    [incident] = _incidents(text, published=dt.date(2021, 9, 20))
    assert incident["date"]["edtf"] == "2021-09-01/2021-09-10"
    assert incident["perpetrator"]["org"] == "MPS"


def test_month_and_day_without_year_is_before_publication():
    text = "Security agents arrested a teacher in Chongjin on December 28."
    [incident] = _incidents(text, published=dt.date(2020, 1, 6))
    assert incident["date"]["edtf"] == "2019-12-28"


def test_transcript_answer_is_told_by_the_witness():
    text = (
        "증언자: 이○○ (가명 이순애, 여, 50대)\n\n"
        "문: 어떻게 되셨습니까?\n"
        "답: 2019년 봄에 혜산 보위부에 잡혀 갔어요.\n"
    )
    [incident] = _incidents(text)
    assert [v["name"] for v in incident["victims"]] == ["이순애"]
    assert incident["victims"][0]["pseudonym"] is True


def test_denied_feared_or_called_for_acts_are_no_incident():
    assert _incidents("Returnees fear they could be arrested by the bowibu in Hyesan.") == []
    assert _incidents("인권단체들은 중국 공안에 강제북송 중단을 촉구했다.") == []


def test_month_named_before_a_trigger_is_not_a_modal():
    text = "In May 2019 police arrested two traders in Hyesan."
    [incident] = _incidents(text)
    assert incident["date"]["edtf"] == "2019-05"


def test_news_date_phrases_without_year_count_back_from_publication():
    published = dt.date(2021, 6, 15)
    found = {m.text: m.value.edtf for m in dates_in("지난해 12월과 올해 초", published, "ko")}
    assert found == {"지난해 12월": "2020-12", "올해 초": "2021-01/2021-04"}
    found = {m.text: m.value.edtf for m in dates_in("on Sept. 3 and in December", published, "en")}
    assert found == {"Sept. 3": "2020-09-03", "December": "2020-12"}


def test_leaders_named_beside_an_act_are_not_victims():
    text = (
        "After Kim Jong Un ordered a crackdown, bowibu agents arrested 30 people in Hyesan in 2020."
    )
    [incident] = _incidents(text)
    assert incident["victims"] == []


def test_everyday_words_and_surnames_are_not_places():
    [incident] = _incidents("선교 단체에 따르면 보위부가 2019년 혜산에서 주민 3명을 체포했다.")
    assert incident["place"]["place_id"] == "KP-10-hyesan-si"
    [incident] = _incidents("Police in Musan arrested Chung Mi-ok (pseudonym) in March 2019.")
    assert [v["name"] for v in incident["victims"]] == ["Chung Mi-ok"]
    assert incident["place"]["place_id"] == "KP-09-musan-gun"


def test_act_without_agent_takes_the_agent_of_the_event_before_it_in_that_place():
    text = (
        "In June 2019 People's Safety officers in Hoeryong detained my cousin for trading.\n\n"
        "Two weeks later, in the same cell in Hoeryong, the guards beat Pak Sol-mi (pseudonym)."
    )
    _first, second = _incidents(text)
    assert second["victims"][0]["name"] == "Pak Sol-mi"
    assert second["perpetrator"]["org"] == "MPS"
    assert second["date"]["edtf"] == "2019-06"


def test_general_statement_about_people_is_no_incident():
    text = "Since 2020, North Korea has executed people for watching South Korean dramas."
    assert _incidents(text) == []
    assert _incidents("2020년 이후 북한 당국은 주민들을 공개 처형해 왔다.") == []


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        extract("text", lang="fr")


def test_meetings_held_and_everyday_work_are_no_acts():
    text = (
        "A seminar on the rights of North Korean women was held in Seoul on Monday. "
        "She worked on the farm a day later, and 시장 동향 보고서가 나왔다."
    )
    assert _incidents(text, published=dt.date(2023, 5, 3)) == []


def test_field_spans_point_at_the_words_each_field_was_read_from():
    text = (
        "보도에 따르면 지난해 5월 혜산에서 보위부가 김영희(가명) 씨를 체포했다.\n\n"
        "About 20 women were arrested by border guards near Musan in March 2021."
    )
    found = extract(text, lang="ko", published=dt.date(2022, 1, 10), field_spans=True)
    korean = found["incidents"][0]
    words = {
        name: text[span["start"] : span["end"]]
        for name, span in korean["spans"].items()
        if name != "victims" and span
    }
    assert words == {"date": "지난해 5월", "place": "혜산", "perpetrator": "보위부"}
    assert [text[s["start"] : s["end"]] for s in korean["spans"]["victims"]] == ["김영희"]
    english = extract(text[text.index("About") :], lang="en", field_spans=True)["incidents"][0]
    span = english["spans"]["victim_count"]
    assert text[text.index("About") :][span["start"] : span["end"]] == "About 20 women"


def test_field_spans_are_only_given_when_asked_for():
    text = "Border guards arrested Kim Hye-song (pseudonym) near Musan in May 2019."
    assert "spans" not in extract(text)["incidents"][0]


def test_a_name_written_given_name_first_is_found_when_the_given_name_is_hyphenated():
    text = "Police in Yanji detained Sun-hee Kim (pseudonym) and Kim Hye-song in March 2019."
    victims = _incidents(text)[0]["victims"]
    assert [(v["name"], v["pseudonym"]) for v in victims] == [
        ("Sun-hee Kim", True),
        ("Kim Hye-song", False),
    ]
    # Without a hyphen, a capitalised word before a surname is not taken for a given name.
    found = _incidents("Border guards detained Young Kim's neighbours in Musan in 2019.")
    assert found and all(v["name"] != "Young Kim" for i in found for v in i["victims"])


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "2020년 1월 보위부가 회령시에서 주민 1명을 체포했다. "
            "같은 해 3월 국경경비대가 무산군에서 주민 2명을 체포했다.",
            "2020-03",
        ),
        (
            "2020년 1월 보위부가 회령시에서 주민 1명을 체포했다. "
            "그해 3월 5일 국경경비대가 무산군에서 주민 2명을 체포했다.",
            "2020-03-05",
        ),
        (
            "In January 2019 the bowibu arrested two traders in Hyesan. In March of that year "
            "border guards detained a family of five near Musan.",
            "2019-03",
        ),
        (
            "朝鲜边防部队于2020年1月在茂山郡开枪射杀了一名男子。同年三月，两名女子在图们被边防支队查获。",
            "2020-03",
        ),
    ],
)
def test_a_month_of_the_same_year_takes_the_year_told_before(text, second):
    """ "같은 해 3월", "同年三月", "in March of that year": read in the publication's year, or
    not at all, the second act took the first one's date."""
    first, then = _incidents(text, published=dt.date(2022, 6, 1))
    assert then["date"]["edtf"] == second
    assert first["date"]["edtf"][:4] == second[:4]


def test_a_month_of_the_same_year_with_no_year_before_it_is_not_guessed():
    [incident] = _incidents("Border guards detained a woman near Musan on 5 May the same year.")
    assert incident["date"] is None


@pytest.mark.parametrize(
    ("when", "edtf"),
    [
        ("재작년 3월", "2021-03"),
        ("재작년", "2021"),
        ("재작년 겨울", "2021-24"),
        ("작년 겨울", "2022-24"),
    ],
)
def test_the_year_before_last_is_not_last_year(when, edtf):
    """재작년 was read as 작년, the 작년 inside it: a year off."""
    found = dates_in(f"보위부는 {when} 혜산에서 주민 3명을 체포했다.", dt.date(2023, 6, 10), "ko")
    assert [(m.text, m.value.edtf) for m in found] == [(when, edtf)]
