"""`kirok places find` and `kirok dates parse`, run as a person would."""

import json
import subprocess
import sys

import pytest


def kirok(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kirok", *args], capture_output=True, text=True, timeout=60
    )


def test_places_find_ranks_the_city_first_and_shows_its_path():
    done = kirok("places", "find", "Hyesan, Ryanggang Province")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert "KP-10-hyesan-si" in first
    assert "Ryanggang" in first


def test_places_find_json_reads_the_north_korean_spelling():
    done = kirok("places", "find", "량강도", "--json")
    assert done.returncode == 0, done.stderr
    matches = json.loads(done.stdout)
    assert matches[0]["place_id"] == "KP-10"
    assert matches[0]["country"] == "KP"


def test_places_find_says_so_when_nothing_matches():
    done = kirok("places", "find", "xyzzy")
    assert done.returncode == 1
    assert "No place matches" in done.stderr


def test_dates_parse_prints_edtf_with_its_range_as_json():
    done = kirok("dates", "parse", "2012년 11월 초", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "edtf": "2012-11-01/2012-11-10",
        "earliest": "2012-11-01",
        "latest": "2012-11-10",
    }


def test_dates_parse_counts_relative_phrases_from_the_anchor():
    done = kirok("dates", "parse", "more than 10 years later", "--anchor", "2012-06-01", "--json")
    assert json.loads(done.stdout)["edtf"] == "2022-06-01/.."
    assert json.loads(done.stdout)["latest"] is None


def test_dates_parse_refuses_to_guess_and_says_why():
    done = kirok("dates", "parse", "March")
    assert done.returncode == 1
    assert "no year" in done.stderr
    wrong_anchor = kirok("dates", "parse", "two years ago", "--anchor", "2012-13-01")
    assert wrong_anchor.returncode == 2
    assert "YYYY-MM-DD" in wrong_anchor.stderr


def test_names_show_gives_every_romanization_and_the_comparison_key():
    done = kirok("names", "show", "김혜송", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["romanizations"]["mr"] == "Kim Hye-song"
    assert shown["romanizations"]["dprk"] == "Kim Hye Song"
    assert shown["romanizations"]["rr_as_commonly_written"] == "Kim Hye-song"
    latin = json.loads(kirok("names", "show", "Hyesong Kim", "--json").stdout)
    assert latin["comparison_key"] == shown["comparison_key"]
    assert latin["hangul_candidates"][0] == "김혜송"


def test_names_compare_scores_one_pair_or_a_csv_of_pairs(tmp_path):
    assert float(kirok("names", "compare", "김혜송", "Kim Hye Song").stdout) >= 0.9
    assert float(kirok("names", "compare", "김현숙", "김혜숙").stdout) < 0.8
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b\n김혜송,Hyesong Kim\nPark Min,Choi Min\n=1+2,Kim\n", encoding="utf-8")
    done = kirok("names", "compare", "--pairs", str(pairs))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "a,b,score"
    assert float(lines[1].rsplit(",", 1)[1]) >= 0.9 > float(lines[2].rsplit(",", 1)[1])
    assert lines[3].startswith("'=1+2,Kim,")  # a cell a spreadsheet would run, defused


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("left,right\nx,y\n", "columns a and b"),
        # A lenient reader made the rest of the file one cell and scored one pair of two.
        (
            'a,b\n"김혜송,Kim Hye-song\n박철,Pak Chol\n',
            "not valid CSV after line 1: unexpected end of data",
        ),
    ],
    ids=["no-columns", "unclosed-quote"],
)
def test_names_compare_refuses_a_pairs_file_it_cannot_read(tmp_path, content, message):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(content, encoding="utf-8")
    done = kirok("names", "compare", "--pairs", str(pairs))
    assert done.returncode == 2
    assert message in done.stderr
    assert "score" not in done.stdout
