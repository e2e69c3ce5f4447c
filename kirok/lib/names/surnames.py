"""Korean surnames: the Hangul table, the compound surnames and their spellings in practice.

Each surname is keyed by its South Korean Hangul spelling (이, 유, 임, 노, 양, 나 …). The
DPRK spelling (리, 류, 림, 로, 량, 라 …) folds onto it with ``fold_initial_sound``. The
spellings list what passports, newspapers, NGO lists and UN documents actually print; the
romanizations of every system are added to them automatically, so ``Ch'oe``, ``Choe`` and
``Choi`` all find 최.

The order of ``_TABLE`` is roughly the order of frequency (census 2015) and ranks candidates.

>>> surname_candidates("Lee"), surname_candidates("Rhee"), surname_candidates("Ri")
(('이',), ('이',), ('이',))
>>> surname_candidates("So")
('서', '소')
>>> compound_surname("남궁민"), compound_surname("김혜송")
('남궁', None)
>>> common_spelling("박"), standard_spelling("박", "rr"), standard_spelling("이", "dprk")
('Park', 'Bak', 'Ri')
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kirok.lib.names.hangul import fold_initial_sound
from kirok.lib.names.romanization import SYSTEMS, romanize

# (Hangul, the spelling most often printed, other spellings seen in practice).
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("김", "Kim", "Gim Ghim Kym Keem Kimm"),
    ("이", "Lee", "Yi I Rhee Ri Rhie Rie Leigh Yee Lie Rhi Li Ree Reeh"),
    ("박", "Park", "Pak Bak Pack Bahk Parck Pag"),
    ("최", "Choi", "Choe Choy Chey Choui Chwe Tchoi"),
    ("정", "Jung", "Jeong Chung Cheong Joung Chong Jong Jeung Chyung"),
    ("강", "Kang", "Gang Kahng Khang"),
    ("조", "Cho", "Jo Joe Chough Joh Zo"),
    ("윤", "Yoon", "Yun Youn Yune Yhun"),
    ("장", "Jang", "Chang Zang Jhang"),
    ("임", "Lim", "Im Rim Yim Leem Lym Ihm Rhim"),
    ("한", "Han", "Hahn Hann"),
    ("오", "Oh", "O Ohe Ou"),
    ("서", "Seo", "Suh So Su Surh Sur Seoh"),
    ("신", "Shin", "Sin Shinn Sheen Shinh Seen"),
    ("권", "Kwon", "Gwon Kwun Kweon Kwan Gweon"),
    ("황", "Hwang", "Whang Hoang Hwong"),
    ("안", "Ahn", "An Ann Arn Aan"),
    ("송", "Song", "Soung Soong Sohng"),
    ("전", "Jeon", "Jun Chun Chon Jeun Jon Cheon"),
    ("홍", "Hong", "Hoong Houng"),
    ("유", "Yoo", "Yu You Ryu Rhyu Yuh Lyu Ryoo Yeu Yoh"),
    ("고", "Ko", "Go Koh Goh Kho"),
    ("문", "Moon", "Mun Mune Moun Muhn"),
    ("양", "Yang", "Ryang Lyang Yhang"),
    ("손", "Son", "Sohn Shon Sonn"),
    ("배", "Bae", "Pae Bai Bay Pai Bea"),
    ("백", "Baek", "Paik Baik Paek Back Beak Baeg"),
    ("허", "Heo", "Hur Huh Ho Her Hu Hue"),
    ("남", "Nam", "Nahm Narm"),
    ("심", "Shim", "Sim Seem Sheem Shimm"),
    ("노", "Noh", "Roh No Ro Rho Nho Nau"),
    ("하", "Ha", "Hah Har"),
    ("곽", "Kwak", "Gwak Kwag Kwack"),
    ("성", "Sung", "Seong Song Soung Seoung Sūng"),
    ("차", "Cha", "Tcha Char Chah"),
    ("주", "Joo", "Ju Chu Choo Jou Jew Zoo"),
    ("우", "Woo", "U Wu Ou Wo"),
    ("구", "Koo", "Gu Ku Goo Kou Kuh"),
    ("나", "Na", "Ra La Nah Rha"),
    ("민", "Min", "Mhin"),
    ("진", "Jin", "Chin Jhin Jeen"),
    ("지", "Ji", "Chi Jee Jhi"),
    ("엄", "Eom", "Um Uhm Om Eum Aum"),
    ("채", "Chae", "Chai Chea Chay Tchae"),
    ("원", "Won", "Weon Woon Wone Wen"),
    ("천", "Cheon", "Chun Chon Cheun Chyun Chen"),
    ("방", "Bang", "Pang Bahng"),
    ("공", "Kong", "Gong Khong"),
    ("현", "Hyun", "Hyeon Hyon Hyoun Hyoon"),
    ("함", "Ham", "Hahm Hamm"),
    ("변", "Byun", "Byeon Pyon Pyun Byoun Byon Pyeon"),
    ("염", "Yeom", "Yum Yom Youm Ryom Yeum"),
    ("여", "Yeo", "Yo Yuh Yeoh Ryo Yoh"),
    ("추", "Choo", "Chu Chuh"),
    ("도", "Do", "To Doh Toh Dho"),
    ("소", "So", "Soh Sho"),
    ("석", "Seok", "Suk Sok Seuk Sukk Seog"),
    ("선", "Sun", "Seon Son Sunn Seun"),
    ("설", "Seol", "Sul Sol Seul Sull"),
    ("마", "Ma", "Mah Mar"),
    ("길", "Gil", "Kil Ghil Kill"),
    ("연", "Yeon", "Yun Yon Youn Yeun Ryon"),
    ("위", "Wi", "Wee We Wie Whi"),
    ("표", "Pyo", "Pyoh Pio"),
    ("명", "Myung", "Myeong Myong Myoung Myeung"),
    ("기", "Ki", "Gi Kee Kih"),
    ("반", "Ban", "Pan Bahn"),
    ("왕", "Wang", "Wahng"),
    ("금", "Keum", "Geum Kum Kŭm Gum Keom"),
    ("옥", "Ok", "Oak Ock Ohk"),
    ("육", "Yuk", "Yook Ryuk Yuck Youk Ryook"),
    ("인", "In", "Yin Ihn Inn"),
    ("맹", "Maeng", "Meng Maing"),
    ("제", "Je", "Che Jei Jae"),
    ("모", "Mo", "Moh Mho"),
    ("남궁", "Namgung", "Namkoong Namgoong Namkung Namkong"),
    ("탁", "Tak", "Tark Tag"),
    ("국", "Kook", "Guk Kuk Gook Kouk"),
    ("어", "Eo", "Uh Oe Eoh"),
    ("은", "Eun", "Un Eon Uen"),
    ("편", "Pyeon", "Pyun Pyon Pyoun"),
    ("용", "Yong", "Ryong Yoong"),
    ("예", "Ye", "Yeh Yea Yae"),
    ("경", "Kyung", "Gyeong Kyong Kyeong Kyoung Gyoung"),
    ("봉", "Bong", "Pong Bhong"),
    ("사", "Sa", "Sah"),
    ("부", "Boo", "Bu Pu Poo"),
    ("황보", "Hwangbo", "Whangbo Hwangpo Whangbo Hwangbou"),
    ("가", "Ka", "Ga Kah Gah"),
    ("복", "Bok", "Pok Bock"),
    ("태", "Tae", "Tai Thae Tay"),
    ("목", "Mok", "Mock Mog"),
    ("형", "Hyung", "Hyeong Hyong Hyoung"),
    ("계", "Kye", "Gye Kyeh Gae"),
    ("피", "Pi", "Pee Phi Pih"),
    ("두", "Doo", "Du Tu Too"),
    ("감", "Kam", "Gam Kahm"),
    ("제갈", "Jegal", "Chegal Jekal Jaegal Zegal"),
    ("음", "Eum", "Um Eumm"),
    ("빈", "Bin", "Pin Been Vin"),
    ("동", "Dong", "Tong Dhong"),
    ("온", "On", "Ohn Onn"),
    ("호", "Ho", "Hoh"),
    ("사공", "Sagong", "Sakong Sakoung"),
    ("시", "Si", "Shi See Shee"),
    ("범", "Beom", "Bum Pom Bom Buhm"),
    ("좌", "Jwa", "Chwa Joa"),
    ("팽", "Paeng", "Peng Paing"),
    ("승", "Seung", "Sung Sŭng Seong"),
    ("간", "Gan", "Kan Kahn"),
    ("상", "Sang", "Sahng"),
    ("갈", "Gal", "Kal Karl"),
    ("선우", "Seonu", "Sunwoo Sonu Sunu Seonwoo Sunoo Sonwu"),
    ("서문", "Seomun", "Suhmoon Somun Seomoon Sumoon"),
    ("독고", "Dokgo", "Tokko Dokko Tokgo Dokgoh"),
    ("견", "Gyeon", "Kyun Kyon Kyeon Gyun"),
    ("당", "Dang", "Tang"),
    ("화", "Hwa", "Wha"),
    ("창", "Chang", "Ch'ang Chhang"),
    ("평", "Pyeong", "Pyung Pyong Phyong"),
    ("풍", "Pung", "Poong Phung"),
    ("동방", "Dongbang", "Tongbang"),
    ("어금", "Eogeum", "Ogum Eogum"),
    ("망절", "Mangjeol", "Mangjol Mangjul"),
    ("황목", "Hwangmok", "Whangmok"),
    ("강전", "Gangjeon", "Kangjon Kangjun"),
    ("소봉", "Sobong", "Sopong"),
    ("장곡", "Janggok", "Changgok"),
    ("뇌", "Noe", "Roe Nwe"),
    ("단", "Dan", "Tan"),
    ("준", "Jun", "Joon Chun"),
)

# The Chinese characters of each surname, traditional and simplified (刘 for 劉), as Chinese
# police and court records and older Korean papers print them: a name in running text
# written in characters starts with one of these (kirok.lib.names.mentions). Each reads as
# its surname (tests/lib/names/test_hanja.py checks this against the readings table).
_HANJA: dict[str, str] = {
    "김": "金", "이": "李", "박": "朴", "최": "崔", "정": "鄭 郑 丁 程", "강": "姜 康",
    "조": "趙 赵 曺 曹", "윤": "尹", "장": "張 张 蔣 蒋 章", "임": "林 任", "한": "韓 韩",
    "오": "吳 吴", "서": "徐", "신": "申 辛 愼", "권": "權 权", "황": "黃 黄", "안": "安",
    "송": "宋", "전": "全 田 錢 钱", "홍": "洪", "유": "柳 劉 刘 兪 俞 庾", "고": "高",
    "문": "文", "양": "梁 楊 杨", "손": "孫 孙", "배": "裵 裴", "백": "白", "허": "許 许",
    "남": "南", "심": "沈", "노": "盧 卢 魯 鲁", "하": "河", "곽": "郭", "성": "成",
    "차": "車 车", "주": "朱 周", "우": "禹", "구": "具 丘", "나": "羅 罗", "민": "閔 闵",
    "진": "陳 陈 秦 晉 晋", "지": "池", "엄": "嚴 严", "채": "蔡", "원": "元", "천": "千",
    "방": "方", "공": "孔", "현": "玄", "함": "咸", "변": "卞 邊 边", "염": "廉",
    "여": "呂 吕", "추": "秋", "도": "都", "소": "蘇 苏", "석": "石", "선": "宣", "설": "薛",
    "마": "馬 马", "길": "吉", "연": "延", "위": "魏", "표": "表", "명": "明", "기": "奇",
    "반": "潘", "왕": "王", "금": "琴", "옥": "玉", "육": "陸 陆", "인": "印", "맹": "孟",
    "제": "諸 诸", "모": "牟", "남궁": "南宮 南宫", "탁": "卓", "국": "鞠", "어": "魚 鱼",
    "은": "殷", "편": "片", "용": "龍 龙", "예": "芮", "경": "景", "봉": "奉", "사": "史",
    "부": "夫", "황보": "皇甫", "가": "賈 贾", "복": "卜", "태": "太", "목": "睦", "형": "邢",
    "계": "桂", "피": "皮", "두": "杜", "감": "甘", "제갈": "諸葛 诸葛", "음": "陰 阴",
    "빈": "賓 宾", "동": "董", "온": "溫 温", "호": "扈", "사공": "司空", "시": "施",
    "범": "范", "좌": "左", "팽": "彭", "승": "承", "간": "簡 简", "상": "尙", "갈": "葛",
    "선우": "鮮于 鲜于", "서문": "西門 西门", "독고": "獨孤 独孤", "견": "甄", "당": "唐",
    "화": "化", "창": "昌", "평": "平", "풍": "馮 冯", "동방": "東方 东方", "뇌": "雷",
    "단": "段", "준": "俊",
}  # fmt: skip

# The DPRK writes these with their original initial ㄹ (李 리, 林 림, 柳 류 …). Where the
# South spelling hides two clans (유 = 兪 or 柳) the DPRK form is only used when written.
_DPRK_FORM = {"이": "리", "임": "림", "노": "로", "나": "라", "염": "렴", "여": "려", "육": "륙"}

COMPOUND_SURNAMES = tuple(s for s, _, _ in _TABLE if len(s) == 2)
# A two-syllable surname is the first parse when the name has three syllables or more,
# except 선우, whose 우 starts many given names (선 + 우진); both parses are kept.
_WEAK_COMPOUNDS = frozenset({"선우"})


def strip(text: str) -> str:
    """Lower case, no diacritics, apostrophes, hyphens or spaces: the lookup form."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z]", "", decomposed)


