"""Load the synthetic, fictional demo data set (kirok.lib.synthetic) into the database.

Everything is written in one transaction with ``bulk_create`` in batches: a scale-10 data set
has about a hundred thousand rows. Records are matched to the generator's string keys in
memory, so nothing depends on which integer ids the database hands out. All demo records go
into one Case, "Demo case — fictional data"; its presence is how a second load is refused.
Records in a case are hidden from everyone outside it: grant_access(user) lets an account see
them.

Example (``kirok demo-data`` does this)::

    counts = load(seed=1, scale=1, progress=lambda stage, done, total: ...)
    counts["persons"], counts["total_rows"]     # 600-odd persons, about 11,000 rows
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection, models, transaction

from kirok.accounts.models import Case, CaseMembership
from kirok.audit import services as audit
from kirok.facts import changes as facts_changes
from kirok.lib import gazetteer
from kirok.lib.synthetic import DemoDataset, chinese_notices, generate
from kirok.lib.synthetic.documents import DOCUMENTING_ORGANIZATIONS
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Place,
    Proceeding,
    Relation,
)
from kirok.records.seeding import load_reference_data
from kirok.sources.models import EvidenceSpan, Source
from kirok.vocabularies.models import Term

DEMO_CASE_NAME = "Demo case — fictional data"
DEMO_CASE_DESCRIPTION = (
    "Synthetic demonstration data: every person, incident and source in this case is "
    "fictional.\n시연용 가상 자료: 이 사건의 모든 인물, 사건, 출처는 가상입니다."
)
BATCH_SIZE = 1000

Progress = Callable[[str, int, int], None]
M = TypeVar("M", bound=models.Model)


class DemoAlreadyLoaded(Exception):
    """The demo data is already in this database; loading it twice would duplicate it."""


def load(seed: int = 1, scale: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Generate the demo data set and write it; returns the number of rows per kind.

    Loads the reference data first if the vocabularies are empty. Raises DemoAlreadyLoaded
    if the demo case exists already.
    """
    report = progress or _quiet
    _refuse_second_load()
    if not Term.objects.filter(vocabulary__key="violation_type").exists():
        report("reference data", 0, 1)
        load_reference_data()
        report("reference data", 1, 1)
    report("generating", 0, 1)
    data = generate(seed=seed, scale=scale)
    report("generating", 1, 1)
    return write(data, report)


def write(data: DemoDataset, progress: Progress | None = None) -> dict[str, int]:
    """Write an already generated data set (in one transaction); see load()."""
    with transaction.atomic():
        _refuse_second_load()
        counts = DemoWriter(data, progress or _quiet).write()
        # bulk_create sends no model signals, so the rows are not audited one by one, and
        # the counting snapshots of running processes are told to read everything again.
        audit.record("demo_loaded", detail={"counts": counts})
        facts_changes.everything_changed()
    _refresh_table_statistics()
    return counts


def _refresh_table_statistics() -> None:
    """Tell the database's query planner how big the tables have become (ANALYZE), as a
    bulk load of hundreds of thousands of rows changes what the best plan is.

    On PostgreSQL also VACUUM, when not inside a transaction (it cannot run in one): it marks
    the new pages all-visible, without which an index-only scan of the blind text index
    still reads a table row per match until autovacuum comes round.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")  # sampled: seconds at any size
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def is_loaded() -> bool:
    return Case.objects.filter(name=DEMO_CASE_NAME).exists()


def demo_case() -> Case:
    """The case that holds every demo record (Case.DoesNotExist before a load)."""
    return Case.objects.get(name=DEMO_CASE_NAME)


def grant_access(user, can_edit: bool = False) -> None:
    """Make ``user`` a member of the demo case: records in a case are hidden from everyone
    else, so the demo's own accounts need this to see anything."""
    CaseMembership.objects.update_or_create(
        case=demo_case(), user=user, defaults={"can_edit": can_edit}
    )


# The inbox is drawn from another seed, so that its people are not the loaded ones.
INBOX_SEED_OFFSET = 7919
INBOX_SIZE = 3


def add_inbox(seed: int = 1, size: int = INBOX_SIZE) -> list[tuple[Source, int]]:
    """A few news items that arrived and are not recorded yet: sources in the demo case
    whose incidents wait for review as proposed records (kirok.sources.proposals), so that
    the demo shows the review page. Fictional like the rest. Returns each source with the
    number of records proposed from it."""
    from kirok.sources import proposals

    extra = generate(seed=seed + INBOX_SEED_OFFSET, scale=1)
    news = [source for source in extra.sources if source.kind == "news_article"][:size]
    case = demo_case()
    added = []
    for item in news:
        source = Source.objects.create(
            kind=Term.objects.of("source_kind").get(code=item.kind),
            title=item.title,
            language=item.language,
            author=item.author,
            published_date=item.published_date,
            reference=item.reference,
            text=item.text,
            is_public_material=item.is_public_material,
        )
        source.cases.set([case])
        added.append((source, len(proposals.propose(source, user=None))))
    return added


