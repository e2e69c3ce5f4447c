"""The extractor's word lists, as data: triggers, organisations, counts, victims, relations.

Every entry is a regular-expression fragment. English fragments are matched case-insensitively
between word boundaries; Korean ones are matched as they are (Korean has no word boundary
that a regular expression can see, so each fragment is chosen long enough to be specific).
Add a wording here, not in the code: the rules in the package only combine these lists.
"""

from __future__ import annotations

# ----------------------------------------------------------------- violation triggers

# Code → (English fragments, Korean fragments). A sentence holding one of them is an
# incident candidate (it still needs an agent or a victim nearby).
TRIGGERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "arrest": (
        (
            r"arrest(?:ed|ing)?",
            r"detain(?:ed|s|ing)?",
            r"caught",
            r"apprehend(?:ed|s)?",
            r"rounded up",
            r"taken into custody",
            r"took (?:him|her|them|me|us) away",
            r"(?:came|come) (?:to (?:our|the|his|her) (?:house|home|houses)|for (?:him|her|them))"
            r"[^.]*?\btook (?:him|her|them|me)",
            r"taken (?:away|from (?:his|her|their) (?:home|house|workplace))",
            r"picked up by",
        ),
        (
            r"체포",
            r"연행",
            r"붙잡",
            r"잡혔",
            r"잡혀",
            r"잡아[가간갔감]",
            r"끌려[가간갔감]",
            r"끌고 [가간갔]",
            r"데려[가간갔감]",
            r"단속돼",
            r"단속되",
            r"구속",
            r"검거",
        ),
    ),
    "abduction": (
        (
            r"abduct(?:ed|ion|s)?",
            r"kidnap(?:ped|ping|s)?",
            r"snatched",
            r"(?:forced|pushed|dragged|bundled) (?:him|her|them) into (?:a|an) (?:car|van|vehicle)",
        ),
        (r"납치", r"강제로 태워"),
    ),
    "forced_repatriation": (
        (
            r"repatriat(?:ed|ion|e)",
            r"sent back",
            r"deported",
            r"forcibly returned",
            r"handed (?:them |her |him )?over to (?:the )?North Korean",
        ),
        (r"강제\s?북송", r"북송", r"강제\s?송환", r"송환", r"넘겨졌지요"),
    ),
    "arbitrary_detention": (
        (
            r"held (?:at|in) (?:a |an |the )?(?:[\w-]+ ){0,4}?(?:cent(?:re|er)s?|camps?|cells?|"
            r"facility|prison|jail|station|office|bureau|department|jipkyulso|kyohwaso)",
            r"held (?:for|without|incommunicado)",
            r"detention cent(?:re|er)",
            r"holding cent(?:re|er)",
            r"jip-?(?:kyul|gyul|gyeol)-?so",
            r"rodong[- ]?dan(?:ryun|ryeon|ryon)dae",
            r"(?:re-?education|reform)(?: through labou?r)? camp",
            r"imprisoned",
            r"labou?r training camp",
            r"political prison camp",
            r"kwan-?li-?so",
            r"without (?:a )?trial",
            r"sentenced to",
            r"interrogat(?:ed|ion)",
            r"did not hold a trial",
        ),
        (
            r"구금",
            r"구류",
            r"갇혀",
            r"집결소",
            r"노동단련대",
            r"단련대",
            r"교화소",
            r"관리소",
            r"수용소",
            r"조사를 받",
            r"조사받",
            r"억류",
            r"수감",
            r"투옥",
        ),
    ),
    "enforced_disappearance": (
        (
            r"disappear(?:ed|ance)",
            r"(?:has been |went |is |are |remain(?:s)? )missing",
            r"whereabouts (?:are |remain |is )?unknown",
            r"never returned",
            r"not seen since",
            r"nothing (?:from (?:him|her|them) )?since",
            r"no information",
            r"(?:do|does|did) not know (?:if|whether) (?:he|she|they) (?:is|are|was) alive",
            r"never acknowledged",
            r"no record of (?:her|his|their) detention",
            r"not been heard from",
            r"no news (?:of|from) (?:him|her|them)",
            r"fate (?:is|remains) unknown",
            r"unaccounted for",
        ),
        (
            r"행방불명",
            r"소식 없음",
            r"행방 모름",
            r"소식을 [^.]{0,10}듣지 못",
            r"실종",
            r"생사를? 알 수 없",
            r"살아 있는지조차",
            r"연락이 끊긴",
        ),
    ),
    "torture": (
        (
            r"tortur(?:ed|e|ing)",
            r"beat(?:en|ing|s)?",
            r"beaten",
            r"kicked",
            r"made to kneel",
            r"stress positions?",
        ),
        (r"고문", r"구타", r"폭행", r"때리", r"때렸", r"맞아서", r"발로 찼", r"무릎 꿇"),
    ),
    "execution": (
        (
            r"execut(?:ed|ion)",
            r"shot (?:dead|and killed)",
            r"shot without warning",
            r"firing squad",
            r"killed by",
            r"(?:beaten|shot) to death",
        ),
        (r"처형", r"총살", r"사형", r"총격으로 숨", r"사살"),
    ),
    "forced_labour": (
        (
            r"forced labou?r",
            r"made to work",
            r"forced to work",
            r"(?:\d+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen) hours a day",
            r"from dawn (?:until|till|to) (?:night|dusk|midnight)",
            r"without pay",
            r"mobili[sz](?:ed|ation)",
            r"carried stones",
            r"labou?r training camp",
            r"re-?education camp",
            r"kyohwaso",
        ),
        (
            r"강제\s?노동",
            r"강제로 일",
            r"하루 \d+시간씩",
            r"무보수",
            r"강제\s?동원",
            r"동원(?:돼|되|된)",
            r"돌격대",
            r"벽돌을 찍",
            r"노동단련대",
            r"단련대",
            r"노동교화",
        ),
    ),
    "sexual_violence": (
        (
            r"rap(?:ed|e)",
            r"sexual(?:ly)? (?:assault(?:ed)?|abuse(?:d)?|violence)",
            r"took (?:the )?younger women out",
        ),
        (r"성폭행", r"성폭력", r"성추행", r"성고문", r"강간", r"여자들을 불러냈"),
    ),
    "family_punishment": (
        (
            r"banish(?:ed|ment)",
            r"guilt by association",
            r"exiled",
            r"relatives of",
            r"sent away from",
            r"(?:his|her) son's arrest",
        ),
        (r"연좌", r"추방", r"때문이라는", r"아들이 연행된"),
    ),
    "surveillance": (
        (
            r"surveillance",
            r"monitor(?:ed|ing|s)",
            r"search(?:ed)? [^.]{0,20}homes",
            r"reported on us",
            r"signal-detection",
            r"track(?:ing|ed)? (?:calls|phones|users)",
            r"to ask who visited",
        ),
        (
            r"감시",
            r"추적",
            r"검열",
            r"동향을? (?:감시|파악|보고)",
            r"탐지기",
            r"도청",
            r"빼앗아 열어",
        ),
    ),
    "coerced_informant": (
        (r"informants?", r"report on (?:others|neighbours|their neighbours)"),
        (r"정보원", r"보고하라", r"서약서", r"밀고"),
    ),
}