@cache
def _surname_rows() -> dict[str, tuple[str, tuple[str, ...]]]:
    rows: dict[str, tuple[str, list[str]]] = {}
    for hangul, common, others in _TABLE:
        entry = rows.setdefault(hangul, (common, []))
        entry[1].extend(others.split())
    return {k: (c, tuple(v)) for k, (c, v) in rows.items()}


def surnames() -> tuple[str, ...]:
    """Every surname in the table (South Korean spelling), most frequent first."""
    return tuple(_surname_rows())


def frequency_rank(hangul: str) -> int:
    """0 for 김, 1 for 이 …; len(table) for a surname the table does not know."""
    order = surnames()
    folded = fold_initial_sound(hangul)
    return order.index(folded) if folded in order else len(order)


@cache
def spelling_index() -> dict[str, tuple[str, ...]]:
    """Every romanization of every surname (lower case, letters only: "choe", "namgung"),
    with the Hangul surnames it may stand for, most frequent first."""
    index: dict[str, list[str]] = {}
    for hangul, (common, others) in _surname_rows().items():
        spellings = {common, *others}
        for written in {hangul, _DPRK_FORM.get(hangul, hangul)}:
            spellings.update(romanize(written, system) for system in SYSTEMS)
        for spelling in spellings:
            key = strip(spelling)
            if key and hangul not in index.setdefault(key, []):
                index[key].append(hangul)
    return {k: tuple(sorted(v, key=frequency_rank)) for k, v in index.items()}


