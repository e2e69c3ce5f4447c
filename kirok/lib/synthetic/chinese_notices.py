"""Fictional Chinese detention notices: how a Chinese border police record names a North
Korean it caught, for the demo.

Such a record writes the name in Chinese characters, in the simplified forms of mainland
China (金惠松, 刘英哲), and dates in Chinese (2015年3月12日, 二〇一五年三月十五日), with no
space around either. The demo adds a few of them, naming people it already holds, so that
a search for 김혜송 or "Kim Hye-song" can be seen to find them. Every notice says it is
fictional, and no real office's number or wording is copied.

Pure Python (no Django).

>>> hanzi_name("김혜송"), hanzi_name("리영철"), hanzi_name("김뷁")
('金惠松', '李英哲', None)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from kirok.lib.names import comparison_key, surnames

FICTION_ZH = "※ 演示用虚构文件，所涉人员和机构均为虚构。"
FICTION_EN = "Demonstration material: every person and office named here is fictional."

# A common name character for each syllable of the demo's given names (kirok.lib.synthetic
# .names), simplified as a mainland record prints it. hanzi_name checks that the characters
# read back as the Hangul, so a slip here drops a name rather than writing a wrong one.
_GIVEN = {
    "영": "英", "정": "贞", "성": "成", "명": "明", "광": "光", "철": "哲", "동": "东",
    "경": "京", "상": "相", "기": "基", "진": "珍", "용": "勇", "대": "大", "문": "文",
    "혁": "赫", "학": "学", "국": "国", "일": "日", "충": "忠", "남": "男", "승": "承",
    "준": "俊", "현": "贤", "원": "元", "창": "昌", "봉": "凤", "호": "浩", "수": "秀",
    "민": "敏", "석": "锡", "훈": "勋", "식": "植", "만": "万", "길": "吉", "룡": "龙",
    "범": "范", "선": "善", "환": "焕", "우": "宇", "복": "福", "순": "顺", "옥": "玉",
    "금": "锦", "은": "恩", "혜": "惠", "미": "美", "춘": "春", "향": "香", "설": "雪",
    "지": "智", "연": "妍", "화": "花", "숙": "淑", "희": "姬", "자": "子", "주": "珠",
    "실": "实", "아": "雅", "련": "莲", "란": "兰", "심": "心", "애": "爱", "송": "松",
}  # fmt: skip
# Traditional surname characters (kirok.lib.names.surnames) as the mainland simplifies them.
_SIMPLIFIED = {
    "鄭": "郑", "趙": "赵", "張": "张", "韓": "韩", "吳": "吴", "權": "权", "黃": "黄",
    "劉": "刘", "楊": "杨", "孫": "孙", "許": "许", "盧": "卢", "車": "车", "羅": "罗",
    "閔": "闵", "陳": "陈", "嚴": "严", "邊": "边", "呂": "吕", "蘇": "苏", "馬": "马",
    "陸": "陆", "龍": "龙", "魚": "鱼", "諸": "诸", "南宮": "南宫", "皇甫": "皇甫",
    "鮮于": "鲜于",
}  # fmt: skip
_NUMERALS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Notice:
    title: str
    author: str
    reference: str
    text: str
    issued: dt.date


def hanzi_name(hangul: str) -> str | None:
    """The name in simplified Chinese characters, the surname's commonest clan; None when a
    syllable has no character here or the characters would not read back as the name."""
    surname = surnames.compound_surname(hangul) or hangul[:1]
    folded = surnames.hangul_surname(surname) or surname
    written = next((h for h, s in surnames.hanja_surnames().items() if s == folded), None)
    given = [_GIVEN.get(syllable) for syllable in hangul[len(surname) :]]
    if written is None or not given or None in given:
        return None
    name = _SIMPLIFIED.get(written, written) + "".join(given)  # type: ignore[arg-type]
    return name if comparison_key(name) == comparison_key(hangul) else None


def write(
    rng: random.Random, name: str, female: bool, born: int | None, caught: dt.date, city: str
) -> Notice:
    """A detention notice for one person caught in ``city`` on ``caught``."""
    number = rng.randint(100, 999)
    issued = caught + dt.timedelta(days=rng.randint(2, 9))
    office = f"{city}公安局边防管理大队"
    reference = f"边拘字〔{caught.year}〕第{number:04d}号"
    person = f"朝鲜籍{'女子' if female else '男子'}{name}"
    if born:
        person += f"（{born}年出生）"
    text = "\n".join([
        office, "拘留通知书", reference, FICTION_ZH, FICTION_EN, "",
        f"{person}，因非法越境，于{_day(caught)}在{city}境内被我大队查获，"
        f"依法刑事拘留，现羁押于{city}看守所。",
        f"经查，{name}系朝鲜公民。根据《中华人民共和国出境入境管理法》的规定，拟予遣返。",
        "特此通知。", "", _numerals(issued),
    ])  # fmt: skip
    return Notice(f"拘留通知书 {reference} (fictional)", f"{office} (fictional)", reference,
                  text + "\n", issued)  # fmt: skip


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _numerals(day: dt.date) -> str:
    """二〇一五年三月十五日, as a notice is signed."""
    return (
        "".join(_NUMERALS[int(d)] for d in str(day.year))
        + f"年{_tens(day.month)}月{_tens(day.day)}日"
    )


def _tens(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones or not tens else "")
