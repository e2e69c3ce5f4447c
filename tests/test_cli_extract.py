"""`kirok extract FILE`, run as a user runs it: a separate process on real files.

The extractor's quality is measured by bench/extraction.py on tests/data/extraction; these
tests check what the command promises: the issue's JSON shape, evidence offsets into the
document's working text, the publication date as anchor, and refusals.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx

DATA = Path(__file__).parent / "data" / "extraction"
INCIDENT_KEYS = {
    "types",
    "date",
    "place",
    "perpetrator",
    "victim_count",
    "victims",
    "evidence",
    "confidence",
}


def kirok(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kirok", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_news_item_gives_its_incident_in_the_issues_json_shape():
    path = DATA / "03_news_hoeryong_execution.txt"
    done = kirok(path, "--published", "2018-06-04", "--json")
    assert done.returncode == 0, done.stderr
    incidents = json.loads(done.stdout)["incidents"]
    assert len(incidents) == 1
    incident = incidents[0]
    assert set(incident) == INCIDENT_KEYS
    assert "execution" in incident["types"]
    assert incident["place"]["country"] == "KP"
    assert incident["date"]["edtf"] == "2018-05-28"
    text = path.read_text(encoding="utf-8")
    for span in incident["evidence"]:
        assert text[span["start"] : span["end"]] == span["quote"]


def test_a_korean_word_file_is_read_and_offsets_point_into_its_working_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("2019년 3월 초 양강도 혜산시 보위부가 탈북민 가족 5명을 체포했다.")
    path = tmp_path / "보고.docx"
    document.save(path)
    done = kirok(path, "--published", "2019-04-01", "--json")
    assert done.returncode == 0, done.stderr
    incident = json.loads(done.stdout)["incidents"][0]
    assert incident["perpetrator"]["org"] == "MSS"
    assert incident["place"]["admin1"] == "KP-10"
    assert incident["victim_count"]["min"] == 5
    assert "체포" in incident["evidence"][0]["quote"]


def test_a_text_without_incident_proposes_none():
    done = kirok(DATA / "30_ko_no_incident_market_prices.txt", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"incidents": []}


def test_the_summary_names_the_incident_and_quotes_its_words():
    done = kirok(DATA / "03_news_hoeryong_execution.txt", "--published", "2018-06-04")
    assert done.returncode == 0, done.stderr
    assert "Incident 1: execution" in done.stdout
    assert "evidence" in done.stdout and "Hoeryong" in done.stdout


def test_a_wrong_date_or_a_disguised_file_is_refused_with_one_line(tmp_path):
    done = kirok(DATA / "03_news_hoeryong_execution.txt", "--published", "2018-13-40")
    assert done.returncode == 1 and "not a date" in done.stderr
    disguised = tmp_path / "report.docx"
    disguised.write_bytes(b"%PDF-1.7\n%%EOF\n")
    done = kirok(disguised)
    assert done.returncode == 1
    assert "report.docx" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
