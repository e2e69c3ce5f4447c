"""Plain factory functions for tests, with realistic (fictional) Korean and English data.

Each ``make_*`` function creates one record with sensible defaults; pass keyword arguments
to set any model field. Vocabulary terms, places and organizations are the seeded ones when
the test database holds the reference data (tests/conftest.py loads it), and are created on
demand otherwise (only the rows a test needs), with the same keys.

Every person, incident and source made here is fictional; the names are common Korean names
chosen so that no real case is described.

>>> analyst = make_user("analyst")
>>> person = make_person()                     # 김순옥 / Kim Sun-ok
>>> incident = make_incident(cases=[case])
>>> act = make_act(incident=incident, victim=person)
"""

from __future__ import annotations

import itertools
import json
import time
from functools import cache
from importlib import resources

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from kirok.accounts import sessions
from kirok.accounts.models import Authenticator, Case, CaseMembership, Role, User
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    NameKind,
    NameScript,
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Place,
    PlaceLevel,
    PlaceName,
    Proceeding,
    Relation,
    Romanization,
)
from kirok.sources.models import EvidenceSpan, Source
from kirok.vocabularies.models import Term, Vocabulary

# Every user made here has this password (hashed once per test session: Argon2 is slow).
PASSWORD = "기록-test-password-2024"

_serial = itertools.count(1)

# (family, given) in Hangul, the same in McCune–Reischauer without diacritics, and sex.
PEOPLE = [
    ("김", "순옥", "Kim", "Sun-ok", "female"),
    ("리", "철호", "Ri", "Chol-ho", "male"),
    ("박", "은정", "Pak", "Un-jong", "female"),
    ("최", "명철", "Choe", "Myong-chol", "male"),
    ("한", "영애", "Han", "Yong-ae", "female"),
    ("정", "혜숙", "Jong", "Hye-suk", "female"),
    ("오", "경남", "O", "Kyong-nam", "male"),
    ("문", "선희", "Mun", "Son-hui", "female"),
]

INCIDENTS = [
    (
        "회령 보위부의 귀환자 가족 연행",
        "중국에서 강제송환된 여성의 가족이 회령시 보위부에 연행된 뒤 소식이 끊겼다.",
    ),
    (
        "Arrest of a returnee's family in Hoeryong",
        "The family of a woman forcibly repatriated from China was taken by the Hoeryong "
        "city state security bureau; nothing has been heard of them since.",
    ),
    (
        "혜산 국경 지역 주민 실종",
        "혜산시 주민 두 명이 한국과 연락한 혐의로 체포된 뒤 행방이 알려지지 않았다.",
    ),
]


@cache
def _hashed(password: str) -> str:
    return make_password(password)


def make_user(role: str = Role.VIEWER, *, username: str | None = None, **fields) -> User:
    """An active account with ``role`` whose password is PASSWORD (or ``password=``)."""
    password = fields.pop("password", PASSWORD)
    username = username or f"{role}-{next(_serial)}"
    user = User(username=username, role=role, **fields)
    user.password = _hashed(password)
    user.save()
    return user


# --- Two-factor authentication -----------------------------------------------------------
# Kirok asks every account for a code after its password. tests/conftest.py makes
# client.force_login() and client.login() log in as a completed login does (password, code);
# these helpers serve tests that need the steps themselves.

# Django's own, kept before tests/conftest.py wraps them.
_django_force_login = Client.force_login
_django_login = Client.login


def make_authenticator(user: User) -> Authenticator:
    """The account's confirmed authenticator app (made on first use)."""
    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def totp_code(device: Authenticator) -> str:
    """A code the app would show now that the device has not accepted yet.

    Each time step's code is accepted once: a second login within the same 30 seconds gets
    the next step's code (accepted too: one step of clock drift is allowed).
    """
    device.refresh_from_db()
    clock, step, tolerance = device.clock(), device.STEP_SECONDS, device.TOLERANCE_STEPS
    now_step = clock.t()
    wanted = max(now_step, device.last_step + 1)
    if wanted > now_step + tolerance:  # a third login within 30 seconds: wait
        time.sleep((wanted - tolerance - now_step) * step)
    clock.time = (wanted - device.drift) * step + 1
    return f"{clock.token():0{device.DIGITS}d}"