# The notices are drawn from their own seed, so that adding them changes nothing else.
NOTICE_SEED_OFFSET = 4733
CHINESE_NOTICES = 3


def add_chinese_notices(seed: int = 1, size: int = CHINESE_NOTICES) -> list[tuple[Source, str]]:
    """A few fictional Chinese detention notices (kirok.lib.synthetic.chinese_notices) that
    name people the demo holds, in Chinese characters and with Chinese dates, in the demo
    case and cited by nothing yet: a search for the person's name in Hangul or Latin letters
    finds them, and the person's page lists them among the sources that may name them.
    Returns each source with the Hangul name it gives."""
    rng = random.Random(seed + NOTICE_SEED_OFFSET)  # noqa: S311 - reproducible fiction
    candidates = _notice_candidates()
    case = demo_case()
    kind = Term.objects.of("source_kind").get(code="official_document")
    added = []
    for arrest, city, hangul, hanzi in rng.sample(candidates, min(size, len(candidates))):
        person = arrest.victim
        caught = arrest.date_earliest + dt.timedelta(
            days=rng.randint(0, (arrest.date_latest - arrest.date_earliest).days)
        )
        notice = chinese_notices.write(
            rng, hanzi, person.sex == "female", _birth_year(person), caught, city
        )
        source = Source.objects.create(
            kind=kind, title=notice.title, language="zh", author=notice.author,
            reference=notice.reference, published_date=notice.issued.isoformat(),
            text=notice.text,
        )  # fmt: skip
        source.cases.set([case])
        added.append((source, hangul))
    return added


def _notice_candidates() -> list[tuple[Act, str, str, str]]:
    """Arrests in a Chinese city or county, dated within a month, of people then forcibly
    returned, with the place's Chinese name and the victim's Hangul and Chinese names: what
    a notice of the arrest would give, consistent with the demo's own record of it."""
    returned = set(
        Act.objects.filter(violation_type__code="forced_repatriation").values_list(
            "incident_id", "victim_id"
        )
    )
    arrests = (
        Act.objects.filter(
            violation_type__code="arbitrary_arrest", place__gazetteer_id__startswith="CN-"
        )
        .exclude(date_earliest=None)
        .exclude(date_latest=None)
        .select_related("victim", "place")
        .prefetch_related("victim__names")
        .order_by("pk")
    )
    found, seen = [], set()
    for arrest in arrests:
        if (arrest.incident_id, arrest.victim_id) not in returned or arrest.victim_id in seen:
            continue
        if (arrest.date_latest - arrest.date_earliest).days > 31:
            continue
        city = _chinese_name(arrest.place.gazetteer_id)
        hangul = next((n.text for n in arrest.victim.names.all() if n.script == "hangul"), "")
        if city and (hanzi := chinese_notices.hanzi_name(hangul)):
            found.append((arrest, city, hangul, hanzi))
            seen.add(arrest.victim_id)
    return found


def _chinese_name(gazetteer_id: str) -> str | None:
    """The Chinese name of a Chinese city or county (not a province: a notice names the
    city's police)."""
    entry = gazetteer.entries_by_id().get(gazetteer_id)
    if entry is None or entry.level == "admin1":
        return None
    return next((text for text, kind in entry.names if kind == "chinese"), None)


def _birth_year(person: Person) -> int | None:
    early, late = person.birth_date_earliest, person.birth_date_latest
    return early.year if early and late and early.year == late.year else None