# Plural nouns ("arrests", "abductions") are left out on purpose: they name a pattern
# ("one of several abductions"), not one event.

# Types that tell what happened to people already in custody: a sentence with only these
# and no agent of its own continues the incident before it.
CUSTODY_TYPES = frozenset(
    {"arrest", "abduction", "forced_repatriation", "arbitrary_detention", "enforced_disappearance"}
)
ABUSE_TYPES = frozenset({"torture", "forced_labour", "sexual_violence"})

# ----------------------------------------------------------------- organisations

# (org code, English fragments, Korean/Chinese fragments), checked in this order so that
# "public security" is Chinese before "security" is MSS.
ORGANISATIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "CN_public_security",
        (
            r"Chinese (?:public security|police|border police|authorities)"
            r"(?: officers| officials)?",
            r"public security (?:bureau|officers|officials|police)",
            r"gong-?an",
        ),
        (r"공안국?", r"公安局?", r"변방대", r"변방부대", r"중국 경찰"),
    ),
    (
        "other",
        (
            r"(?:a |the )?joint (?:inspection|task) (?:unit|force)[^.,]{0,30}?\"?Group 109\"?",
            r"Group 109",
            r"109 (?:sangmu|group)",
            r"(?:anti-|non-)socialist (?:group|task force|inspection unit)",
            r"task force",
        ),
        (
            r"(?:중앙 )?비사회주의 (?:그루빠|검열단)",
            r"109(?:상무|그루빠)",
            r"그루빠",
            r"연합지휘부",
        ),
    ),
    (
        "unknown",
        (r"(?:two |three |several )?(?:unidentified|unknown) (?:men|people|persons|agents)",),
        (
            r"신원을 알 수 없는 (?:남성들|사람들|남자들)",
            r"신원 미상의? (?:남성들|남자들)",
            r"괴한들?",
        ),
    ),
    (
        "border_guard",
        (r"(?:North Korean )?border (?:guards?|guard units?|security (?:forces|guards))",),
        (r"국경\s?경비대", r"국경\s?경비병", r"경비대", r"국경\s?경비"),
    ),
    (
        "MSS",
        (
            r"(?:North Korea's )?Ministry of State Security(?: agents| officers| officials)?",
            r"(?:the )?State Security (?:Department|Ministry|agents|officers|officials|Bureau)",
            r"(?:agents|officers|officials) of (?:the )?(?:Ministry of )?State Security",
            r"bowi(?:bu|won|seong|sung)(?: officers| agents)?",
            r"MSS|SSD",
            r"secret police",
            r"security (?:department|agency|bureau|office|agents?|officers?|officials)",
        ),
        (
            r"국가\s?보위성",
            r"보위성",
            r"보위부",
            r"보위국",
            r"보위원",
            r"보위지도원",
            r"국가안전보위부",
        ),
    ),
    (
        "MPS",
        (
            r"Ministry of (?:Social|Public|People's) Security",
            r"(?:the )?(?-i:[A-Z]\w+ )?People's Safety"
            r"(?: Ministry| Ministry officers| officers| agents)?",
            r"People's Security(?: officers| agents)?",
            r"anjeon(?:bu|won)",
            r"MPS|MSoS",
            r"(?:safety|Safety) (?:agents|officers|officials)",
            r"boan(?:seo|won)",
            r"(?:police|Police)(?: officers| officials)?",
        ),
        (
            r"사회안전성",
            r"인민보안성",
            r"안전성",
            r"안전부",
            r"안전원",
            r"보안서",
            r"보안원",
            r"보안성",
            r"계호원",
        ),
    ),
    (
        "WPK",
        (
            r"(?:the )?(?:[A-Z]\w*(?: [A-Z]\w*){0,2} )?"
            r"(?:Provincial |City |County )?Party Committee",
            r"Workers' Party",
        ),
        (r"\w*도당\s?위원회", r"도당", r"시당", r"군당", r"당\s?위원회", r"노동당"),
    ),
    (
        "KPA",
        (
            r"(?:Soldiers (?:from|of) (?:a |the )?)?Korean People's Army(?: unit| soldiers)?",
            r"KPA(?: soldiers| unit)?",
            r"(?:North Korean )?soldiers",
        ),
        (r"(?:조선)?인민군(?: 부대 병사들| 부대| 병사들)?", r"군인들?", r"병사들"),
    ),
)

