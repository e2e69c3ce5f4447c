"""Linkage in the database: PersonRecords from Persons, runs, decisions, Identities, undo.

Every change of a person's Identity is written as an IdentityChange (what undo reverses)
and saved through the model, so kirok.audit.tracking logs it as an update of the person;
the events written here (``linkage_run``, ``linkage_decided``, ``linkage_undone``) say why.

A "different" decision is a promise to the reviewer: no later run puts the two persons in
one Identity. The engine enforces it; :func:`run_linkage` checks it again before saving.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kirok.audit import services as audit
from kirok.linkage.models import CandidatePair, IdentityChange, LinkageRun, PairDecision, Verdict
from kirok.records.fields import bounds_of
from kirok.records.models import Act, Identity, Person, Relation

# Relations whose names are family ties the engine compares (parents and spouse).
PARENT_KINDS = ("mother_of", "father_of")
SPOUSE_KINDS = ("spouse_of",)
CHILD_KINDS = ("child_of",)

Progress = Callable[[str, int, int], None]


class LinkageError(Exception):
    """A run whose result would break a reviewer's decision (never saved)."""


def ordered(a: Person, b: Person) -> tuple[Person, Person]:
    """The two persons with the smaller key first, as pairs and decisions store them."""
    return (a, b) if a.pk < b.pk else (b, a)


# --- PersonRecords ---------------------------------------------------------------------------


def _birth_years(person: Person) -> tuple[int | None, tuple[int, int] | None]:
    earliest, latest = person.birth_date_earliest, person.birth_date_latest
    if earliest is None and latest is None:
        return None, None
    low = earliest.year if earliest else latest.year
    high = latest.year if latest else earliest.year
    if low == high:
        return low, None
    return (low + high) // 2, (low, high)


def birth_range(person: Person) -> tuple[dt.date, dt.date] | None:
    """The first and last day the person may have been born, read from the birth date
    itself (decrypted in memory only): the stored bounds are whole years, as they are not
    encrypted. None when unknown or open-ended."""
    found = bounds_of(person, "birth_date")
    if found is None or found.earliest is None or found.latest is None:
        return None
    return found.earliest, found.latest


def _birth_day(person: Person) -> str | None:
    """The full date of birth when the day is known ("1968-04-15")."""
    known = birth_range(person)
    return known[0].isoformat() if known and known[0] == known[1] else None


def _hometown(person: Person) -> str | None:
    place = person.hometown
    if place is None:
        return None
    return place.gazetteer_id or str(place)


def _event_years(person_ids: Iterable[int]) -> dict[int, int]:
    """The year of the one thing done to each person known for one act only, when its date
    lies within one year: a row of a partner's list ("taken in 2019") is such a record, and
    two lists that give one disappearance the same year say much about who they name
    (bench/imports.py: pairwise F1 0.904 without it, 0.948–0.956 with it, on imported lists).

    A person with several acts (arrested, held, sent back) has no one event year, and the
    year of the first act made the demo's linkage worse (F1 0.911 → 0.892): sources tell
    different stages of one path."""
    dated: dict[int, list[tuple]] = defaultdict(list)
    rows = Act.objects.filter(victim__in=set(person_ids)).values_list(
        "victim_id", "date_earliest", "date_latest"
    )
    for victim, earliest, latest in rows:
        dated[victim].append((earliest, latest))
    return {
        victim: acts[0][0].year
        for victim, acts in dated.items()
        if len(acts) == 1 and acts[0][0] and acts[0][1] and acts[0][0].year == acts[0][1].year
    }