def log_in_password_only(client: Client, user: User) -> None:
    """Log in as the password alone does: two-factor is still to come (Django's force_login)."""
    _django_force_login(client, user)


def mark_two_factor_passed(client: Client, user: User) -> None:
    """Mark the client's session as having passed two-factor with the user's authenticator,
    just now (so it also counts as a recent confirmation, kirok.accounts.reauth)."""
    device = make_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessions.mark_reauthenticated(session)
    session.save()


def log_in_verified(client: Client, user: User, backend: str | None = None) -> None:
    """client.force_login() in tests: logged in, and two-factor passed."""
    _django_force_login(client, user, backend)
    mark_two_factor_passed(client, user)


def log_in_with_password_verified(client: Client, **credentials) -> bool:
    """client.login() in tests: checks the password, then marks two-factor passed.

    django-axes' backend needs the request, which Django's Client.login does not pass; a
    request from 127.0.0.1 is supplied.
    """
    if "request" not in credentials:
        credentials["request"] = HttpRequest()
        credentials["request"].META["REMOTE_ADDR"] = "127.0.0.1"
    if not _django_login(client, **credentials):
        return False
    mark_two_factor_passed(client, User.objects.get(pk=client.session[SESSION_KEY]))
    return True


def age_confirmation(client: Client, minutes: float) -> None:
    """Pretend the last login or confirmation of the password and code was ``minutes`` ago."""
    session = client.session
    session[sessions.REAUTHENTICATED_AT] = time.time() - minutes * 60
    session.save()


def make_case(name: str | None = None, *, members=(), editors=(), **fields) -> Case:
    """A case (compartment); ``members`` may see its records, ``editors`` may also edit."""
    case = Case.objects.create(name=name or f"사례 {next(_serial)} (Case)", **fields)
    for user in members:
        CaseMembership.objects.create(case=case, user=user)
    for user in editors:
        CaseMembership.objects.create(case=case, user=user, can_edit=True)
    return case


@cache
def _seed_vocabularies() -> dict:
    text = resources.files("kirok.vocabularies").joinpath("seed", "vocabularies.json")
    return json.loads(text.read_text("utf-8"))


def term(vocabulary_key: str, code: str) -> Term:
    """The seeded term ``code`` of ``vocabulary_key``, created if this database lacks it."""
    found = Term.objects.filter(vocabulary__key=vocabulary_key, code=code).first()
    if found:
        return found
    spec = _seed_vocabularies()[vocabulary_key]
    vocabulary, _ = Vocabulary.objects.get_or_create(
        key=vocabulary_key,
        defaults={"labels": spec["labels"], "description": spec["description"]},
    )
    order, labels = next((i, t["labels"]) for i, t in enumerate(spec["terms"]) if t["code"] == code)
    return Term.objects.create(vocabulary=vocabulary, code=code, labels=labels, sort_order=order)


def make_place(
    gazetteer_id: str,
    hangul: str,
    common: str,
    *,
    level: str = PlaceLevel.ADMIN2,
    place_type: str = "city",
    parent: Place | None = None,
    country_code: str = "KP",
) -> Place:
    """A place with a Hangul and an English name (reused if ``gazetteer_id`` exists)."""
    place, created = Place.objects.get_or_create(
        gazetteer_id=gazetteer_id,
        defaults={
            "level": level,
            "place_type": place_type,
            "parent": parent,
            "country_code": country_code,
        },
    )
    if created:
        PlaceName.objects.create(place=place, text=hangul, kind=PlaceName.Kind.HANGUL)
        PlaceName.objects.create(place=place, text=common, kind=PlaceName.Kind.COMMON)
    return place


