"""A partner's list brought in (kirok.interop.imports, `kirok import`): one source with the
file sealed, a person (and an incident with its act) per row, each citing its row; a list with
any problem, a duplicate or a hostile file records nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from kirok.audit.models import AuditEvent
from kirok.interop import imports
from kirok.records.models import Act, Incident, Person, PersonName
from kirok.sources import services
from kirok.sources.models import Attachment, EvidenceSpan, Source
from tests import factories, installations
from tests.installations import kirok

pytestmark = pytest.mark.django_db

# Every person here is fictional: "가상" means "imaginary".
KOREAN_LIST = (
    "번호,성명,성별,출생연도,고향,상태,피해 유형,발생일,발생 장소,가해 기관,비고\n"
    "P-001,김가상(일명 김순희),여,1984,회령시,행방불명,강제송환,2019년 3월,Hoeryong,"
    "회령시 보위부,가상의 인물\n"
    'P-002,"Pak Ka-sang, 박가상",M,약 1970,Hyesan,구금,,,,,\n'
)


@pytest.fixture
def editor(db):
    """A documenter who edits in ``desk``, with the terms and places a list names."""
    user = factories.make_user("documenter", username="editor")
    user.desk = factories.make_case("협력기관 명단 (partner lists)", editors=[user])
    for vocabulary, code in [
        ("source_kind", "partner_list"),
        ("violation_type", "forced_repatriation"),
        ("violation_type", "enforced_disappearance"),
        ("perpetrator_role", "perpetrator"),
    ]:
        factories.term(vocabulary, code)
    factories.hoeryong()
    ryanggang = factories.make_place(
        "KP-10", "량강도", "Ryanggang", level="admin1", place_type="province",
        parent=factories.north_korea(),
    )  # fmt: skip
    factories.make_place("KP-10-hyesan-si", "혜산시", "Hyesan", parent=ryanggang)
    factories.make_organization()  # 회령시 보위부
    return user


def counts() -> tuple:
    stored = {path.name for path in services.uploads_dir().iterdir()}
    models = (Source, Attachment, Person, PersonName, Incident, Act, EvidenceSpan)
    return (*(model.objects.count() for model in models), stored)


def named(text: str) -> Person:
    return Person.objects.get(pk__in=PersonName.objects.spelled_like(text).values("person_id"))


def assert_refused_changing_nothing(user, data: bytes, filename: str, says: str) -> None:
    before = counts()
    with pytest.raises(imports.ListRefused) as refused:
        imports.import_list(data, filename, user=user, cases=[user.desk], title="x")
    assert says in refused.value.message
    assert counts() == before


def import_list(user, text: str, **options) -> imports.Imported:
    return imports.import_list(
        text.encode(), "명단.csv", user=user, cases=[user.desk], title="가상 명단", **options
    )


def test_a_partner_list_becomes_persons_and_an_incident_each_citing_its_row(editor):
    done = import_list(editor, KOREAN_LIST)

    assert (done.persons, done.incidents) == (2, 1)
    source = done.source
    assert source.kind.code == "partner_list" and source.text == KOREAN_LIST
    assert list(source.cases.all()) == [editor.desk]
    [attachment] = source.attachments.all()
    assert attachment.mime_type == "text/csv" and attachment.size == len(KOREAN_LIST.encode())

    kim = named("김가상")
    assert [(n.text, n.kind, n.is_primary) for n in kim.names.order_by("sort_order")] == [
        ("김가상", "legal", True),
        ("김순희", "alias", False),
    ]
    assert (kim.sex, kim.birth_date, kim.status) == ("female", "1984", "missing")
    assert kim.hometown.gazetteer_id == "KP-09-hoeryeong-si"
    assert kim.notes == "가상의 인물"
    [act] = kim.acts.all()
    assert act.violation_type.code == "forced_repatriation"
    assert act.date == "2019-03" and act.place.gazetteer_id == "KP-09-hoeryeong-si"
    assert act.perpetrators.get().organization.code == "mss-kp-09-hoeryeong-si"
    assert act.incident.title == "강제송환: 김가상 — 회령시, 2019-03"

    # "약 1970" is about 1970: a year either side; no violation given, so no incident.
    pak = named("Pak Ka-sang")
    assert sorted(n.text for n in pak.names.all()) == ["Pak Ka-sang", "박가상"]
    assert (pak.sex, pak.birth_date, pak.status) == ("male", "1969/1971", "detained")
    assert not pak.acts.exists()

    # Each record cites its row of the list, word for word.
    first_row = KOREAN_LIST.splitlines()[1]
    for record in (kim, act.incident, act):
        [span] = record.evidence.all()
        assert span.source == source and span.quote == first_row
    assert pak.evidence.get().quote == KOREAN_LIST.splitlines()[2]

    event = AuditEvent.objects.get(action="list_imported")
    assert event.detail == {"rows": 2, "persons": 2, "incidents": 1}
    assert event.actor == editor


def test_the_partner_that_provided_the_list_is_its_sources_organization(editor):
    partner = factories.make_organization(
        "ngo-fictional", "가상 인권단체", "Fictional Rights Group", kind="ngo"
    )
    done = import_list(editor, KOREAN_LIST, partner=partner)
    assert done.source.organization == partner
    assert imports.organization_named("  fictional   rights group ") == partner


def test_the_violation_given_for_the_whole_list_fills_the_rows_without_one(editor):
    disappeared = factories.term("violation_type", "enforced_disappearance")
    done = import_list(editor, KOREAN_LIST, violation=disappeared)
    assert done.incidents == 2
    pak = named("Pak Ka-sang")
    assert pak.acts.get().violation_type == disappeared


def test_a_list_with_problems_records_nothing_and_names_each_line_and_column(editor):
    before = counts()
    bad = (
        "name,sex,birth_year,hometown,status,violation,event_date,perpetrator\n"
        "Kim Ga-sang,X,1984,Nowhereville,lost,kidnap,the 45th of Smarch,Fictional Bureau\n"
        "<script>alert(1)</script>,F,19x4,,,,,\n"
        ",F,1980,,,,,\n"
        "Ri Ga-sang,M,1970,Unsan,,,2012,\n"
        "Choe Ga-sang,F,1990,Hoeryong,,,,\n"
    )
    with pytest.raises(imports.ProblemsFound) as found:
        import_list(editor, bad)
    problems = {(p.line, p.column): p.message for p in found.value.plan.problems}
    assert set(problems) == {
        (2, "sex"), (2, "hometown"), (2, "status"), (2, "violation"), (2, "event_date"),
        (2, "perpetrator"), (3, "birth_year"), (4, "name"), (5, "hometown"), (5, "violation"),
    }  # fmt: skip
    assert "'Nowhereville' is no place in the gazetteer" in problems[(2, "hometown")]
    assert "'kidnap' is not a violation type" in problems[(2, "violation")]
    assert "forced_repatriation" in problems[(2, "violation")]
    assert "birth_year '19x4' is not a whole number" in problems[(3, "birth_year")]
    # Two counties are called Unsan: the row must say which.
    assert (
        "may be any of" in problems[(5, "hometown")]
        and "add the province" in problems[(5, "hometown")]
    )
    assert "not what was done" in problems[(5, "violation")]
    assert counts() == before


def test_the_same_list_twice_is_refused_and_names_the_source(editor):
    first = import_list(editor, KOREAN_LIST)
    before = counts()
    with pytest.raises(imports.ListRefused) as refused:
        import_list(editor, KOREAN_LIST)
    assert refused.value.duplicate_of == first.source
    assert "already in Kirok" in refused.value.message
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "The file is empty"),
        ("성명,성별\n김가상,여\n".encode("cp949"), "Windows Korean encoding"),
        (b'name,sex\n"Kim Ga-sang,F\n', "line 2: not valid CSV"),
        (b"name;sex\nKim Ga-sang;F\n", "something else than commas"),
        (b"record_id,sex\n1,F\n", "no name or name_hangul column"),
        (b"name,sex\n", "a header but no rows"),
    ],
)
def test_a_file_that_is_no_usable_list_is_refused_and_changes_nothing(editor, data, says):
    assert_refused_changing_nothing(editor, data, "list.csv", says)


def test_a_list_over_the_row_limit_is_refused(editor, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = "".join(f"Kim Ga-sang {i},F\n" for i in range(4))
    before = counts()
    with pytest.raises(imports.ListRefused, match="more than 3 rows"):
        import_list(editor, "name,sex\n" + rows)
    assert counts() == before


def test_a_failure_while_recording_leaves_no_row_and_no_file(editor, monkeypatch):
    before = counts()

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(services, "record_custody", disk_full)
    with pytest.raises(OSError):
        import_list(editor, KOREAN_LIST)
    assert counts() == before


def test_importing_into_a_case_the_user_does_not_edit_is_refused(editor):
    elsewhere = factories.make_case("다른 사건")
    before = counts()
    with pytest.raises(PermissionDenied):
        imports.import_list(
            KOREAN_LIST.encode(), "list.csv", user=editor, cases=[elsewhere], title="x"
        )
    assert counts() == before


# --- The command -----------------------------------------------------------------------------

SETUP = """
from kirok.accounts.models import Case, CaseMembership, User
user = User.objects.create_user("kim", password="x" * 20, role="documenter")
case = Case.objects.create(name="명단")
CaseMembership.objects.create(case=case, user=user, can_edit=True)
"""


@pytest.fixture(scope="module")
def installation_template(tmp_path_factory) -> Iterator[dict[str, str]]:
    commands = [["init"], ["manage", "shell", "-c", SETUP]]
    with installations.built(tmp_path_factory.mktemp("import"), commands) as env:
        yield env


@pytest.fixture
def installation(tmp_path: Path, installation_template: dict[str, str]) -> Iterator[dict[str, str]]:
    with installations.copied(installation_template, tmp_path) as env:
        yield env


def test_the_command_checks_then_imports_a_list(installation, tmp_path):
    listed = tmp_path / "명단.csv"
    listed.write_text(KOREAN_LIST, encoding="utf-8")
    arguments = ("import", str(listed), "--title", "가상 명단", "--user", "kim")

    checked = kirok(installation, *arguments, "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "2 rows can be imported: 2 persons, 1 incidents." in checked.stdout
    assert "Nothing was recorded" in checked.stdout

    unknown = kirok(installation, *arguments, "--partner", "No Such Group")
    assert unknown.returncode == 2 and "No organization is called 'No Such Group'" in unknown.stderr
    done = kirok(installation, *arguments, "--json", "--violation", "enforced_disappearance")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["rows"], result["incidents"]) == ("imported", 2, 2)

    again = kirok(installation, *arguments)
    assert again.returncode == 1
    assert "already in Kirok: source “가상 명단”" in again.stderr


# Two imports of one list in two threads of a real installation (a SQLite file, or a database
# on the PostgreSQL server): the first stops for half a second past the duplicate check,
# before it commits; the second starts then. It must wait for the first, then find the file.
AT_THE_SAME_MOMENT = """
import json, threading, time
from kirok.cli import django_setup
django_setup.configure()
from django.db import connection
from kirok.accounts.models import Case, User
from kirok.interop import imports

