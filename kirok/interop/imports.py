"""Bring a partner organisation's list into Kirok: one source, and records tied to its rows.

Partner organisations exchange their lists of the disappeared, the detained and the sent back
as spreadsheets. :func:`import_list` takes such a list (CSV with a header, the columns of
`kirok link dedupe` and a few more, English or Korean headings; :data:`COLUMNS`) and, in one
transaction:

- keeps the file as a source of kind "list from a partner organisation", its original
  sealed (kirok.sources.services.store_attachment) and its text as the source's text;
- makes a Person of each row (names in every script the row gives, aliases too; sex; birth
  date as EDTF; hometown from the gazetteer; status; occupation; notes);
- where the row says what was done (a violation type, in the row or given for the whole list),
  an Incident with one Act against that person: date, place and perpetrator organization;
- cites the row itself, offsets and quoted text, as the evidence of each record, so a reader
  sees on every record exactly which line of which list says so.

Every row is read and checked before anything is written: :func:`read_list` returns a
:class:`Plan` of the rows and of every problem found (line, column, what is wrong), and a list
with any problem imports nothing. A list already attached to a source the user may see is
refused as a duplicate (among visible sources only, as kirok.sources.ingest does, so that an
import cannot test what other cases hold). Consent flags are not set: a list does not give
them, and the documenter records them.

Nothing here checks roles: callers pass cases the user may edit in
(kirok.sources.ingest.check_cases).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kirok.audit import services as audit
from kirok.interop import list_messages
from kirok.lib import dates, file_types, workbooks
from kirok.lib import places as gazetteer
from kirok.lib.file_types import RefusedFile
from kirok.linkage.engine import lists
from kirok.linkage.engine.features import clean, normal_sex, split_names
from kirok.records.date_messages import explain
from kirok.records.forms import guess_script
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    NameKind,
    Organization,
    OrganizationName,
    Person,
    PersonName,
    PersonStatus,
    Place,
    Sex,
)
from kirok.sources import ingest, services
from kirok.sources.forms import refusal_message
from kirok.sources.models import EvidenceSpan, Source
from kirok.vocabularies.models import Term

# The columns a row may give besides the person's (kirok.linkage.engine.lists.INPUT_COLUMNS).
RECORD_COLUMNS = (
    "status",
    "occupation",
    "violation",
    "event_date",
    "event_place",
    "perpetrator",
    "notes",
)
COLUMNS = lists.INPUT_COLUMNS + RECORD_COLUMNS
# Korean headings of the record columns (those of the person's: lists.KOREAN_HEADINGS).
KOREAN_HEADINGS = {
    "상태": "status",
    "현재_상태": "status",
    "직업": "occupation",
    "피해_유형": "violation",
    "피해유형": "violation",
    "발생일": "event_date",
    "발생_일자": "event_date",
    "발생_장소": "event_place",
    "발생장소": "event_place",
    "가해_기관": "perpetrator",
    "가해기관": "perpetrator",
    "비고": "notes",
}
STATUSES = {
    PersonStatus.MISSING: ("missing", "disappeared", "행방불명", "실종", "생사불명"),
    PersonStatus.DETAINED: ("detained", "in detention", "구금", "구금중", "수감", "수감중"),
    PersonStatus.RELEASED: ("released", "석방"),
    PersonStatus.DECEASED: ("deceased", "dead", "died", "사망"),
    PersonStatus.UNKNOWN: ("unknown", "미상", "모름"),
}
# Beyond these a list is refused, rather than hold the database for minutes; a larger list
# can be split, and its parts imported one after another. Recording takes about 30 ms a row
# on SQLite and 60-85 ms on PostgreSQL on a 2-core machine (every record gets its audit entry
# and first version: some 120 statements a row; bench/imports.py), so the page takes fewer
# rows than the command: a proxy in front of Kirok may give up on a page after a minute.
MAX_ROWS = 5_000
PAGE_MAX_ROWS = 500
MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 50  # reported; a list with a wrong column would give one per row
# A gazetteer match below this is not taken for the place: a former name scores 0.8–0.85
# (kirok.lib.places), a misspelling one letter off about 0.8–0.85, a guess further off less.
PLACE_CONFIDENCE = 0.8
PLACE_MARGIN = 0.05  # another place this close to the best makes the cell ambiguous


class ListRefused(Exception):
    """The list as a whole cannot be imported (not CSV, too large, a duplicate …)."""

    def __init__(self, message: str, *, duplicate_of: Source | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.duplicate_of = duplicate_of


class ProblemsFound(Exception):
    """Rows of the list cannot be recorded; ``plan.problems`` says which and why."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(f"{len(plan.problems) + plan.more_problems} problems in the list")
        self.plan = plan