def north_korea() -> Place:
    return make_place(
        "KP",
        "조선민주주의인민공화국",
        "North Korea (DPRK)",
        level=PlaceLevel.COUNTRY,
        place_type="country",
    )


def north_hamgyong() -> Place:
    return make_place(
        "KP-09",
        "함경북도",
        "North Hamgyong",
        level=PlaceLevel.ADMIN1,
        place_type="province",
        parent=north_korea(),
    )


def hoeryong() -> Place:
    """회령시 › 함경북도 › 조선민주주의인민공화국, as in the gazetteer."""
    return make_place("KP-09-hoeryeong-si", "회령시", "Hoeryong", parent=north_hamgyong())


def make_organization(
    code: str = "mss-kp-09-hoeryeong-si",
    korean: str = "회령시 보위부",
    english: str = "Hoeryong City State Security Department",
    *,
    kind: str = "state_security",
    parent: Organization | None = None,
) -> Organization:
    """An organization with a preferred Korean and English name (reused by ``code``)."""
    organization, created = Organization.objects.get_or_create(
        code=code,
        defaults={"kind": term("organization_kind", kind), "country_code": "KP", "parent": parent},
    )
    if created:
        for text, language in ((korean, "ko"), (english, "en")):
            OrganizationName.objects.create(
                organization=organization, text=text, language=language, is_preferred=True
            )
    return organization


def make_person(*, names: list[dict] | None = None, cases=(), **fields) -> Person:
    """A person with a Hangul legal name and its romanization (the next of PEOPLE).

    ``names`` replaces them: a list of PersonName field dicts, e.g.
    ``[{"text": "은하", "script": "hangul", "kind": "pseudonym"}]``.
    """
    wanted = fields.get("sex")
    candidates = [p for p in PEOPLE if p[4] == wanted] if wanted in ("female", "male") else PEOPLE
    family, given, family_latin, given_latin, sex = candidates[next(_serial) % len(candidates)]
    fields.setdefault("sex", sex)
    fields.setdefault("birth_date", "1975~")
    fields.setdefault("nationality", "KP")
    fields.setdefault("status", "missing")
    person = Person.objects.create(**fields)
    if names is None:
        names = [
            {
                "text": f"{family}{given}",
                "family_name": family,
                "given_name": given,
                "script": NameScript.HANGUL,
                "is_primary": True,
            },
            {
                "text": f"{family_latin} {given_latin}",
                "family_name": family_latin,
                "given_name": given_latin,
                "script": NameScript.LATIN,
                "romanization": Romanization.MCCUNE_REISCHAUER_PLAIN,
                "sort_order": 1,
            },
        ]
    for name in names:
        name.setdefault("kind", NameKind.LEGAL)
        PersonName.objects.create(person=person, **name)
    person.cases.set(cases)
    return person


def make_incident(*, violation_types=("enforced_disappearance",), cases=(), **fields) -> Incident:
    """An incident in Hoeryong, about November 2012, alleged (the next of INCIDENTS)."""
    title, summary = INCIDENTS[next(_serial) % len(INCIDENTS)]
    fields.setdefault("title", title)
    fields.setdefault("summary", summary)
    fields.setdefault("start_date", "2012-11~")
    if "place" not in fields:
        fields["place"] = hoeryong()
    incident = Incident.objects.create(**fields)
    incident.violation_types.set([term("violation_type", code) for code in violation_types])
    incident.cases.set(cases)
    return incident


def make_act(
    *,
    incident: Incident | None = None,
    victim: Person | None = None,
    violation_type: str = "arbitrary_detention",
    perpetrators=(("organization", "perpetrator"),),
    **fields,
) -> Act:
    """One act against ``victim`` in ``incident``; each perpetrator is (who, role code).

    ``who`` is an Organization, a Person, or "organization" for the default security bureau.
    """
    fields.setdefault("date", "2012-11")
    fields.setdefault("place", incident.place if incident else hoeryong())
    act = Act.objects.create(
        incident=incident or make_incident(),
        victim=victim or make_person(),
        violation_type=term("violation_type", violation_type),
        **fields,
    )
    for who, role in perpetrators:
        who = make_organization() if who == "organization" else who
        ActPerpetrator.objects.create(
            act=act,
            organization=who if isinstance(who, Organization) else None,
            person=who if isinstance(who, Person) else None,
            role=term("perpetrator_role", role),
        )
    return act


