"""What a reviewer sees of two persons side by side, and where they agree or differ.

Everything here reads records the reader may see: the persons come from a pair the reader
may see (kirok.linkage.access), and their acts, relations and sources are filtered through
kirok.records.access before they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kirok.lib import names as name_lib
from kirok.linkage import services
from kirok.records import access
from kirok.records.models import Act, Person
from kirok.sources.models import Source

AGREE, DIFFER, UNKNOWN = "agree", "differ", "unknown"
HANGUL_CANDIDATES = _("In Hangul, likely")
HANJA_READING = _("Read in Hangul")
ROMANIZATIONS = (
    ("rr", _("Revised Romanization")),
    ("mr_plain", _("McCune–Reischauer")),
    ("dprk_plain", _("North Korean official")),
)


@dataclass
class ShownName:
    text: str
    script: str
    kind: str
    romanizations: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Side:
    """One person as the comparison shows them."""

    person: Person
    names: list[ShownName]
    sex: str
    birth_date: str
    birth_range: tuple[dt.date, dt.date] | None  # as precise as the birth date says
    hometown: str
    hometown_id: int | None
    relatives: list[tuple[str, str]]  # (relation label, relative's name)
    acts: list[tuple[str, str, object]]  # (violation, incident title, incident)
    sources: list[Source]


@dataclass
class Row:
    label: str
    state: str  # AGREE, DIFFER or UNKNOWN


def romanizations(text: str) -> list[tuple[str, str]]:
    """(label, spelling): a Hangul name in each romanization, a romanized name's likeliest
    Hangul spellings, a name in Chinese characters read in Hangul and then romanized; empty
    for anything else."""
    parsed = name_lib.parse_name(text)
    if not parsed.surname:
        return []
    if parsed.script == "latin":
        candidates = name_lib.hangul_candidates(text, limit=3)
        return [(str(HANGUL_CANDIDATES), ", ".join(candidates))] if candidates else []
    hangul = parsed.surname + parsed.given  # for a name in Chinese characters, its reading
    shown = [(str(HANJA_READING), hangul)] if parsed.script == "hanja" else []
    return shown + [
        (str(label), name_lib.romanize_name(hangul, system)) for system, label in ROMANIZATIONS
    ]


def side(user, person: Person) -> Side:
    """The reviewer's view of ``person``: only what ``user`` may see."""
    names = sorted(person.names.all(), key=lambda n: (not n.is_primary, n.sort_order, n.pk))
    return Side(
        person=person,
        names=[
            ShownName(n.text, n.script, n.get_kind_display(), romanizations(n.text)) for n in names
        ],
        sex=person.get_sex_display(),
        birth_date=person.birth_date,
        birth_range=services.birth_range(person),
        hometown=str(person.hometown) if person.hometown_id else "",
        hometown_id=person.hometown_id,
        relatives=_relatives(user, person),
        acts=_acts(user, person),
        sources=_sources(user, person),
    )


def _relatives(user, person: Person) -> list[tuple[str, str]]:
    visible = access.visible_persons(user).values("pk")
    found = []
    for relation in person.relations_in.filter(subject__in=visible).select_related("kind"):
        found.append((relation.kind.label, str(relation.subject)))
    for relation in person.relations_out.filter(object__in=visible).select_related("kind"):
        found.append((relation.kind.label, str(relation.object)))
    return found


def _acts(user, person: Person) -> list[tuple[str, str, object]]:
    acts = Act.objects.filter(
        victim=person, incident__in=access.visible_incidents(user).values("pk")
    ).select_related("incident", "violation_type")
    return [(act.violation_type.label, act.incident.title, act.incident) for act in acts]


def _sources(user, person: Person) -> list[Source]:
    return list(
        access.visible_sources(user)
        .filter(Q(evidence__person=person) | Q(evidence__act__victim=person))
        .select_related("reliability", "credibility")
        .distinct()
        .order_by("pk")
    )


def _name_keys(side: Side) -> set[str]:
    return {key for n in side.names if (key := name_lib.comparison_key(n.text))}


def _state(left, right, same) -> str:
    if not left or not right:
        return UNKNOWN
    return AGREE if same(left, right) else DIFFER


def rows(left: Side, right: Side) -> dict[str, str]:
    """For each field, whether the two sides agree, differ or one of them is silent."""
    return {
        "names": _state(_name_keys(left), _name_keys(right), lambda a, b: bool(a & b)),
        "sex": _state(
            left.person.sex if left.person.sex in ("male", "female") else None,
            right.person.sex if right.person.sex in ("male", "female") else None,
            lambda a, b: a == b,
        ),
        "birth": _state(
            left.birth_range,
            right.birth_range,
            # 1957 and 27 January 1957 agree; 27 January and 23 September 1957 differ, and
            # so do two years one apart
            lambda a, b: a[0] <= b[1] and b[0] <= a[1],
        ),
        "hometown": _state(left.hometown_id, right.hometown_id, lambda a, b: a == b),
        "relatives": _state(
            {name_lib.comparison_key(name) for _, name in left.relatives} - {""},
            {name_lib.comparison_key(name) for _, name in right.relatives} - {""},
            lambda a, b: bool(a & b),
        ),
    }