def _refuse_second_load() -> None:
    if is_loaded():
        raise DemoAlreadyLoaded(
            f"The demo data is already loaded in this database (case {DEMO_CASE_NAME!r}); "
            "use a fresh database to load it again."
        )


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: say nothing."""


class DemoWriter:
    """Writes one DemoDataset; keeps the map from generator keys to database ids."""

    def __init__(self, data: DemoDataset, report: Progress) -> None:
        self.data, self.report = data, report
        self.counts: dict[str, int] = {}
        self.terms = {(t.vocabulary.key, t.code): t.pk
                      for t in Term.objects.select_related("vocabulary")}  # fmt: skip
        places = Place.objects.exclude(gazetteer_id=None)
        self.places = dict(places.values_list("gazetteer_id", "pk"))
        organizations = Organization.objects.exclude(code=None)
        self.organizations = dict(organizations.values_list("code", "pk"))
        self.ids: dict[str, int] = {}  # generator key → primary key, for every kind of record

    def write(self) -> dict[str, int]:
        self.case = Case.objects.create(name=DEMO_CASE_NAME, description=DEMO_CASE_DESCRIPTION)
        self.counts["cases"] = 1
        self._documenting_organizations()
        self._persons()
        self._relations()
        self._incidents()
        self._sources()
        self._proceedings()
        self._evidence()
        self._case_links()
        self._search_index()
        self.counts["total_rows"] = sum(self.counts.values())
        return self.counts

    def _documenting_organizations(self) -> None:
        """The fictional groups that provided the demo's sources (the seed has none)."""
        ngo = Term.objects.get(vocabulary__key="organization_kind", code="ngo")
        for spec in DOCUMENTING_ORGANIZATIONS:
            organization, _ = Organization.objects.get_or_create(
                code=spec.code, defaults={"kind": ngo, "country_code": "KR"}
            )
            for language, text in (("en", spec.en), ("ko", spec.ko)):
                OrganizationName.objects.get_or_create(
                    organization=organization, text=text, language=language,
                    defaults={"is_preferred": True},
                )  # fmt: skip
            self.organizations[spec.code] = organization.pk

    def _search_index(self) -> None:
        # bulk_create sends no post_save signal, so the blind full-text index of incidents
        # and sources is built here in one pass.
        from kirok.security import indexing
        from kirok.security.services import searchable_models

        for model in searchable_models():
            written = indexing.index_all(
                model.objects.filter(cases=self.case),
                model.SEARCHABLE_TEXT,
                progress=lambda done, total: self.report("search index", done, total),
            )
            self.counts["search tokens"] = self.counts.get("search tokens", 0) + written

    # --- helpers ---------------------------------------------------------------------------

    def term(self, vocabulary: str, code: str) -> int:
        return self.terms[(vocabulary, code)]

    def place(self, gazetteer_id: str) -> int | None:
        return self.places[gazetteer_id] if gazetteer_id else None

    def organization(self, code: str) -> int | None:
        return self.organizations[code] if code else None

    def create(self, stage: str, model: type[M], objects: list[M], keys: list[str] | None = None,
               count_as: str | None = None) -> list[M]:  # fmt: skip
        """bulk_create in batches with progress; remember the new ids under ``keys``."""
        total = len(objects)
        for start in range(0, total, BATCH_SIZE):
            model.objects.bulk_create(objects[start : start + BATCH_SIZE])
            self.report(stage, min(start + BATCH_SIZE, total), total)
        if not total:
            self.report(stage, 0, 0)
        if keys is not None:
            _fill_missing_ids(model, objects)
            self.ids.update(zip(keys, (obj.pk for obj in objects), strict=True))
        name = count_as or stage
        self.counts[name] = self.counts.get(name, 0) + total
        return objects

    def link(self, stage: str, through: type[models.Model], pairs: Iterable[dict]) -> None:
        """Rows of a many-to-many table, counted together as "links"."""
        self.create(stage, through, [through(**pair) for pair in pairs], count_as="links")

    # --- records ---------------------------------------------------------------------------

    def _persons(self) -> None:
        persons = self.data.persons
        self.create("persons", Person, [
            Person(sex=p.sex, birth_date=p.birth_date, birthplace_id=self.place(p.birthplace),
                   hometown_id=self.place(p.hometown), occupation=p.occupation,
                   nationality=p.nationality, status=p.status, consent_store=p.consent_store,
                   consent_share_un=p.consent_share_un, consent_publish=p.consent_publish,
                   notes=p.notes)
            for p in persons
        ], keys=[p.key for p in persons])  # fmt: skip
        self.create("names", PersonName, [
            PersonName(person_id=self.ids[p.key], text=n.text, family_name=n.family_name,
                       given_name=n.given_name, script=n.script, kind=n.kind,
                       romanization=n.romanization, is_primary=n.is_primary, sort_order=index)
            for p in persons for index, n in enumerate(p.names)
        ])  # fmt: skip

    def _relations(self) -> None:
        relations = self.data.relations
        self.create("relations", Relation, [
            Relation(subject_id=self.ids[r.subject], object_id=self.ids[r.object],
                     kind_id=self.term("relation_kind", r.kind))
            for r in relations
        ], keys=[r.key for r in relations])  # fmt: skip

    def _incidents(self) -> None:
        incidents = self.data.incidents
        self.create("incidents", Incident, [
            Incident(title=i.title, summary=i.summary, start_date=i.start_date,
                     end_date=i.end_date, place_id=self.place(i.place), status=i.status,
                     victim_count_exact=i.victim_count_exact,
                     victim_count_min=i.victim_count_min, victim_count_max=i.victim_count_max,
                     victim_count_text=i.victim_count_text)
            for i in incidents
        ], keys=[i.key for i in incidents])  # fmt: skip
        self.link("violation types", Incident.violation_types.through, (
            {"incident_id": self.ids[i.key], "term_id": self.term("violation_type", code)}
            for i in incidents for code in i.violation_types
        ))  # fmt: skip
        acts = self.data.acts
        self.create("acts", Act, [
            Act(incident_id=self.ids[a.incident], victim_id=self.ids[a.victim],
                violation_type_id=self.term("violation_type", a.violation_type), date=a.date,
                place_id=self.place(a.place), sequence=a.sequence)
            for a in acts
        ], keys=[a.key for a in acts])  # fmt: skip
        self.create("perpetrators", ActPerpetrator, [
            ActPerpetrator(act_id=self.ids[a.key],
                           organization_id=self.organization(p.organization),
                           person_id=self.ids[p.person] if p.person else None,
                           role_id=self.term("perpetrator_role", p.role))
            for a in acts for p in a.perpetrators
        ])  # fmt: skip

    def _sources(self) -> None:
        sources = self.data.sources
        self.create("sources", Source, [
            Source(kind_id=self.term("source_kind", s.kind), title=s.title,
                   reliability_id=self.term("source_reliability", s.reliability),
                   credibility_id=self.term("information_credibility", s.credibility),
                   language=s.language, author=s.author,
                   organization_id=self.organization(s.organization),
                   published_date=s.published_date, collected_date=s.collected_date,
                   reference=s.reference, text=s.text, is_public_material=s.is_public_material,
                   consent_store=s.consent_store, consent_share_un=s.consent_share_un,
                   consent_publish=s.consent_publish)
            for s in sources
        ], keys=[s.key for s in sources])  # fmt: skip

    def _proceedings(self) -> None:
        proceedings = self.data.proceedings
        self.create("proceedings", Proceeding, [
            Proceeding(forum_id=self.term("proceeding_forum", p.forum), title=p.title,
                       reference=p.reference, status=p.status, filed_date=p.filed_date,
                       last_action_date=p.last_action_date, notes=p.notes)
            for p in proceedings
        ], keys=[p.key for p in proceedings])  # fmt: skip
        self.link("proceeding incidents", Proceeding.incidents.through, (
            {"proceeding_id": self.ids[p.key], "incident_id": self.ids[key]}
            for p in proceedings for key in p.incidents
        ))  # fmt: skip
        # Bulk links skip the m2m signal that keeps persons without UN-sharing consent out of
        # WGEID proceedings, so the rule is checked here before anything is written.
        self._refuse_wgeid_without_consent()
        self.link("proceeding persons", Proceeding.persons.through, (
            {"proceeding_id": self.ids[p.key], "person_id": self.ids[key]}
            for p in proceedings for key in p.persons
        ))  # fmt: skip

    def _refuse_wgeid_without_consent(self) -> None:
        persons = {p.key: p for p in self.data.persons}
        missing = [
            persons[key]
            for p in self.data.proceedings
            if p.forum == "wgeid"
            for key in p.persons
            if not persons[key].consent_share_un
        ]
        if missing:
            raise ValueError(
                f"{len(missing)} persons in WGEID proceedings of the demo data have not "
                "consented to sharing with UN mechanisms."
            )

    def _evidence(self) -> None:
        self.create("evidence", EvidenceSpan, [
            EvidenceSpan(source_id=self.ids[e.source], start=e.start, end=e.end, quote=e.quote,
                         **{f"{e.target_kind}_id": self.ids[e.target]})
            for e in self.data.evidence
        ])  # fmt: skip

    def _case_links(self) -> None:
        """Every demo record lives in the demo case."""
        case = self.case.pk
        for model, records in ((Person, self.data.persons), (Incident, self.data.incidents),
                               (Source, self.data.sources),
                               (Proceeding, self.data.proceedings)):  # fmt: skip
            through = model.cases.through
            column = f"{model._meta.model_name}_id"
            self.link(f"{model._meta.model_name} cases", through,
                      ({column: self.ids[r.key], "case_id": case} for r in records))  # fmt: skip


def _fill_missing_ids(model: type[models.Model], objects: list[models.Model]) -> None:
    """Backends that cannot return ids from a bulk insert: look them up by public id."""
    missing = [obj for obj in objects if obj.pk is None]
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        found = dict(
            model.objects.filter(public_id__in=[o.public_id for o in batch]).values_list(
                "public_id", "pk"
            )
        )
        for obj in batch:
            obj.pk = found[obj.public_id]