def surname_candidates(romanized: str) -> tuple[str, ...]:
    """Hangul surnames (South spelling) a romanized surname can stand for, most frequent first.

    Case, diacritics, apostrophes, hyphens and spaces are ignored ("Nam-gung", "NAMGUNG").

    >>> surname_candidates("Ch'oe"), surname_candidates("Nam Gung"), surname_candidates("Xu")
    (('최',), ('남궁',), ())
    """
    return spelling_index().get(strip(romanized), ())


def is_known_surname(romanized: str) -> bool:
    """True if the romanized token is a spelling of a surname in the table."""
    return bool(surname_candidates(romanized))


def hangul_surname(text: str) -> str | None:
    """The South Korean spelling of a Hangul surname, or None if it is not in the table.

    >>> hangul_surname("리"), hangul_surname("류"), hangul_surname("깅")
    ('이', '유', None)
    """
    folded = fold_initial_sound(text)
    return folded if folded in _surname_rows() else None


@cache
def hanja_surnames() -> dict[str, str]:
    """Every surname's Chinese characters (one character, or two for 南宮), with the Hangul
    surname (South spelling) each spells."""
    return {forms: hangul for hangul, written in _HANJA.items() for forms in written.split()}


def hanja_surname(text: str) -> str | None:
    """The surname (South spelling) that a name in Chinese characters starts with: the two
    characters of a compound surname first, else the first character; None if neither is a
    surname's.

    >>> [hanja_surname(name) for name in ("金惠松", "南宫民", "刘英哲", "公安")]
    ['김', '남궁', '유', None]
    """
    index = hanja_surnames()
    if len(text) >= 3 and text[:2] in index:
        return index[text[:2]]
    return index.get(text[:1])