# Words of the agent that are not an organisation name but extend it ("… agents").
AGENT_NOUNS_EN = r"(?:agents|officers|officials|men|guards|personnel)"

# ----------------------------------------------------------------- victims and counts

NUMBER_WORDS_EN = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
NUMBER_WORDS_KO = {
    "한": 1,
    "두": 2,
    "세": 3,
    "셋": 3,
    "네": 4,
    "넷": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}

# Nouns naming the people an act is done to; a count must be followed by one of them.
VICTIM_NOUNS_EN = (
    r"people|persons|residents|women|men|defectors|escapees|smugglers|traders|workers|"
    r"children|families|family members|relatives|villagers|students|youths|young people|"
    r"North Koreans|North Korean women|North Korean men|North Korean defectors|of us|"
    r"returnees|prisoners|detainees|inmates|Christians|believers|soldiers|labourers"
)
VICTIM_NOUNS_KO = (
    r"주민|탈북민|탈북자|탈북 여성|여성|남성|밀수꾼|여성 밀수꾼|청년|학생|노동자|가족|"
    r"수감자|주민들|사람|일가족|어린이|아이|신자|기독교인|장사꾼"
)

# A family counted by its members: "a family of five", 일가족 5명.
FAMILY_EN = r"(?:a|the) family of (?P<n>\w+)"
FAMILY_KO = r"일가족 (?P<n>\d+)명"

# Public figures named beside acts ("Kim Jong Un ordered the arrests") are never victims.
PUBLIC_FIGURES = frozenset(
    {
        "김정은",
        "김정일",
        "김일성",
        "김여정",
        "리설주",
        "최룡해",
        "조용원",
        "김덕훈",
        "박봉주",
        "문재인",
        "윤석열",
        "이재명",
        "박근혜",
        "이명박",
        "노무현",
        "김대중",
        "시진핑",
        "Kim Jong",
        "Kim Il",
        "Kim Yo",
        "Ri Sol",
        "Choe Ryong",
        "Jo Yong",
        "Kim Tok",
        "Pak Pong",
        "Moon Jae",
        "Yoon Suk",
        "Lee Jae",
        "Park Geun",
        "Lee Myung",
        "Roh Moo",
        "Kim Dae",
    }
)