def make_source(*, cases=(), **fields) -> Source:
    """A testimony in Korean, graded B2 (usually reliable, probably true)."""
    number = next(_serial)
    fields.setdefault("title", f"탈북민 면담 기록 {number:03d} (Interview record {number:03d})")
    fields.setdefault(
        "text",
        "2012년 11월경 회령시 보위부원들이 집에 와서 어머니와 남동생을 데려갔다. "
        "그 뒤로 가족의 소식을 듣지 못했다.",
    )
    fields.setdefault("language", "ko")
    fields.setdefault("published_date", "2014-03")
    fields.setdefault("consent_store", True)
    kind = fields.pop("kind", "testimony")
    reliability = fields.pop("reliability", "b")
    credibility = fields.pop("credibility", "2")
    source = Source.objects.create(
        kind=term("source_kind", kind),
        reliability=term("source_reliability", reliability) if reliability else None,
        credibility=term("information_credibility", credibility) if credibility else None,
        **fields,
    )
    source.cases.set(cases)
    return source


def make_evidence(
    source: Source | None = None, *, quote: str | None = None, **target
) -> EvidenceSpan:
    """A passage of ``source`` supporting one record: pass incident=, act=, person= …

    Without ``quote`` the passage is the source's first sentence, with its offsets.
    """
    source = source or make_source()
    if quote is None:
        end = source.text.find(".") + 1 or len(source.text)
        quote, start = source.text[:end], 0
        target.setdefault("start", start)
        target.setdefault("end", end)
    return EvidenceSpan.objects.create(source=source, quote=quote, **target)


def make_relation(subject: Person, kind: str, object: Person) -> Relation:
    """``subject`` is ``kind`` of ``object``, e.g. make_relation(mother, "mother_of", son)."""
    return Relation.objects.create(subject=subject, kind=term("relation_kind", kind), object=object)


def make_proceeding(*, incidents=(), persons=(), cases=(), **fields) -> Proceeding:
    """A WGEID submission, being prepared (its ``persons`` must consent to UN sharing)."""
    forum = fields.pop("forum", "wgeid")
    fields.setdefault("title", "강제실종 실무그룹 긴급 개입 요청 (WGEID urgent action)")
    fields.setdefault("reference", f"WGEID-{next(_serial):04d}")
    fields.setdefault("filed_date", "2015-06")
    proceeding = Proceeding.objects.create(forum=term("proceeding_forum", forum), **fields)
    proceeding.incidents.set(incidents)
    proceeding.persons.set(persons)
    proceeding.cases.set(cases)
    return proceeding