@dataclass
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        # The lists library's messages name their column first ("birth_year '19x4' is …").
        if not self.column or self.message.startswith(self.column):
            return _("line %(line)s: %(fault)s") % {"line": self.line, "fault": self.message}
        where = _("line %(line)s, %(column)s") % {"line": self.line, "column": self.column}
        return f"{where}: {self.message}"


@dataclass
class Row:
    """One row as it will be recorded."""

    line: int
    start: int  # the row's characters in the list's text: its evidence
    end: int
    record_id: str
    names: list[str]
    sex: str = Sex.UNKNOWN
    birth_date: str = ""
    hometown: Place | None = None
    status: str = PersonStatus.UNKNOWN
    occupation: str = ""
    notes: str = ""
    violation: Term | None = None
    event_date: str = ""
    event_place: Place | None = None
    perpetrator: Organization | None = None

    @property
    def sex_label(self) -> str:
        return str(Sex(self.sex).label)

    @property
    def status_label(self) -> str:
        return str(PersonStatus(self.status).label)


@dataclass
class Plan:
    """What a list holds: the rows to record, or the problems that stop it."""

    text: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # found beyond MAX_PROBLEMS

    @property
    def incidents(self) -> int:
        return sum(1 for row in self.rows if row.violation is not None)

    def refuse(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, column, message))
        else:
            self.more_problems += 1


@dataclass
class Imported:
    source: Source
    persons: int
    incidents: int


# --- Reading -------------------------------------------------------------------------------


def read_list(
    data: bytes, filename: str, *, violation: Term | None = None, max_rows: int | None = None
) -> Plan:
    """Read and check every row of the list; ListRefused when the file as a whole is unusable.

    ``violation`` is the violation type of rows that do not name one; ``max_rows`` a lower
    limit than MAX_ROWS.
    """
    if not data.strip():
        raise ListRefused(_("The file is empty; expected a CSV header and rows."))
    if len(data) > max_bytes():
        raise ListRefused(
            _("The file is %(size)s bytes; the limit is %(limit)s. Split the list.")
            % {"size": f"{len(data):,}", "limit": f"{max_bytes():,}"}
        )
    limit = min(max_rows or MAX_ROWS, MAX_ROWS)
    try:
        text = _one_kind_of_newline(_list_text(data, filename, limit))
        plan = Plan(text)
        _read_rows(plan, violation, limit)
    except lists.ListError as error:
        said = list_messages.explain(error)
        if error.line:
            said = _("line %(line)s: %(fault)s") % {"line": error.line, "fault": said}
        raise ListRefused(said) from None
    if not plan.rows and not plan.problems:
        raise ListRefused(_("The file has a header but no rows."))
    return plan


def _list_text(data: bytes, filename: str, max_rows: int) -> str:
    """The list as CSV text: the file's own, or an Excel workbook's sheet written as CSV."""
    if not workbooks.is_workbook(filename):
        return lists.decode(data, filename)
    try:
        return workbooks.sheet_as_csv(data, max_rows)
    except RefusedFile as refusal:  # a zip bomb, a damaged archive
        raise ListRefused(refusal_message(refusal, filename)) from None
    except workbooks.WorkbookError as error:
        if error.code == "sheets":
            said = _("%(name)s holds %(count)s sheets with content; keep the list on one sheet, "
                     "or save each sheet as its own file.")  # fmt: skip
        else:
            said = _("%(name)s is not a readable Excel workbook (%(detail)s).")
        raise ListRefused(said % {"name": filename, **error.params}) from None


def _one_kind_of_newline(text: str) -> str:
    # The rows' offsets are taken on this text, which becomes the source's text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_rows(plan: Plan, violation: Term | None, max_rows: int) -> None:
    line_starts = [0] + [m.end() for m in re.finditer("\n", plan.text)]
    lookups = _Lookups()
    seen: dict[str, int] = {}
    previous_line = 1
    rows = lists.read_rows(
        plan.text, required=("name", "name_hangul"), headings=KOREAN_HEADINGS, known=COLUMNS
    )
    for number, (line, cells) in enumerate(rows, start=1):
        if number > max_rows:
            raise ListRefused(_too_many_rows(max_rows))
        start = line_starts[previous_line]
        while plan.text.startswith("\n", start):  # blank lines the reader skipped
            start += 1
        end = line_starts[line] - 1 if line < len(line_starts) else len(plan.text)
        previous_line = line
        row = _row(plan, lookups, line, cells, (start, end), violation)
        if row is None:
            continue
        if row.record_id in seen:
            plan.refuse(
                line,
                "record_id",
                _("%(id)s repeats line %(line)s; every row needs its own id.")
                % {"id": row.record_id, "line": seen[row.record_id]},
            )
            continue
        seen[row.record_id] = line
        plan.rows.append(row)