user, cases, data = User.objects.get(username="kim"), [Case.objects.get(name="명단")], LIST.encode()
first_checked = threading.Event()
create_source = imports._create_source

def slow_in_the_first(*args):
    if threading.current_thread().name == "first":
        first_checked.set()
        time.sleep(0.5)
    return create_source(*args)

imports._create_source = slow_in_the_first
outcomes = {}

def run():
    name = threading.current_thread().name
    try:
        done = imports.import_list(data, "list.csv", user=user, cases=cases, title="list")
        outcomes[name] = ["imported", str(done.source.public_id)]
    except imports.ListRefused as refused:
        outcomes[name] = ["refused", str(refused.duplicate_of.public_id)]
    finally:
        connection.close()

first = threading.Thread(target=run, name="first")
first.start()
first_checked.wait(timeout=30)
second = threading.Thread(target=run, name="second")
second.start()
first.join(), second.join()
from kirok.sources.models import Source
print(json.dumps({**outcomes, "sources": Source.objects.count()}))
"""


def test_two_imports_of_one_list_at_the_same_moment_record_it_once(installation):
    script = f"LIST = {KOREAN_LIST!r}\n" + AT_THE_SAME_MOMENT
    outcomes = json.loads(installations.python(installation, script))
    assert outcomes["first"][0] == "imported"
    assert outcomes["second"] == ["refused", outcomes["first"][1]]
    assert outcomes["sources"] == 1


def test_the_command_prints_every_problem_and_exits_1(installation, tmp_path):
    listed = tmp_path / "bad.csv"
    listed.write_text("name,sex,status\nKim Ga-sang,X,lost\n,F,\n", encoding="utf-8")
    done = kirok(installation, "import", str(listed), "--title", "x", "--user", "kim")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert "line 2, sex: 'X' is neither male nor female (M/F, 남/여)." in lines
    assert any(line.startswith("line 2, status: 'lost' is not a status") for line in lines)
    assert any(line.startswith("line 3, name: no name") for line in lines)
    assert lines[-1] == "Nothing was imported: 3 problems. Mend the list and try again."

    unknown = kirok(installation, "import", str(listed), "--title", "x", "--violation", "kidnap")
    assert unknown.returncode == 2
    assert "No violation_type 'kidnap'" in unknown.stderr


# --- The page --------------------------------------------------------------------------------


def post_list(client, user, text: str, language: str = "en", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(user)
    form = {
        "file": SimpleUploadedFile("명단.csv", text.encode(), "text/csv"),
        "title": "가상 명단",
        "cases": [user.desk.pk],
        "check_only": "on",
        **fields,
    }
    return client.post(reverse("web:list_import"), form, HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_checks_a_list_and_shows_its_rows_without_recording_them(client, editor):
    before = counts()
    page = post_list(client, editor, KOREAN_LIST).content.decode()
    assert "The list can be imported: 2 persons, 1 incidents." in page
    assert "김가상 · 김순희" in page and "Pak Ka-sang · 박가상" in page
    assert "1969/1971" in page and "Female" in page and "Detained" in page
    assert counts() == before


def test_the_page_imports_a_list_and_opens_its_source(client, editor):
    partner = factories.make_organization(
        "ngo-fictional", "가상 인권단체", "Fictional Rights Group", kind="ngo"
    )
    response = post_list(client, editor, KOREAN_LIST, check_only="", partner=str(partner.public_id))
    source = Source.objects.get()
    assert source.organization == partner
    assert response.status_code == 302 and response.url == f"/sources/{source.public_id}/"
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Imported 2 persons and 1 incidents from the list." in page
    assert Person.objects.count() == 2


def test_the_page_lists_every_problem_escaped_and_records_nothing(client, editor):
    before = counts()
    hostile = "name,sex,status\n<script>alert(1)</script>,X,lost\n"
    page = post_list(client, editor, hostile, check_only="").content.decode()
    assert "Nothing was recorded: the list has 2 problems." in page
    assert "line 2, sex: &#x27;X&#x27; is neither male nor female" in page
    assert "<script>alert(1)</script>" not in page
    assert counts() == before


def test_the_page_names_the_source_that_already_holds_the_list(client, editor):
    first = import_list(editor, KOREAN_LIST)
    page = post_list(client, editor, KOREAN_LIST, check_only="").content.decode()
    assert "This file is already in Kirok" in page
    assert f"/sources/{first.source.public_id}/" in page


def test_the_page_speaks_korean(client, editor):
    from django.urls import reverse

    client.force_login(editor)
    page = client.get(reverse("web:list_import"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "협력기관 명단 가져오기" in page


def test_a_list_longer_than_the_page_takes_is_sent_to_the_command(client, editor, monkeypatch):
    monkeypatch.setattr(imports, "PAGE_MAX_ROWS", 1)
    before = counts()
    page = post_list(client, editor, KOREAN_LIST, check_only="").content.decode()
    assert "more than 1 rows, the most this page takes" in page
    assert "kirok import" in page
    assert counts() == before


def test_an_age_is_counted_back_from_the_event_date_when_no_event_year_is_given(editor):
    import_list(editor, "성명,나이,피해 유형,발생일\n김가상,35세,강제송환,2019년 3월\n")
    assert named("김가상").birth_date == "1983/1984"


def test_a_list_without_a_title_is_refused(editor):
    before = counts()
    with pytest.raises(imports.ListRefused, match="Give the list a title"):
        imports.import_list(
            KOREAN_LIST.encode(), "a.csv", user=editor, cases=[editor.desk], title=" "
        )
    assert counts() == before


def test_every_translated_fault_of_a_list_quotes_only_what_the_library_gives():
    import re

    from kirok.interop import list_messages
    from kirok.linkage.engine import lists

    for code, sentence in list_messages.SENTENCES.items():
        said = set(re.findall(r"\{(\w+)\}", lists.MESSAGES[code]))
        quoted = set(re.findall(r"%\((\w+)\)s", str(sentence)))
        # It may leave a detail out (a byte's position), never ask for one it is not given,
        # and always quotes the cell at fault.
        assert quoted <= said and ("value" in quoted) == ("value" in said), code


def test_a_bad_cell_is_explained_in_korean_on_the_korean_page(client, editor):
    page = post_list(client, editor, "성명,출생연도\n김가상,19x4\n", language="ko")
    assert "2행: birth_year &#x27;19x4&#x27;은(는) 정수가 아닙니다." in page.content.decode()


def test_the_guides_example_list_imports_as_the_guide_says(reference_data, editor):
    example = Path(__file__).parent.parent / "docs" / "guide" / "example-partner-list.csv"
    done = imports.import_list(
        example.read_bytes(), example.name, user=editor, cases=[editor.desk], title="예시"
    )
    assert (done.persons, done.incidents) == (5, 3)
    assert named("리허구").birth_date == "1979/1980"  # 35세 in 2015
    assert named("Choe Ho-gu").birth_date == "1990/1999"


def test_a_former_name_or_a_slip_of_one_letter_still_finds_the_place(editor):
    kyongwon = factories.make_place(
        "KP-09-gyeongwon-gun", "경원군", "Kyongwon", parent=factories.north_hamgyong()
    )
    import_list(editor, "성명,고향\n김가상,새별군\n박가상,Hoeryng\n")
    # 새별군 was Kyongwon's name from 1977 to about 2005: one county under two names.
    assert named("김가상").hometown == kyongwon
    assert named("박가상").hometown.gazetteer_id == "KP-09-hoeryeong-si"


def test_an_event_year_dates_the_rows_incident_and_alone_makes_none(editor):
    disappeared = factories.term("violation_type", "enforced_disappearance")
    import_list(editor, "name,age_at_event,event_year\nKim Ga-sang,35,2019\n")
    assert not named("Kim Ga-sang").acts.exists()  # no violation: a person only
    import_list(editor, "name,event_year\nPak Ka-sang,2015\n", violation=disappeared)
    assert named("Pak Ka-sang").acts.get().date == "2015"


# --- Excel workbooks -------------------------------------------------------------------------


def workbook(*sheets: list[list]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for number, rows in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet(f"Sheet{number + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_workbook_is_read_as_its_list_and_kept_as_it_came(editor):
    import datetime as dt

    rows = [
        ["번호", "성명", "성별", "출생연도", "고향", "피해 유형", "발생일"],
        [
            "P-001",
            "김가상(일명 김순희)",
            "여",
            1984.0,
            "회령시",
            "강제송환",
            dt.datetime(2019, 3, 5),
        ],
        ["P-002", "Pak Ka-sang", "M", None, "Hyesan", None, None],
        [None, None, None, None, None, None, None],  # an empty row Excel keeps at the end
    ]
    data = workbook(rows)
    done = imports.import_list(
        data, "명단.xlsx", user=editor, cases=[editor.desk], title="가상 명단"
    )
    assert (done.persons, done.incidents) == (2, 1)
    assert done.source.text.splitlines() == [
        "번호,성명,성별,출생연도,고향,피해 유형,발생일",
        "P-001,김가상(일명 김순희),여,1984,회령시,강제송환,2019-03-05",
        "P-002,Pak Ka-sang,M,,Hyesan,,",
    ]
    kim = named("김가상")
    assert (kim.birth_date, kim.acts.get().date) == ("1984", "2019-03-05")
    attachment = done.source.attachments.get()
    assert attachment.filename == "명단.xlsx" and attachment.size == len(data)
    assert attachment.mime_type.endswith("spreadsheetml.sheet")


def entity_bomb_workbook() -> bytes:
    """A workbook whose sheet expands one cell a billion-fold ("billion laughs")."""
    import io
    import zipfile

    entities = '<!ENTITY lol0 "lololololol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    honest = zipfile.ZipFile(io.BytesIO(workbook([["성명"], ["김가상"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bomb:
        for item in honest.infolist():
            data = honest.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                sheet = data.decode().replace("&#44608;&#44032;&#49345;", "&lol9;")
                data = f"<!DOCTYPE worksheet [{entities}]>{sheet}".encode()
            bomb.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (workbook([["성명"], ["김가상"]], [["성명"], ["박가상"]]), "holds 2 sheets with content"),
        (b"PK\x03\x04 not really a workbook", "damaged"),
        (entity_bomb_workbook(), "not a readable Excel workbook"),
    ],
    ids=["two sheets", "damaged", "entity bomb"],
)
def test_a_workbook_that_is_no_one_list_is_refused_and_changes_nothing(editor, data, says):
    assert_refused_changing_nothing(editor, data, "명단.xlsx", says)


def test_a_workbook_built_to_exhaust_the_server_is_refused_before_it_is_unpacked(editor):
    from tests.lib.test_text_extraction import zip_bomb_docx

    before = counts()
    with pytest.raises(imports.ListRefused, match="built to exhaust a server"):
        imports.import_list(
            zip_bomb_docx(20 * 1024 * 1024), "bomb.xlsx", user=editor, cases=[editor.desk],
            title="x",
        )  # fmt: skip
    assert counts() == before


def test_the_page_takes_a_workbook(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(editor)
    upload = SimpleUploadedFile("명단.xlsx", workbook([["성명", "성별"], ["김가상", "여"]]))
    form = {"file": upload, "title": "가상 명단", "cases": [editor.desk.pk], "check_only": "on"}
    page = client.post(reverse("web:list_import"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert "The list can be imported: 1 person, 0 incidents." in page.content.decode()


def test_an_age_at_an_event_across_a_new_year_allows_the_birth_years_of_both(editor):
    import_list(editor, "성명,나이,피해 유형,발생일\n김가상,35세,강제송환,2016년 겨울\n")
    kim = named("김가상")
    # 35 in December 2016 or early 2017, with the lists library's year of margin for an age.
    assert (kim.birth_date_earliest.year, kim.birth_date_latest.year) == (1980, 1983)


def test_a_row_with_a_bad_date_is_not_among_the_rows_to_record(editor):
    plan = imports.read_list(b"name,event_date\nKim Ga-sang,the 45th of Smarch\n", "a.csv")
    assert [p.column for p in plan.problems] == ["event_date"] and plan.rows == []