def _relatives_by_person(person_ids: Iterable[int]) -> dict[int, list[str]]:
    """Names of each person's parents and spouse, decrypted in memory only."""
    wanted = set(person_ids)
    relations = Relation.objects.filter(
        Q(subject__in=wanted) | Q(object__in=wanted),
        kind__code__in=PARENT_KINDS + SPOUSE_KINDS + CHILD_KINDS,
    ).select_related("kind")
    relatives: dict[int, list[int]] = defaultdict(list)
    for relation in relations:
        code = relation.kind.code
        if code in PARENT_KINDS or code in SPOUSE_KINDS:
            relatives[relation.object_id].append(relation.subject_id)  # subject is the parent
        if code in CHILD_KINDS or code in SPOUSE_KINDS:
            relatives[relation.subject_id].append(relation.object_id)
    names = _primary_names({pk for ids in relatives.values() for pk in ids})
    return {
        pk: [names[other] for other in others if other in names]
        for pk, others in relatives.items()
        if pk in wanted
    }


def _primary_names(person_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for person in Person.objects.filter(pk__in=person_ids).prefetch_related("names"):
        name = person.primary_name()
        if name is not None:
            found[person.pk] = name.text
    return found


def person_records(persons: Sequence[Person]):
    """The engine's PersonRecord for each person; record_id is the person's public id."""
    from kirok.linkage.engine import PersonRecord

    relatives = _relatives_by_person(p.pk for p in persons)
    event_years = _event_years(p.pk for p in persons)
    records = []
    for person in persons:
        names = sorted(person.names.all(), key=lambda n: (not n.is_primary, n.sort_order, n.pk))
        year, year_range = _birth_years(person)
        records.append(
            PersonRecord(
                record_id=str(person.public_id),
                names=tuple(name.text for name in names),
                sex=person.sex if person.sex in ("male", "female") else None,
                birth_year=year,
                birth_year_range=year_range,
                birth_date=_birth_day(person),
                hometown=_hometown(person),
                event_year=event_years.get(person.pk),
                relatives=tuple(relatives.get(person.pk, ())),
            )
        )
    return records


# --- Decisions -------------------------------------------------------------------------------


def latest_decisions() -> dict[tuple[int, int], PairDecision]:
    """The decision that counts for each pair of persons: the latest one."""
    latest: dict[tuple[int, int], PairDecision] = {}
    for decision in PairDecision.objects.order_by("decided_at", "pk"):
        latest[(decision.left_id, decision.right_id)] = decision
    return latest


def engine_decisions(persons_by_pk: dict[int, Person]) -> list:
    """The latest decisions as the engine's Decision, for persons in this run."""
    from kirok.linkage.engine import Decision

    return [
        Decision(
            str(persons_by_pk[left].public_id),
            str(persons_by_pk[right].public_id),
            decision.verdict,
        )
        for (left, right), decision in sorted(latest_decisions().items())
        if left in persons_by_pk and right in persons_by_pk
    ]


def record_decision(user, pair: CandidatePair, verdict: str, note: str = "") -> PairDecision:
    """Store ``user``'s verdict on ``pair``, apply it to the Identities at once, audit it.

    The caller has checked that ``user`` may decide (kirok.linkage.access.may_decide).
    """
    if verdict not in Verdict.values:
        raise ValueError(f"unknown verdict {verdict!r}")
    with transaction.atomic():
        decision = PairDecision.objects.create(
            left=pair.left, right=pair.right, verdict=verdict, reviewer=user, note=note, pair=pair
        )
        moved = apply_decision(decision)
        audit.record(
            "linkage_decided",
            actor=user,
            obj=decision,
            detail={
                "verdict": verdict,
                "pair": str(pair.public_id),
                "persons": [str(pair.left.public_id), str(pair.right.public_id)],
                "identity_changes": moved,
            },
        )
    return decision


def apply_decision(decision: PairDecision) -> int:
    """Make the Identities agree with one decision; the number of persons moved."""
    left = Person.objects.get(pk=decision.left_id)
    right = Person.objects.get(pk=decision.right_id)
    if decision.verdict == Verdict.SAME:
        return _merge(left, right, decision)
    together = left.identity_id is not None and left.identity_id == right.identity_id
    if decision.verdict == Verdict.DIFFERENT and together:
        _move(right, None, decision=decision)
        return 1
    return 0


def _merge(left: Person, right: Person, decision: PairDecision) -> int:
    if left.identity_id is not None and left.identity_id == right.identity_id:
        return 0
    target = left.identity or right.identity or Identity.objects.create()
    moving = [p for p in (left, right) if p.identity_id is None]
    for holder in (left, right):
        if holder.identity_id not in (None, target.pk):
            moving += list(Person.objects.filter(identity_id=holder.identity_id))
    for person in moving:
        _move(person, target, decision=decision)
    return len(moving)


# --- Runs ------------------------------------------------------------------------------------


def run_linkage(
    user=None, progress: Progress | None = None, *, threshold: float = 0.5
) -> LinkageRun:
    """Link every person in the database, save the run and its pairs, apply the clusters.

    ``user`` is who started the run (None from the command line). Every person takes part,
    whoever starts it: an Identity must not depend on who looked.
    """
    from kirok.linkage.engine import link

    persons = list(
        Person.objects.select_related("hometown").prefetch_related("names").order_by("pk")
    )
    by_pk = {person.pk: person for person in persons}
    by_record = {str(person.public_id): person for person in persons}
    decisions = engine_decisions(by_pk)
    result = link(
        person_records(persons), decisions=decisions, threshold=threshold, progress=progress
    )
    check_decisions_kept(result.clusters, decisions)
    with transaction.atomic():
        run = LinkageRun.objects.create(
            started_by=user if getattr(user, "pk", None) else None,
            parameters=result.parameters,
            model=result.model,
            snapshot=result.snapshot,
            record_count=len(persons),
            decision_count=len(decisions),
        )
        run.pair_count = _save_pairs(run, result.pairs, by_record)
        groups = _groups(result.clusters, by_record)
        run.cluster_count = sum(1 for members in groups if len(members) > 1)
        run.change_count = apply_clusters(groups, run)
        run.finished_at = timezone.now()
        run.save()
        audit.record(
            "linkage_run",
            actor=user,
            obj=run,
            detail={
                "persons": run.record_count,
                "decisions": run.decision_count,
                "pairs": run.pair_count,
                "clusters": run.cluster_count,
                "identity_changes": run.change_count,
                "snapshot": run.snapshot,
            },
        )
    return run


def check_decisions_kept(clusters: dict[str, str], decisions: Sequence) -> None:
    """Raise LinkageError if two persons a reviewer called different share a cluster."""
    for decision in decisions:
        if decision.verdict != Verdict.DIFFERENT:
            continue
        left, right = clusters.get(decision.left), clusters.get(decision.right)
        if left is not None and left == right:
            raise LinkageError("the engine linked two persons a reviewer decided are different")


def _save_pairs(run: LinkageRun, pairs: Sequence, by_record: dict[str, Person]) -> int:
    rows = []
    for scored in pairs:
        a, b = by_record.get(scored.left), by_record.get(scored.right)
        if a is None or b is None or a.pk == b.pk:
            continue
        left, right = ordered(a, b)
        rows.append(
            CandidatePair(
                run=run,
                left=left,
                right=right,
                match_probability=scored.match_probability,
                match_weight=scored.match_weight,
                levels=dict(scored.levels),
                certainty=abs(scored.match_probability - 0.5),
            )
        )
    CandidatePair.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _groups(clusters: dict[str, str], by_record: dict[str, Person]) -> list[list[Person]]:
    grouped: dict[str, list[Person]] = defaultdict(list)
    for record_id, cluster in clusters.items():
        if record_id in by_record:
            grouped[cluster].append(by_record[record_id])
    # Largest first, then by cluster id: a stable order for claiming identities.
    return [grouped[key] for key in sorted(grouped, key=lambda k: (-len(grouped[k]), k))]


def apply_clusters(groups: list[list[Person]], run: LinkageRun) -> int:
    """Persons of one cluster share one Identity; no Identity spans two clusters.

    A cluster reuses the Identity most of its members already have (if no larger cluster
    took it), a new cluster of two or more gets a new one, and a person left alone keeps an
    Identity nobody else claimed. Nothing is deleted; the number of persons moved.
    """
    claimed: set[int] = set()
    moved = 0
    for members in groups:
        target = _claim(members, claimed)
        for person in members:
            if person.identity_id != (target.pk if target else None):
                _move(person, target, run=run)
                moved += 1
    return moved


def _claim(members: list[Person], claimed: set[int]) -> Identity | None:
    held = Counter(p.identity_id for p in members if p.identity_id and p.identity_id not in claimed)
    if held:
        best = min(held, key=lambda pk: (-held[pk], pk))
        claimed.add(best)
        return Identity.objects.get(pk=best)
    if len(members) > 1:
        identity = Identity.objects.create()
        claimed.add(identity.pk)
        return identity
    return None


def _move(person: Person, identity: Identity | None, *, run=None, decision=None) -> None:
    IdentityChange.objects.create(
        person=person,
        old_identity_id=person.identity_id,
        new_identity=identity,
        run=run,
        decision=decision,
    )
    person.identity = identity
    person.save(update_fields=["identity", "updated_at", "version"])


# --- Undo ------------------------------------------------------------------------------------


def undo_run(run: LinkageRun, user=None) -> int:
    """Put back the Identities a run changed (where nothing changed them since)."""
    with transaction.atomic():
        count = _undo(run.changes.filter(undone_at__isnull=True))
        run.undone_at = timezone.now()
        run.save(update_fields=["undone_at"])
        audit.record("linkage_undone", actor=user, obj=run, detail={"identity_changes": count})
    return count


def last_merge(identity: Identity) -> QuerySet[IdentityChange]:
    """The changes of the latest run or decision that moved persons into ``identity``."""
    into = IdentityChange.objects.filter(new_identity=identity, undone_at__isnull=True)
    latest = into.order_by("-at", "-pk").first()
    if latest is None:
        return IdentityChange.objects.none()
    return into.filter(run_id=latest.run_id, decision_id=latest.decision_id)


def undo_merge(user, identity: Identity) -> int:
    """Undo the latest merge into ``identity``: its persons get their previous Identity back.

    A merge made by a "same" decision is withdrawn with it (a later "unsure" decision by
    ``user``), or the next run would force the link again. A merge made by a run may come
    back with the next run; a "different" decision is what keeps two persons apart.
    """
    with transaction.atomic():
        changes = last_merge(identity)
        first = changes.select_related("decision").first()
        count = _undo(changes)
        if first is not None and first.decision and first.decision.verdict == Verdict.SAME:
            withdrawn = first.decision
            PairDecision.objects.create(
                left_id=withdrawn.left_id,
                right_id=withdrawn.right_id,
                verdict=Verdict.UNSURE,
                reviewer=user,
                pair=withdrawn.pair,
            )
        audit.record("linkage_undone", actor=user, obj=identity, detail={"identity_changes": count})
    return count


def _undo(changes: QuerySet[IdentityChange]) -> int:
    undone = 0
    now = timezone.now()
    for change in changes.select_related("person").order_by("-at", "-pk"):
        person = change.person
        if person.identity_id == change.new_identity_id:
            person.identity_id = change.old_identity_id
            person.save(update_fields=["identity", "updated_at", "version"])
            undone += 1
        change.undone_at = now
        change.save(update_fields=["undone_at"])
    return undone


# --- What the queue needs --------------------------------------------------------------------


def latest_run() -> LinkageRun | None:
    return LinkageRun.objects.filter(finished_at__isnull=False, undone_at__isnull=True).first()


def decided_filter() -> Exists:
    """True for a candidate pair whose two persons have a decision."""
    return Exists(PairDecision.objects.filter(left=OuterRef("left"), right=OuterRef("right")))