def _too_many_rows(limit: int) -> str:
    if limit < MAX_ROWS:
        return _(
            "The list has more than %(limit)s rows, the most this page takes: split it, or "
            "import it with the command `kirok import` (up to %(most)s rows)."
        ) % {"limit": f"{limit:,}", "most": f"{MAX_ROWS:,}"}
    return _("The list has more than %(limit)s rows; split it.") % {"limit": f"{limit:,}"}


def _row(
    plan: Plan,
    lookups: _Lookups,
    line: int,
    cells: dict,
    span: tuple[int, int],
    violation: Term | None,
) -> Row | None:
    def cell(column: str) -> str:
        return clean(cells.get(column))

    problems = len(plan.problems) + plan.more_problems
    record_id = (cells.get("record_id") or "").strip() or str(line)
    event = _event_date(plan, line, cell("event_date"))
    event_date = event.edtf if event else ""
    try:
        person = lists.person_record(
            {**cells, "record_id": record_id, "event_year": _event_year(cells, event)}, line
        )
    except lists.ListError as error:
        plan.refuse(line, error.params.get("column", ""), list_messages.explain(error))
        return None
    names = [n for column in ("name", "name_hangul") for n in split_names(cell(column))]
    if not names:
        plan.refuse(line, "name", _("no name; every row needs a name (name or name_hangul)."))
        return None
    row = Row(line, *span, record_id=record_id, names=list(dict.fromkeys(names)))
    row.sex = _sex(plan, line, cell("sex"))
    row.birth_date = _birth_date(person)
    row.hometown = lookups.place(plan, line, "hometown", cell("hometown"))
    row.status = _status(plan, line, cell("status"))
    row.occupation = cell("occupation")[:200]
    row.notes = cell("notes")
    row.violation = lookups.violation(plan, line, cell("violation")) or violation
    # A list that gives the year of the event (event_year) and no date dates it by the year.
    row.event_date = event_date or (str(person.event_year) if person.event_year else "")
    row.event_place = lookups.place(plan, line, "event_place", cell("event_place"))
    row.perpetrator = lookups.organization(plan, line, cell("perpetrator"))
    # An event_year alone is no incident: lists give it to date an age ("35 in 2019").
    told = event_date or row.event_place or row.perpetrator
    if told and row.violation is None and not cell("violation"):
        plan.refuse(
            line,
            "violation",
            _(
                "the row tells when, where or by whom, but not what was done: give a violation "
                "type in the violation column, or one for the whole list."
            ),
        )
    return row if len(plan.problems) + plan.more_problems == problems else None


def _sex(plan: Plan, line: int, value: str) -> str:
    if not value:
        return Sex.UNKNOWN
    sex = normal_sex(value)
    if sex is None:
        plan.refuse(
            line,
            "sex",
            _("%(value)s is neither male nor female (M/F, 남/여).") % {"value": _shown(value)},
        )
        return Sex.UNKNOWN
    return sex


def _birth_date(person) -> str:
    """The birth as EDTF: the day, the year, or the years it may be (an interval)."""
    if person.birth_date:
        return person.birth_date
    if person.birth_year is not None:
        return str(person.birth_year)
    if person.birth_year_range is not None:
        low, high = person.birth_year_range
        return f"{low}/{high}" if low != high else str(low)
    if person.age_at_event is not None and person.event_year is not None:
        born = person.event_year - person.age_at_event
        return f"{born - 1}/{born}"  # a birthday may fall before or after the event
    return ""


def _status(plan: Plan, line: int, value: str) -> str:
    if not value:
        return PersonStatus.UNKNOWN
    folded = value.casefold().replace(" ", "")
    for status, words in STATUSES.items():
        if folded == status or folded in (w.replace(" ", "") for w in words):
            return status
    plan.refuse(
        line,
        "status",
        _("%(value)s is not a status; write one of: %(statuses)s.")
        % {"value": _shown(value), "statuses": ", ".join(s.value for s in PersonStatus)},
    )
    return PersonStatus.UNKNOWN


