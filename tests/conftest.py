"""Shared fixtures. The database is chosen by tests/plugins/database.py (loaded via addopts)."""

pytest_plugins = ["tests.plugins.browser"]

import os  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds what `kirok init` loads: vocabularies, gazetteer, organizations.

    Loaded once per session; tests that flush the database (transactional_db, live_server)
    reload it with the `reference_data` fixture.
    """
    from kirok.records.seeding import load_reference_data
    from kirok.security.services import ensure_keys

    with django_db_blocker.unblock():
        # The master key goes into the session's temporary data dir; the data keys it wraps
        # are committed now, so that every test's rollback keeps them.
        ensure_keys()
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """Make sure reference data and data keys are present (idempotent; cheap when they are).

    A transactional test's flush deletes the data keys too: new ones are made, and the
    keyring forgets the old ones it holds in memory, or it would seal with a key that no
    longer exists in the database.
    """
    from kirok.records.seeding import load_reference_data
    from kirok.security import keyring
    from kirok.security.models import DataKey
    from kirok.security.services import ensure_keys
    from kirok.vocabularies.models import Term

    if not DataKey.objects.exists():
        keyring.forget()
        ensure_keys()
    if not Term.objects.exists():
        load_reference_data()


# --- Fixed personas (STYLE.md): one of each role, and a case the analyst is a member of. ---
# The users are made by tests.factories.make_user and log in with factories.PASSWORD.

from tests import factories  # noqa: E402


@pytest.fixture
def administrator(db):
    """Manages accounts and configuration; may use /admin/; sees no records."""
    return factories.make_user("administrator", username="administrator", is_staff=True)


@pytest.fixture
def coordinator(db):
    """A coordinator, not a member of ``case``; has is_staff, yet must not get into /admin/.

    Sees the records in no case (coordinators assign them), not those of ``case``."""
    return factories.make_user("coordinator", username="coordinator", is_staff=True)


@pytest.fixture
def analyst(db):
    """An analyst who is a member of ``case`` (once the ``case`` fixture is used)."""
    return factories.make_user("analyst", username="analyst")


@pytest.fixture
def documenter(db):
    """A documenter, not a member of ``case``."""
    return factories.make_user("documenter", username="documenter")


@pytest.fixture
def outsider(db):
    """A viewer who is in no case: sees no records at all (default deny)."""
    return factories.make_user("viewer", username="outsider")


@pytest.fixture
def case(analyst):
    """A compartment whose only member is ``analyst``."""
    return factories.make_case("두만강 사건 조사 (Tumen investigation)", members=[analyst])


@pytest.fixture
def compartmented_records(case):
    """One of each record outside every case, and one of each inside ``case``.

    Outside: an incident with a victim, an act, a source with a passage and a proceeding;
    only coordinators see them (kirok.records.access). Inside ``case``: the same again, with a
    secret-sounding title that nobody outside the case may see.
    """
    from types import SimpleNamespace

    def build(cases, title, victim_names=None):
        incident = factories.make_incident(title=title, cases=cases, status="corroborated")
        victim = factories.make_person(cases=cases, names=victim_names)
        act = factories.make_act(incident=incident, victim=victim)
        source = factories.make_source(cases=cases)
        factories.make_evidence(source, incident=incident)
        proceeding = factories.make_proceeding(incidents=[incident], cases=cases)
        return incident, victim, act, source, proceeding

    public = build([], "회령 보위부의 귀환자 가족 연행")
    secret = build(
        [case],
        "비공개 사례: 온성 집결소 구금",
        [{"text": "비밀인물", "script": "hangul", "is_primary": True}],
    )
    names = ("incident", "victim", "act", "source", "proceeding")
    return SimpleNamespace(
        case=case,
        **{f"public_{n}": v for n, v in zip(names, public, strict=True)},
        **{f"case_{n}": v for n, v in zip(names, secret, strict=True)},
    )


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Test code speaks English unless a test asks for another language.

    Kirok's default interface language is Korean (KIROK_LANGUAGE=ko), so with the Korean
    catalogue compiled, messages raised outside a request (model validation, services) would
    be Korean in tests. Pages are unaffected: each request picks its language itself
    (cookie, Accept-Language, then LANGUAGE_CODE). Use translation.override("ko") to test
    Korean messages.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


# --- Logging in: Kirok asks every account for a two-factor code after the password. ---


@pytest.fixture(autouse=True)
def logins_pass_two_factor(monkeypatch):
    """``client.force_login(user)`` and ``client.login(...)`` log in as a completed login does.

    Both are wrapped (tests.factories.log_in_verified, log_in_with_password_verified): after
    Django's own login, the account gets a confirmed authenticator (made on first use) and
    the session is marked as having passed two-factor with it, just now — so it also counts
    as a recent confirmation for kirok.accounts.reauth. ``client.login`` also gets the
    request that django-axes' backend needs and Django's test client does not pass.

    Tests of the login steps themselves post to the login page, or use
    ``factories.log_in_password_only(client, user)`` for a session that still owes its code,
    and ``factories.age_confirmation(client, minutes)`` to make the confirmation old.
    """
    from django.test import Client

    monkeypatch.setattr(Client, "force_login", factories.log_in_verified)
    monkeypatch.setattr(Client, "login", factories.log_in_with_password_verified)


@pytest.fixture
def browser_login(live_server):
    """Log an account in through the live server's login page and two-factor page.

    >>> browser_login(page, analyst)   # then the page shows where the login led  # doctest: +SKIP
    """

    def log_in(page, user, *, password: str = factories.PASSWORD, path: str = "/") -> None:
        device = factories.make_authenticator(user)
        page.goto(f"{live_server.url}{path}")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Code", exact=True).fill(factories.totp_code(device))
        page.get_by_role("button", name="Continue").click()

    return log_in


@pytest.fixture(autouse=True)
def no_alerts_for_logins_at_night(settings):
    """A login in KIROK_ALERT_QUIET_HOURS raises an alert (kirok.audit.alerts): tests must
    not depend on the hour they run at. tests/test_audit_alerts.py sets the hours it tests."""
    settings.AUDIT_ALERT_QUIET_HOURS = None


# Property tests run the same examples on every run (and in CI): a failure found once is
# found again, and a green run stays green. Explore with HYPOTHESIS_PROFILE=explore.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