# Surnames ("Chung Mi-ok") and everyday Korean words ("과일 값", "선교 단체", "대안으로") that
# are also the bare names of small places; with their unit ("신도군") they are still places.
PLACE_LIKE_WORDS = """
Chung Jung
과일 구성 고원 고산 금강 대성 대안 선교 수동 시중 신도 안도 영광 온천 우시 항구 세포 수성 천마
중화 위원 운전 평원 강남 상원 이천 창도 동창 성간 동신 장강 백산 인산 송림 선봉 낙원 대관 대흥
성진 보천 신평 영원 안동 서성 문덕 덕성 삼천 전천 판교 사동
"""

# Words that mark a name as changed.
PSEUDONYM_EN = r"\((?:a )?pseudonym\)|\(not (?:his|her|their) real name\)|not (?:his|her) real name"
PSEUDONYM_KO = r"가명"

RELATIONS_EN = (
    r"mother|father|brother|sister|son|daughter|wife|husband|uncle|aunt|nephew|niece|"
    r"cousin|grandmother|grandfather|brother-in-law|sister-in-law|friend|parents|relatives"
)
RELATIONS_KO = (
    r"어머니|아버지|엄마|아빠|형|오빠|누나|언니|남동생|여동생|동생|아들|딸|아내|남편|"
    r"삼촌|이모|고모|조카|할머니|할아버지|친구|부모|가족"
)

# Pronouns and nouns showing that people, not prices or policies, are spoken of.
VICTIM_CONTEXT_EN = (
    r"\b(?:he|she|him|her|I|me|we|us|my|our|"
    r"man|woman|family|defector|smuggler|relatives|mother|father|"
    r"son|daughter|wife|husband)\b"
)
VICTIM_CONTEXT_KO = (
    r"어머니|아버지|아내|남편|아들|딸|가족|"
    r"(?<![가-힣])(?:저는|저도|저를|저랑|제가|나는|우리|그는|그녀)"
)

# ----------------------------------------------------------------- Chinese

# What China's own records of North Koreans say: border police and public security notices,
# court verdicts, news. Matched as they are, like Korean, in simplified and traditional forms.
# An act only intended or feared (拟予遣返, 面临遣返) is left out by the rules, as in English.
TRIGGERS_ZH: dict[str, tuple[str, ...]] = {
    "arrest": (
        r"逮捕",
        r"抓获",
        r"抓獲",
        r"查获",
        r"查獲",
        r"抓捕",
        r"拘捕",
        r"被抓",
        r"抓走",
        r"带走",
        r"帶走",
        r"缉拿",
        r"捕获",
        r"拘留(?!所)",  # "detained": an arrest, as English "detained" is; 拘留所 is a place
        r"拘捕",
        r"扣留",
    ),
    "abduction": (
        r"绑架",
        r"綁架",
        r"劫持",
        r"诱拐",
        r"強行帶走",
        r"强行带走",
        r"强行(?:塞入|塞进|推上|拉上)",
        r"強行(?:塞入|塞進|推上|拉上)",
    ),
    "forced_repatriation": (
        r"遣返(?![人者])",  # 被遣返人, 被遣返者: the person, not the act
        r"遣送",
        r"移交(?:给)?朝(?:方|鲜)",
        r"(?:送|押送|押解)回朝鲜",
        r"交给朝鲜",
        r"驱逐出境",
        r"北送",
    ),
    "arbitrary_detention": (
        r"羁押",
        r"羈押",
        r"关押",
        r"關押",
        r"拘押",
        r"收押",
        r"收容",
        r"拘禁",
        # 关了 is also "switched off" (关了手机): held for a time, or in a place.
        r"[关關](?:了|在)[^，,。；]{0,10}?(?:天|个月|個月|多月|年|拘留所|看守所|集结所|保卫部|保衛部|监狱|監獄|牢)",
        r"(?:押|押送|押解)到[^，。]{0,8}(?:保卫部|保衛部|拘留所|集结所|看守所|教化所)",
    ),
    "enforced_disappearance": (
        r"下落(?:至今|仍然|依然|一直)?不明",
        r"音讯全无",
        r"杳无音信",
        r"生死不明",
        r"失踪",
    ),
    "torture": (
        r"酷刑",
        r"刑讯",
        r"拷打",
        r"殴打",
        r"毆打",
        r"毒打",
        r"虐待",
        r"挨打",
        r"(?:用|拿)(?:木棍|棍子|皮带|皮帶|鞭子)(?:打|抽)",
        r"被打得",
    ),
    "execution": (
        r"处决",
        r"處決",
        r"枪决",
        r"槍決",
        r"枪毙",
        r"执行死刑",
        r"射杀",
        r"射殺",
        r"枪杀",
        r"开枪打死",
        r"击毙",
        r"擊斃",
        r"开枪",  # at a person crossing: shoot-on-sight, as English "shot without warning"
        r"開槍",
    ),
    "forced_labour": (r"强迫劳动", r"強迫勞動", r"劳动教养", r"劳改", r"劳动教化所", r"劳动锻炼队"),
    "sexual_violence": (r"强奸", r"強姦", r"性侵", r"性暴力"),
    "family_punishment": (r"连坐", r"株连", r"流放", r"赶出[^。]{0,12}家", r"驱逐到"),
    "surveillance": (r"监视", r"監視", r"跟踪"),
    "coerced_informant": (
        r"被迫(?:充当|当)(?:线人|眼线|情报员)",
        r"(?:让|要|逼)(?:我|他|她)[^。]{0,24}(?:报告|汇报|告发)",
    ),
}

