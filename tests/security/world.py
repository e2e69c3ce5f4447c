"""The world the security tests run in: two cases, personas placed inside or outside one.

- ``world.case`` holds every record a URL is asked about (the *target*); it allows sensitive
  contact details. Every record in it carries SECRET in its text, so that a test can check
  that a page shown to someone outside the case does not contain it.
- ``world.other_case`` is where a persona "outside" is a member.

Personas (PERSONAS) are the roles of kirok.accounts plus two: ``anonymous`` (not logged in)
and ``outsider`` (a viewer in no case). Positions (POSITIONS):

``inside``      the persona is a member of ``world.case``, the target is in it
``outside``     the persona is a member of ``world.other_case`` only, the target in ``case``
``unassigned``  the persona is a member of ``world.case``, the target is in no case

A documenter's membership ``can_edit``; the others' memberships do not (coordinators edit by
role). Targets are made by the functions in TARGETS, one fresh target per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kirok.accounts.models import Case, CaseMembership
from kirok.interop.models import ExportKind, ExportRequest, ExportStatus
from kirok.records.models import SensitiveContact
from tests import factories

PERSONAS = (
    "anonymous",
    "administrator",
    "coordinator",
    "analyst",
    "documenter",
    "viewer",
    "outsider",
)
POSITIONS = ("inside", "outside", "unassigned")
# Targets that are records, and so may be in no case at all.
RECORD_TARGETS = (
    "incident",
    "person",
    "source",
    "proceeding",
    "attachment",
    "evidence",
    "proposal",
)
# Shared reference data, in no case: every reading role sees it, so no IDOR test applies.
REFERENCE_TARGETS = ("organization", "place")
SECRET = "비밀표식"  # in every record of world.case; must never reach someone outside it
EXCLUDED_NAMESPACES = ("admin",)  # has its own tests (tests/test_web_admin.py)
EXCLUDED_URLCONFS = ("django.conf.urls.i18n",)  # the language switch, tests/test_web_access.py

_ROLES = {
    "administrator": "administrator",
    "coordinator": "coordinator",
    "analyst": "analyst",
    "documenter": "documenter",
    "viewer": "viewer",
    "outsider": "viewer",
}


@dataclass
class World:
    case: Case
    other_case: Case
    requester: object  # an analyst of ``case`` who asks for exports
    approver: object  # a coordinator of ``case`` who approves them


def build_world() -> World:
    case = factories.make_case(f"{SECRET} 사례 (case A)", allows_sensitive_contacts=True)
    other = factories.make_case("다른 사례 (case B)")
    requester = factories.make_user("analyst", username="requester")
    approver = factories.make_user("coordinator", username="approver")
    for user in (requester, approver):
        CaseMembership.objects.create(case=case, user=user)
    # Something of case A on every page that lists or counts records.
    secret_incident = factories.make_incident(title=f"{SECRET} 사건", cases=[case])
    factories.make_act(
        incident=secret_incident,
        victim=factories.make_person(
            cases=[case], names=[{"text": f"{SECRET}인물", "script": "hangul", "is_primary": True}]
        ),
    )
    return World(case, other, requester, approver)


def persona_user(world: World, persona: str, position: str):
    """The account of ``persona`` at ``position``; None for ``anonymous``."""
    if persona == "anonymous":
        return None
    user = factories.make_user(_ROLES[persona], username=persona)
    if persona != "outsider":
        case = world.other_case if position == "outside" else world.case
        CaseMembership.objects.create(case=case, user=user, can_edit=persona == "documenter")
    return user


def _cases(world: World, position: str) -> list[Case]:
    return [] if position == "unassigned" else [world.case]


def _incident(world, position, user):
    return factories.make_incident(title=f"{SECRET} 목표 사건", cases=_cases(world, position))


def _person(world, position, user):
    person = factories.make_person(
        cases=_cases(world, position),
        names=[{"text": f"{SECRET}목표", "script": "hangul", "is_primary": True}],
    )
    if position != "unassigned":  # contact details exist only in an allowing case
        SensitiveContact.objects.create(person=person, kind="phone", value="+82 10-0000-0000")
    return person


def _source(world, position, user):
    return factories.make_source(title=f"{SECRET} 면담", cases=_cases(world, position))


def _attachment(world, position, user):
    """A file of a source (which is where its case is): access follows the source."""
    from kirok.sources.services import store_attachment

    source = _source(world, position, user)
    return store_attachment(source, f"{SECRET}.txt", f"{SECRET} 증언".encode(), "text/plain")


def _evidence(world, position, user):
    """A passage of a source supporting an incident, both where the position puts them."""
    source = _source(world, position, user)
    incident = _incident(world, position, user)
    return factories.make_evidence(source, incident=incident)


def _proposal(world, position, user):
    """A record proposed from a source's text, waiting for review: access follows the source."""
    from kirok.sources.proposals import propose

    source = factories.make_source(
        title=f"{SECRET} 면담",
        text=f"Border guards arrested {SECRET} near Hoeryong in May 2019.",
        language="en",
        cases=_cases(world, position),
    )
    return propose(source, user=None)[0]


def _proceeding(world, position, user):
    return factories.make_proceeding(title=f"{SECRET} 제출", cases=_cases(world, position))


def _organization(world, position, user):
    """Shared reference data, in no case: the position does not change who may read it."""
    return factories.make_organization(f"org-{position}", f"{position} 보위부", f"{position} unit")


def _place(world, position, user):
    """Shared reference data, in no case (see _organization)."""
    return factories.make_place(f"KP-test-{position}", f"{position}군", f"{position} county")


def _export(world, position, user):
    """A request of the world's requester, for ``case``, waiting for approval."""
    export = ExportRequest.objects.create(
        requester=world.requester, kind=ExportKind.PERSONS, reason=f"{SECRET}: UN submission"
    )
    export.cases.set([world.case])
    return export


def _own_export(world, position, user):
    """A request of the persona itself (or the requester's), approved and ready."""
    export = ExportRequest.objects.create(
        requester=user or world.requester,
        kind=ExportKind.PERSONS,
        reason="For the annual report to the UN",
        status=ExportStatus.APPROVED,
        approver=world.approver,
        decided_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    export.cases.set([world.case])
    return export


TARGETS = {
    "incident": _incident,
    "person": _person,
    "source": _source,
    "attachment": _attachment,
    "evidence": _evidence,
    "proposal": _proposal,
    "proceeding": _proceeding,
    "organization": _organization,
    "place": _place,
    "export": _export,
    "own_export": _own_export,
}


@dataclass(frozen=True)
class ProjectUrl:
    name: str
    route: str
    uuid_kwargs: tuple[str, ...]
    other_kwargs: tuple[str, ...]


def project_urls() -> dict[str, ProjectUrl]:
    """Every named URL of the project, all namespaces, but the admin's and the i18n ones.

    An unnamed URL appears as ``<unnamed: route>``, so that the matrix fails on it too.
    """
    found: dict[str, ProjectUrl] = {}
    _walk(get_resolver().url_patterns, "", "", {}, found)
    return found


def _walk(patterns, namespace: str, prefix: str, converters: dict, found: dict) -> None:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        here = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            if entry.namespace in EXCLUDED_NAMESPACES or module in EXCLUDED_URLCONFS:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            _walk(entry.url_patterns, inner, route, here, found)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            key = name or f"<unnamed: {route}>"
            uuids = tuple(k for k, c in here.items() if type(c).__name__ == "UUIDConverter")
            others = tuple(k for k in here if k not in uuids)
            found[key] = ProjectUrl(key, route, uuids, others)