def make_documented_incident(*, cases=(), title: str = "회령 보위부의 귀환자 가족 연행"):
    """A fully documented incident: two victims, three acts, an informant, two sources, a
    proceeding. Returns a namespace with incident, acts (in order), mother, son, informant,
    testimony, report and proceeding; every record is in ``cases``.
    """
    from types import SimpleNamespace

    incident = make_incident(
        title=title,
        summary="중국에서 강제송환된 여성의 어머니와 남동생이 회령시 보위부에 연행된 뒤 "
        "소식이 끊겼다. 가족은 2015년 유엔 강제실종 실무그룹에 긴급 개입을 요청했다.",
        start_date="2012-11-01/2012-11-10",
        end_date="2013~",
        status="corroborated",
        victim_count_exact=3,
        victim_count_min=2,
        victim_count_max=4,
        victim_count_text="어머니와 두 자녀",
        violation_types=["enforced_disappearance", "family_punishment"],
        cases=cases,
    )
    # The family consented to the WGEID submission below (without it, Kirok refuses it).
    consented = {"consent_store": True, "consent_share_un": True}
    mother = make_person(
        cases=cases, sex="female", birth_date="1958~", status="missing", **consented
    )
    son = make_person(cases=cases, sex="male", birth_date="1986", status="missing", **consented)
    holding = make_place(
        "SITE-test-hoeryong-holding",
        "회령시 보위부 구류장",
        "Hoeryong security holding centre",
        level=PlaceLevel.SITE,
        place_type="detention_center",
        parent=hoeryong(),
    )
    informant = make_person(
        cases=cases,
        names=[
            {
                "text": "은하",
                "script": NameScript.HANGUL,
                "kind": NameKind.PSEUDONYM,
                "is_primary": True,
            }
        ],
    )
    acts = [
        make_act(
            incident=incident,
            victim=mother,
            violation_type="arbitrary_arrest",
            sequence=1,
            date="2012-11-03",
            perpetrators=[("organization", "perpetrator"), (informant, "informant")],
        ),
        make_act(
            incident=incident,
            victim=mother,
            violation_type="arbitrary_detention",
            sequence=2,
            date="2012-11",
            place=holding,
        ),
        make_act(
            incident=incident, victim=son, violation_type="enforced_disappearance", date="2012-11~"
        ),
    ]
    testimony = make_source(
        title="탈북민 면담 기록 014", reliability="b", credibility="2", cases=cases
    )
    report = make_source(
        title="NGO report: families taken in Hoeryong",
        kind="ngo_report",
        language="en",
        text="Three members of the family were taken in November 2012.",
        author="Fictional Documentation Centre",
        reliability="c",
        credibility="3",
        consent_store=False,
        is_public_material=True,
        cases=cases,
    )
    make_evidence(testimony, incident=incident)
    make_evidence(report, act=acts[0], quote="Three members of the family were taken")
    proceeding = make_proceeding(
        title="유엔 강제실종 실무그룹 긴급 개입 요청",
        reference="WGEID-2015-0042",
        incidents=[incident],
        persons=[mother, son],
        cases=cases,
    )
    return SimpleNamespace(
        incident=incident,
        acts=acts,
        mother=mother,
        son=son,
        informant=informant,
        testimony=testimony,
        report=report,
        proceeding=proceeding,
    )


def proposal_review_data(proposal, cases, *, prefix: str, **changes) -> dict:
    """The POST of a proposal's review form as the page renders it (kirok.web.proposals):
    every proposed value kept, records by public id; ``changes`` (full field names with
    ``prefix``, victims under ``<prefix>-v``) on top."""
    from kirok.sources import proposals
    from kirok.sources.proposal_forms import ProposalForm, victim_initial

    cases = Case.objects.filter(pk__in=[case.pk for case in cases])
    suggestion = proposals.suggestion(proposal)
    form = ProposalForm(suggestion=suggestion, cases=cases, prefix=prefix)
    data = {}
    for name in form.fields:
        value = form[name].value()  # as rendered: records by public id
        if not _blank(value):
            data[f"{prefix}-{name}"] = value
    victims = victim_initial(suggestion.victims)
    rows = f"{prefix}-v"
    data.update(
        {
            f"{rows}-TOTAL_FORMS": str(len(victims) + 1),
            f"{rows}-INITIAL_FORMS": str(len(victims)),
            f"{rows}-MIN_NUM_FORMS": "0",
            f"{rows}-MAX_NUM_FORMS": "50",
            f"{rows}-{len(victims)}-sex": "unknown",
        }
    )
    for index, victim in enumerate(victims):
        for key, value in victim.items():
            if not _blank(value):
                data[f"{rows}-{index}-{key}"] = "on" if value is True else value
    data.update(changes)
    return data


def _blank(value) -> bool:
    """What a browser leaves out of a POST: an unticked box, an empty field (0 is a value)."""
    return value is None or value is False or value == "" or value == []
