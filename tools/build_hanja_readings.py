"""Build kirok/data/hanja/readings.txt, the Korean readings of Chinese characters.

Run once by a developer, never at run time:
``python tools/build_hanja_readings.py [--unihan /usr/share/unicode]``. It reads the Unicode
Character Database's Unihan files as Debian's ``unicode-data`` package installs them
(``apt-get install unicode-data``): the ``kHangul`` readings of each character, and for a
simplified character with no Korean reading of its own (刘, 郑, 张 in Chinese documents),
the readings of its traditional form (``kTraditionalVariant``: 劉, 鄭, 張).

Each output line is a character, a tab, and its readings separated by spaces, the reading
a given name most likely uses first (see ``ordered_readings``).
"""

from __future__ import annotations

import argparse
import bz2
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "kirok" / "data" / "hanja" / "readings.txt"


def fields(path: Path, wanted: str) -> dict[str, str]:
    """{character: value} of one Unihan field."""
    found = {}
    with bz2.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t")
            if field == wanted:
                found[chr(int(code[2:], 16))] = value
    return found


def ordered_readings(value: str) -> list[str]:
    """Readings of a kHangul value ("금:0E 김:0N"), the likely one in a given name first.

    Unihan tags "E" the reading taught in schools and "N" a reading the list of characters
    for personal names adds (인명용 한자). Where a character has both, the taught one is
    what a given name almost always uses (純 순, not 준: 김순희; 實 실, not 지; 昭 소; 辰 진),
    so it comes first, then the added ones. A surname's own reading (金 김, 車 차, 沈 심) is
    given by the surname table (kirok.lib.names.surnames) where the name starts. A
    character with no "N" reading keeps Unihan's order (蘭 난 란: the ㄴ/ㄹ of the first
    syllable is folded, and hanja.py puts 란 first inside a name).
    """
    pairs = [item.split(":") for item in value.split()]
    if not any("N" in sources for _, sources in pairs):
        return list(dict.fromkeys(reading for reading, _ in pairs))
    taught = [reading for reading, sources in pairs if "E" in sources]
    named = [reading for reading, sources in pairs if "N" in sources]
    return list(dict.fromkeys(taught + named + [reading for reading, _ in pairs]))


def characters(unihan: Path) -> dict[str, list[str]]:
    own = {
        char: ordered_readings(value)
        for char, value in fields(unihan / "Unihan_Readings.txt.bz2", "kHangul").items()
    }
    traditional = fields(unihan / "Unihan_Variants.txt.bz2", "kTraditionalVariant")
    table = dict(own)
    for char, value in traditional.items():
        forms = [chr(int(code[2:].split("<")[0], 16)) for code in value.split()]
        borrowed = [r for form in forms if form != char for r in own.get(form, [])]
        if borrowed:  # 宁 reads 저 itself, but in a Chinese name it is 寧: 녕
            table[char] = list(dict.fromkeys(own.get(char, []) + borrowed))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"))
    args = parser.parse_args()
    table = characters(args.unihan)
    lines = [f"{char}\t{' '.join(readings)}" for char, readings in sorted(table.items())]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(lines):,} characters")


if __name__ == "__main__":
    main()