# (org code, fragments), checked in this order: a North Korean unit named in Chinese
# (朝鲜边防部队) before China's own border police (边防大队); 我大队, 我局 … ("our brigade") is
# how a police notice names its own office.
ORGANISATIONS_ZH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("border_guard", (r"朝鲜(?:边防|边境|国境)(?:部队|警备队|军人|士兵|哨兵)?", r"国境警备队")),
    ("MSS", (r"(?:朝鲜)?国家(?:安全)?保卫(?:部|省)", r"保卫(?:部|省|局|员)")),
    (
        "MPS",
        (
            r"(?:朝鲜)?(?:人民保安|社会安全)(?:省|部|署|员)",
            r"保安署",
            r"保安员",
            r"朝鲜(?:警方|警察)",
        ),
    ),
    ("KPA", (r"朝鲜人民军", r"人民军")),
    (
        "unknown",
        (
            r"(?:不明身份|身份不明)的?(?:男子|人员|人)",
            r"陌生男子",
            # Men who act ("遭數名男子強行塞入"); "两名男子被抓获" are victims.
            r"(?:数|數|几|幾|三、四)名男子(?=[^，,。]{0,6}(?:强行|強行|把|将|將|闯|闖|从车|從車))",
        ),
    ),
    ("WPK", (r"(?:朝鲜)?劳动党",)),
    (
        "CN_public_security",
        (
            r"(?:中国)?(?:公安)?(?:边防|边境管理)(?:管理)?(?:支队|大队|派出所|检查站|部队|官兵|警察)",
            r"公安(?:局|机关|厅|分局|干警|民警|人员)?",
            r"派出所",
            r"(?:国家)?移民管理(?:局|机构)",
            r"武警",
            r"(?:中国)?(?:警方|警察|民警)",  # police in a Chinese text are China's
            r"我(?:大队|支队|分局|局|派出所|站)",
        ),
    ),
)

# A count of people is a number before one of these (两名朝鲜籍女子, 3人, 十余名).
COUNT_WORDS_ZH = r"名|人|个人|口人"
# Nouns naming the people an act is done to; a name after one is a victim's (朝鲜籍女子金惠松).
VICTIM_NOUNS_ZH = (
    r"朝鲜籍(?:女子|男子|妇女|女性|男性|公民|居民|人员|人|青年|少女)?|"
    r"朝鲜(?:女子|男子|妇女|公民|居民|人|脱北者|难民)|脱北者|非法越境者|越境人员|"
    r"犯罪嫌疑人|嫌疑人|被告人|被(?:拘留|遣返|抓获|查获)(?:人员|人)|女子|男子|妇女|"
    r"证言人[:：]\s*|受访者[:：]\s*|讲述人[:：]\s*"
)
FAMILY_ZH = r"一家(?P<n>[两二三四五六七八九十\d]+)口"
PSEUDONYM_ZH = r"化名"
PUBLIC_FIGURES_ZH = frozenset(
    {"金正恩", "金正日", "金日成", "金与正", "金與正", "李雪主", "习近平"}
)
RELATIONS_ZH = (
    r"母亲|母親|父亲|父親|妻子|丈夫|儿子|兒子|女儿|女兒|哥哥|姐姐|弟弟|妹妹|家属|家屬|亲属|親屬"
)
VICTIM_CONTEXT_ZH = rf"{RELATIONS_ZH}|她|他们|他們|她们|她們|女子|男子|妇女|脱北者"
