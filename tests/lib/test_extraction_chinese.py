"""Incident extraction from Chinese records: what China's border police, courts and press
write about North Koreans they caught. Hand-written, fictional sentences."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kirok.lib.extraction import detect_language, extract
from kirok.lib.synthetic import chinese_notices


def _incidents(text: str, **options) -> list[dict]:
    return extract(text, **options)["incidents"]


def _victims(incident: dict) -> list[tuple]:
    return [
        (v["name"], v["sex"], v["age"], v["pseudonym"], v["relationship"], v["born"])
        for v in incident["victims"]
    ]


def test_a_detention_notice_gives_the_arrest_its_day_place_office_and_person():
    notice = chinese_notices.write(
        random.Random(1), "金惠松", True, 1985, dt.date(2015, 3, 12), "图们市"
    )
    [incident] = _incidents(notice.text, field_spans=True)
    assert incident["types"] == ["arrest", "arbitrary_detention"]
    assert incident["date"]["edtf"] == "2015-03-12"
    assert incident["place"]["place_id"] == "CN-JL-YANBIAN-TUMEN"
    # "被我大队查获": "caught by our brigade", the notice's own border police office.
    assert incident["perpetrator"] == {"text": "我大队", "org": "CN_public_security"}
    assert _victims(incident) == [("金惠松", "F", None, False, None, 1985)]
    name = incident["spans"]["victims"][0]
    assert notice.text[name["start"] : name["end"]] == "金惠松"
    # "拟予遣返" only intends the return: it is not proposed as done.
    assert "forced_repatriation" not in incident["types"]


@pytest.mark.parametrize(
    ("text", "low", "high", "words"),
    [
        ("2019年3月，两名朝鲜籍女子在延吉市被公安机关抓获。", 2, 2, "两名"),
        ("2017年10月，十余名脱北者在沈阳被公安机关抓获。", 10, 19, "十余名"),
        ("2019年，一家四口在图们被边防支队查获。", 4, 4, "一家四口"),
        ("2016年，23名朝鲜人在丹东被公安机关拘留。", 23, 23, "23名"),
    ],
)
def test_counts_in_chinese_numerals_and_digits(text, low, high, words):
    [incident] = _incidents(text)
    assert incident["victim_count"] == {"min": low, "max": high, "text": words}


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("2018年5月，朝鲜国家保卫部人员在会宁市逮捕了一名妇女。", "KP-09-hoeryeong-si"),
        ("朝鲜边防部队于2020年1月在茂山郡开枪射杀了一名男子。", "KP-09-musan-gun"),
        ("2016年，保卫部在两江道惠山市逮捕了三名居民。", "KP-10-hyesan-si"),
    ],
)
def test_a_north_korean_town_written_in_characters_is_the_gazetteers(text, place_id):
    [incident] = _incidents(text)
    assert incident["place"]["place_id"] == place_id
    assert incident["place"]["country"] == "KP"


def test_north_korean_units_named_in_chinese_are_not_chinese_police():
    shot, caught = _incidents(
        "朝鲜边防部队于2020年1月在茂山郡开枪射杀了一名男子。2020年3月，两名女子在图们被边防支队查获。"
    )
    assert (shot["types"], shot["perpetrator"]["org"]) == (["execution"], "border_guard")
    assert (caught["types"], caught["perpetrator"]["org"]) == (["arrest"], "CN_public_security")
    assert caught["date"]["edtf"] == "2020-03"


@pytest.mark.parametrize(
    ("text", "victim"),
    [
        (
            "犯罪嫌疑人李英哲（男，32岁），于2016年8月在丹东市被公安局刑事拘留。",
            ("李英哲", "M", 32, False, None, None),
        ),
        (
            "被告人金英兰（化名），女，朝鲜籍，1990年3月出生，于2014年6月被延吉市公安局抓获。",
            ("金英兰", "F", None, True, None, 1990),
        ),
        (
            "其母亲朴春花于2015年被朝鲜保卫部带走，至今下落不明。",
            ("朴春花", "F", None, False, "母亲", None),
        ),
        (
            "2018年，朝鲜籍男子南宫民哲在珲春被边防支队抓获。",
            ("南宫民哲", "M", None, False, None, None),
        ),
    ],
)
def test_a_victim_is_named_as_the_record_writes_the_name(text, victim):
    [incident] = _incidents(text)
    assert _victims(incident) == [victim]


def test_the_year_a_person_was_born_is_not_the_date_of_the_act():
    [incident] = _incidents("朝鲜籍女子金惠松（1985年出生）被图们市公安局拘留。")
    assert incident["date"] is None
    assert incident["victims"][0]["born"] == 1985


@pytest.mark.parametrize(
    "text",
    [
        "朝鲜籍男子朴成民面临遣返，其家属呼吁停止遣返。",
        "中国当局从未遣返过这些人。",
        "公安局表示，今后将依法遣返非法越境者。",
    ],
)
def test_acts_feared_called_off_or_only_announced_are_no_incident(text):
    assert _incidents(text) == []


def test_two_sentences_with_their_own_places_and_agents_are_two_incidents():
    first, second = _incidents(
        "2019年3月，两名朝鲜籍女子在延吉市被公安机关抓获。"
        "2019年5月，朝鲜国家保卫部在会宁市逮捕了三名居民。"
    )
    assert first["place"]["place_id"] == "CN-JL-YANBIAN-YANJI"
    assert second["place"]["place_id"] == "KP-09-hoeryeong-si"
    assert second["perpetrator"]["org"] == "MSS"
    assert (first["date"]["edtf"], second["date"]["edtf"]) == ("2019-03", "2019-05")
    assert first["evidence"][0]["quote"].endswith("抓获。")


def test_chinese_is_detected_but_a_korean_text_giving_names_in_characters_stays_korean():
    assert detect_language("朝鲜籍女子金惠松被遣返。") == "zh"
    assert detect_language("어머니 金順愛(김순애)는 2019년 보위부에 체포되었다.") == "ko"
    assert detect_language("Chinese police detained Kim Hye-song (金惠松) in 2015.") == "en"


def test_a_person_introduced_once_is_found_again_by_the_bare_name():
    arrest, held = _incidents(
        "朝鲜籍女子金惠松（1985年出生）于2015年3月12日在延吉市被我大队查获。"
        "2016年5月，金惠松被关押在会宁市保卫部拘留所。"
    )
    assert held["types"] == ["arbitrary_detention"]
    assert held["place"]["place_id"] == "KP-09-hoeryeong-si"
    # The second act's victim is the woman of the first, with what the first said of her.
    assert _victims(held) == [("金惠松", "F", None, False, None, 1985)]
    assert _victims(arrest) == _victims(held)


def test_a_return_carried_out_weeks_later_is_the_arrests_outcome():
    """A repatriation decision: caught on 9 October, handed over on 2 November. The sets
    record it as one incident, dated by the arrest; 被遣返人 names the person, not the act."""
    [incident] = _incidents(
        "被遣返人李成哲，男，1975年2月出生，朝鲜籍。\n"
        "2017年10月9日，李成哲在丹东市振兴区一处建筑工地被我支队查获。\n"
        "本决定已于2017年11月2日执行，李成哲经丹东口岸被移交朝鲜新义州边防部门。"
    )
    assert incident["types"] == ["arrest", "forced_repatriation"]
    assert incident["date"]["edtf"] == "2017-10-09"
    assert _victims(incident) == [("李成哲", "M", None, False, None, 1975)]
    assert len(incident["evidence"]) == 2


@pytest.mark.parametrize(
    ("when", "edtf"),
    [
        ("今年3月", "2023-03"),
        ("去年3月", "2022-03"),
        ("前年十二月", "2021-12"),
        ("去年底", "2022-09/2022-12"),
        ("去年冬天", "2022-24"),
        ("上个月中旬", "2023-05-11/2023-05-20"),
        ("本月初", "2023-06-01/2023-06-10"),
    ],
)
def test_a_news_items_dates_count_from_the_day_it_was_published(when, edtf):
    """Read as a bare month, "去年3月" was the March before publication: a year off."""
    [incident] = _incidents(
        f"据报道，{when}，中国吉林省长白县警方抓获了5名脱北者。", published=dt.date(2023, 6, 10)
    )
    assert incident["date"]["edtf"] == edtf
    assert incident["perpetrator"]["org"] == "CN_public_security"  # 警方: China's police


def test_an_office_named_after_its_town_gives_the_place():
    [detention] = _incidents("2017年7月，他们被关押在新义州保卫部拘留所。")
    assert detention["place"]["place_id"] == "KP-03-sinuiju-si"
    assert detention["perpetrator"]["org"] == "MSS"


def test_a_verdict_that_leaves_out_the_subject_it_just_named_gives_the_victim():
    [incident] = _incidents(
        "被告人李成哲，男，1979年5月12日出生，朝鲜籍，住朝鲜咸镜北道会宁市。"
        "2016年4月3日因涉嫌偷越国境被珲春市公安局刑事拘留。"
    )
    assert _victims(incident) == [("李成哲", "M", None, False, None, 1979)]
    assert incident["date"]["edtf"] == "2016-04-03"
    assert incident["place"]["place_id"] == "CN-JL-YANBIAN-HUNCHUN"  # not where he lived


def test_a_return_told_in_the_same_year_belongs_to_the_arrest_it_follows():
    """ "同年4月2日" counts from the arrest's year: the return is that arrest's outcome, one
    incident dated by the arrest, as the development sets record it."""
    [incident] = _incidents(
        "朝鲜籍女子金惠松（1985年出生）于2015年3月12日在延吉市被我大队查获。"
        "同年4月2日，金惠松被移交朝方。"
    )
    assert incident["types"] == ["arrest", "forced_repatriation"]
    assert incident["date"]["edtf"] == "2015-03-12"
    assert len(incident["evidence"]) == 2


def test_detained_by_police_is_an_arrest_and_held_is_detention():
    [incident] = _incidents("2016年，李成哲在丹东被公安局拘留，后被关押在看守所。")
    assert incident["types"] == ["arrest", "arbitrary_detention"]


def test_an_intention_anywhere_in_the_clause_makes_no_act():
    """ "拟依照有关规定将其遣返": 将其 is "him"; 拟 ("intends to") is what makes it no act."""
    [incident] = _incidents(
        "朝鲜籍女子金惠松于2019年3月12日被我大队查获。待案件办结后，拟依照有关规定将其遣返朝鲜。"
    )
    assert incident["types"] == ["arrest"]


def test_a_witness_named_by_a_pseudonym_tells_of_herself():
    """A Chinese testimony names its witness by a given name marked 化名 and then says 我;
    "我妹妹" (my sister) is someone else."""
    arrest, sister = _incidents(
        "证言人：春花（化名），女，1972年生\n\n"
        "2013年12月初，村里来了三个中国公安，把我从屋里带走了。\n\n"
        "我妹妹2016年在和龙被中国警察抓走了。"
    )
    assert _victims(arrest) == [("春花", "F", None, True, None, 1972)]
    assert sister["victims"] == []


def test_a_prefecture_is_a_region_and_the_town_is_the_place():
    [incident] = _incidents("据延边地区知情人士透露，珲春市公安局上个月中旬抓获了十余名脱北者。")
    assert incident["place"]["place_id"] == "CN-JL-YANBIAN-HUNCHUN"


def test_what_usually_happens_is_no_single_event():
    assert _incidents("在实践中，被中国警方抓获的朝鲜人通常先被关押在边境地区的看守所。") == []


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("在保卫部拘留所里关了一个多月。", ["arbitrary_detention"]),  # 拘留所: a place
        ("2019年，她关了手机，躲在朋友家。", None),  # 关了: switched off
        ("2018年，两名男子在图们被抓获。", ["arrest"]),  # the two men are the victims
    ],
)
def test_words_that_only_look_like_acts_or_agents(text, types):
    found = _incidents(text)
    assert [i["types"] for i in found] == ([types] if types else [])
    assert all(i["perpetrator"] is None or i["perpetrator"]["org"] != "unknown" for i in found)


def test_one_sentence_with_two_agents_and_two_acts_is_two_incidents():
    """Chinese joins two events with a comma: each clause with its own agent and act is its
    own incident, as "…, and border guards in Musan caught…" is in English."""
    arrest, shooting = _incidents(
        "上月下旬，惠山市保卫部以“非法通话”为由抓走两名中年妇女，"
        "会宁市附近的朝鲜边防部队则向一名试图泅渡图们江的男子开枪，致其当场死亡。",
        published=dt.date(2020, 10, 8),
    )
    assert (arrest["types"], arrest["perpetrator"]["org"]) == (["arrest"], "MSS")
    assert arrest["place"]["place_id"] == "KP-10-hyesan-si"
    assert (shooting["types"], shooting["perpetrator"]["org"]) == (["execution"], "border_guard")
    assert shooting["place"]["place_id"] == "KP-09-hoeryeong-si"
    assert shooting["date"]["edtf"] == "2020-09-21/2020-09-30"


def test_plain_border_troops_in_north_korea_are_its_border_guard():
    [incident] = _incidents("2019年5月，茂山郡的边防部队向一名男子开枪。")
    assert incident["perpetrator"] == {"text": "边防部队", "org": "border_guard"}
    [china] = _incidents("2019年5月，两名朝鲜人在图们被边防部队抓获。")
    assert china["perpetrator"]["org"] == "CN_public_security"
