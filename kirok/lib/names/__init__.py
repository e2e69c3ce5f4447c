"""Korean personal names in every script and romanization Kirok's sources use.

The same person reaches Kirok as 김혜송 in a Korean testimony, "Kim Hye Song" in a news
article, "Kim Hye-song" in an NGO list and "Hyesong Kim" in a UN communication. This package
romanizes Hangul in each system, parses romanized names whatever their order, spacing and
capitals, gives every spelling of one name the same comparison key, ranks candidate Hangul
spellings, and scores how likely two spellings name the same person. It imports nothing
from Django.

>>> romanize("신라", "rr"), romanize("독립문", "rr")
('Silla', 'Dongnimmun')
>>> romanize("평양", "mr"), romanize("평양", "dprk")
("P'yŏngyang", 'Phyŏngyang')
>>> romanize_name("김혜송", "rr", style=NameStyle.HYPHENATED, surname="common")
'Kim Hye-song'
>>> romanize_name("김정은", "mr"), romanize_name("김정은", "dprk_plain")
('Kim Chŏng-ŭn', 'Kim Jong Un')
>>> parse_name("Hye-song Kim").surname, parse_name("Hwangbo In-ho").given
('Kim', 'In-ho')
>>> comparison_key("김혜송") == comparison_key("Hyesong Kim") == comparison_key("Kim Hye Sŏng")
True
>>> similarity("김혜송", "Kim Hye Song") >= 0.9, similarity("김현숙", "김혜숙") <= 0.8
(True, True)
>>> fold_initial_sound("량강도"), hangul_candidates("Kim Hye-song", limit=2)
('양강도', ['김혜송', '김혜성'])
"""

from kirok.lib.names.candidates import hangul_candidates
from kirok.lib.names.formatting import NameStyle, romanize_name
from kirok.lib.names.hangul import fold_initial_sound
from kirok.lib.names.matching import comparison_key, comparison_keys
from kirok.lib.names.parsing import ParsedName, hangul_reading, parse_name
from kirok.lib.names.romanization import SYSTEMS, romanize
from kirok.lib.names.surnames import COMPOUND_SURNAMES, surname_candidates
from kirok.lib.names.vectorised import similarity, similarity_matrix, similarity_pairs

__all__ = [
    "COMPOUND_SURNAMES",
    "SYSTEMS",
    "NameStyle",
    "ParsedName",
    "comparison_key",
    "comparison_keys",
    "fold_initial_sound",
    "hangul_candidates",
    "hangul_reading",
    "parse_name",
    "romanize",
    "romanize_name",
    "similarity",
    "similarity_matrix",
    "similarity_pairs",
    "surname_candidates",
]