def _event_year(cells: dict, event: dates.DateParse | None) -> str:
    """The event year an age is counted back from: the row's, or its event date's year(s)
    ("나이 35" with "발생일 2019년 3월"; a date across a new year gives both years)."""
    given = clean(cells.get("event_year"))
    if given or event is None or not (event.earliest and event.latest):
        return given
    first, last = event.earliest.year, event.latest.year
    # "Winter 2016" runs into 2017: an age then allows the birth years of both.
    return str(first) if first == last else f"{first}~{last}"


def _event_date(plan: Plan, line: int, value: str) -> dates.DateParse | None:
    if not value:
        return None
    try:
        return dates.parse(value)
    except ValueError as error:
        plan.refuse(line, "event_date", explain(error))
        return None


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


class _Lookups:
    """Places, violation types and organizations by what a list writes, each looked up once."""

    def __init__(self) -> None:
        self._places: dict[str, Place | str] = {}
        self._violations = {
            key.casefold(): term
            for term in Term.objects.of("violation_type")
            for key in (term.code, term.code.replace("_", " "), *term.labels.values())
        }
        self._organizations = organizations_by_name()

    def place(self, plan: Plan, line: int, column: str, value: str) -> Place | None:
        if not value:
            return None
        if value not in self._places:
            self._places[value] = _place(value)
        found = self._places[value]
        if isinstance(found, str):
            plan.refuse(line, column, found)
            return None
        return found

    def violation(self, plan: Plan, line: int, value: str) -> Term | None:
        if not value:
            return None
        term = self._violations.get(value.casefold())
        if term is None:
            codes = ", ".join(Term.objects.of("violation_type").values_list("code", flat=True))
            plan.refuse(
                line,
                "violation",
                _("%(value)s is not a violation type; write one of: %(codes)s (or its label).")
                % {"value": _shown(value), "codes": codes},
            )
        return term

    def organization(self, plan: Plan, line: int, value: str) -> Organization | None:
        if not value:
            return None
        found = self._organizations.get(" ".join(value.split()).casefold())
        if found is None:
            plan.refuse(
                line,
                "perpetrator",
                _(
                    "no organization is called %(value)s in Kirok; "
                    "write a name it has (its page lists them), or add it first."
                )
                % {"value": _shown(value)},
            )
        return found


def organizations_by_name() -> dict[str, Organization]:
    """Every organization by each of its names (any language) and its code, casefolded."""
    found: dict[str, Organization] = {}
    for name in OrganizationName.objects.select_related("organization"):
        found.setdefault(" ".join(name.text.split()).casefold(), name.organization)
    for organization in Organization.objects.all():
        found.setdefault(organization.code.casefold(), organization)
    return found


def organization_named(text: str) -> Organization | None:
    """The organization one of whose names or whose code is ``text``."""
    return organizations_by_name().get(" ".join(text.split()).casefold())


def _place(value: str) -> Place | str:
    """The place a cell names, or why it names none: unknown, or several places alike."""
    matches = [m for m in gazetteer.find(value, limit=5) if m.confidence >= PLACE_CONFIDENCE]
    if not matches:
        return _(
            "%(value)s is no place in the gazetteer; write it as the gazetteer does "
            "(`kirok places find`), or leave the cell empty."
        ) % {"value": _shown(value)}
    # Places (not names of one place: 새별군 is 경원군 before 2005) about as likely as the best.
    close = [m for m in matches if matches[0].confidence - m.confidence < PLACE_MARGIN]
    if len({gazetteer.current_unit(m.place_id) for m in close}) > 1:
        named = "; ".join(", ".join(name for _id, name in m.path[:2]) for m in close[:3])
        return _("%(value)s may be any of: %(places)s; add the province (“Town, Province”).") % {
            "value": _shown(value),
            "places": named,
        }
    place = Place.objects.filter(gazetteer_id=matches[0].place_id).first()
    if place is None:  # the gazetteer's reference data were never loaded (kirok init does)
        return _("%(value)s is a gazetteer place missing from this database; run `kirok init "
                 "--force` to load the gazetteer.") % {"value": _shown(value)}  # fmt: skip
    return place


def max_bytes() -> int:
    return min(MAX_BYTES, getattr(settings, "INGEST_MAX_BYTES", MAX_BYTES))


# --- Recording -----------------------------------------------------------------------------