def compound_surname(hangul_name: str) -> str | None:
    """The two-syllable surname a Hangul name starts with, if any (needs a given name too)."""
    name = hangul_name.replace(" ", "")
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return None


def is_weak_compound(surname: str) -> bool:
    """True for compound surnames whose single-syllable parse is as likely (선우)."""
    return surname in _WEAK_COMPOUNDS


def common_spelling(hangul: str) -> str:
    """The spelling most often printed (Kim, Lee, Park, Choi …); RR if the table lacks it."""
    folded = fold_initial_sound(hangul)
    row = _surname_rows().get(folded)
    return row[0] if row else romanize(folded, "rr")


def standard_spelling(hangul: str, system: str) -> str:
    """The surname in one system: its rules, with the exceptions libraries and the DPRK use.

    MR follows ALA-LC (李 is always Yi, and the South spelling is romanized). The DPRK system
    writes the DPRK form (리 Ri, 림 Rim, 로 Ro); RR romanizes the South spelling (이 I).

    >>> standard_spelling("리", "mr"), standard_spelling("최", "mr")
    ('Yi', "Ch'oe")
    >>> standard_spelling("류", "dprk")
    'Ryu'
    """
    folded = fold_initial_sound(hangul)
    if system.startswith("mr") and folded == "이":
        return "Yi"
    if system.startswith("dprk"):
        written = hangul if hangul != folded else _DPRK_FORM.get(folded, folded)
        return romanize(written, system)
    return romanize(folded, system)