def import_list(
    data: bytes,
    filename: str,
    *,
    user,
    cases,
    title: str,
    violation: Term | None = None,
    reliability: Term | None = None,
    credibility: Term | None = None,
    partner: Organization | None = None,
    max_rows: int | None = None,
) -> Imported:
    """Record the list: ListRefused for the file, ProblemsFound for its rows; nothing is
    written unless every row can be. ``user`` must edit in every one of ``cases``."""
    cases = list(cases)
    ingest.check_cases(user, cases)
    title = " ".join(title.split())[:500]
    if not title:
        raise ListRefused(_("Give the list a title, such as the partner's name and its date."))
    plan = read_list(data, filename, violation=violation, max_rows=max_rows)
    if plan.problems:
        raise ProblemsFound(plan)
    with transaction.atomic():
        _refuse_known_file(user, data)
        source = _create_source(plan, user, cases, title, reliability, credibility, partner)
        language = source.language if source.language in ("en", "ko") else "en"
        role = Term.objects.of("perpetrator_role").get(code="perpetrator")
        for row in plan.rows:
            _record_row(source, row, cases, language, role)
        # Last: a failure before this leaves no sealed file behind the rolled-back rows.
        mime_type = workbooks.XLSX_MIME if workbooks.is_workbook(filename) else "text/csv"
        services.store_attachment(
            source, file_types.safe_filename(filename), data, mime_type, user=user
        )
        audit.record(
            "list_imported",
            actor=user,
            obj=source,
            detail={"rows": len(plan.rows), "persons": len(plan.rows), "incidents": plan.incidents},
        )
    return Imported(source, persons=len(plan.rows), incidents=plan.incidents)


def _refuse_known_file(user, data: bytes) -> None:
    try:
        services.refuse_known_file(user, data)
    except services.FileAlreadyAttached as known:
        raise ListRefused(
            _("This file is already in Kirok: source “%(title)s”.") % {"title": known.source},
            duplicate_of=known.source,
        ) from None


def _create_source(plan: Plan, user, cases, title, reliability, credibility, partner) -> Source:
    source = Source(
        kind=Term.objects.of("source_kind").get(code="partner_list"),
        title=title,
        text=plan.text,
        language=ingest.guess_language(plan.text),
        collected_date=dt.date.today().isoformat(),
        collected_by=user,
        reliability=reliability,
        credibility=credibility,
        organization=partner,
    )
    source.save()
    source.cases.set(cases)
    return source


# Links to records just made or read: full_clean would fetch each one again to check it exists
# (a dozen queries a row); the database still refuses a link to nothing.
_KNOWN = ("person", "hometown", "place", "incident", "victim", "violation_type", "source", "act")


def _record_row(source: Source, row: Row, cases, language: str, role: Term) -> None:
    person = Person(
        sex=row.sex,
        birth_date=row.birth_date,
        hometown=row.hometown,
        status=row.status,
        occupation=row.occupation,
        notes=row.notes,
    )
    person.full_clean(exclude=["cases", "identity", *_KNOWN], validate_constraints=False)
    person.save()
    person.cases.add(*cases)
    for order, text in enumerate(row.names):
        name = PersonName(
            person=person,
            text=text,
            script=guess_script(text),
            kind=NameKind.LEGAL if order == 0 else NameKind.ALIAS,
            is_primary=order == 0,
            sort_order=order,
        )
        name.full_clean(exclude=_KNOWN, validate_constraints=False)
        name.save()
    _cite(source, row, person=person)
    if row.violation is None:
        return
    incident = Incident(
        title=_title(row, language),
        start_date=row.event_date,
        place=row.event_place,
        victim_count_exact=1,
    )
    incident.full_clean(exclude=["cases", "violation_types", *_KNOWN], validate_constraints=False)
    incident.save()
    incident.violation_types.add(row.violation)
    incident.cases.add(*cases)
    act = Act(
        incident=incident,
        victim=person,
        violation_type=row.violation,
        date=row.event_date,
        place=row.event_place,
        sequence=1,
    )
    act.full_clean(exclude=_KNOWN, validate_constraints=False)
    act.save()
    if row.perpetrator is not None:
        ActPerpetrator.objects.create(act=act, organization=row.perpetrator, role=role)
    _cite(source, row, incident=incident)
    _cite(source, row, act=act)


def _title(row: Row, language: str) -> str:
    """e.g. "강제송환: 김혜송 — 회령시, 2012-03", in the list's language."""
    what = row.violation.labels.get(language) or row.violation.code
    with translation.override(language):
        where = row.event_place.display_name() if row.event_place else ""
    details = ", ".join(part for part in (where, row.event_date) if part)
    return f"{what}: {row.names[0]}" + (f" — {details}" if details else "")


def _cite(source: Source, row: Row, **record) -> None:
    span = EvidenceSpan(
        source=source,
        start=row.start,
        end=row.end,
        quote=source.text[row.start : row.end],
        **record,
    )
    span.full_clean(exclude=_KNOWN, validate_constraints=False)
    span.save()
