"""The audit log is tamper-evident: altering or deleting one row is found, and named.

`kirok audit verify` exits 0 with "N entries, chain intact", or 1 naming the first broken
entry; the rows are changed with raw SQL, as someone with the database would.
"""

import pytest
from click.testing import CliRunner
from django.db import connection

from kirok.audit import services
from kirok.audit.models import AuditEvent
from kirok.cli import cli
from tests.test_cli import (  # noqa: F401  (fixtures)
    environment,
    initialised,
    initialised_template,
    kirok,
)


@pytest.fixture
def chain(coordinator):
    """Five fresh events at the end of the chain (the reference data load wrote others)."""
    return [
        services.record("test_event", actor=coordinator, detail={"fields": ["title"], "n": n})
        for n in range(5)
    ]


def position_of(event) -> int:
    return AuditEvent.objects.filter(pk__lte=event.pk).count()


def alter_detail(event) -> None:
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET detail = %s{cast} WHERE id = %s",  # noqa: S608
            ['{"fields": ["summary"], "n": 2}', event.pk],
        )


def delete_row(event) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def verify(*args):
    return CliRunner().invoke(cli, ["audit", "verify", *args])


def test_an_untouched_chain_verifies(chain):
    status = services.check_chain()
    assert status.intact
    assert status.entries == AuditEvent.objects.count()
    assert status.head == chain[-1].entry_hash
    done = verify()
    assert done.exit_code == 0, done.output
    assert f"{status.entries} entries, chain intact" in done.output


def test_an_altered_detail_is_found_and_named(chain):
    alter_detail(chain[2])
    problem = services.verify()
    assert (problem.public_id, problem.reason) == (str(chain[2].public_id), "altered")
    assert problem.position == position_of(chain[2])
    done = verify()
    assert done.exit_code == 1
    assert str(chain[2].public_id) in done.output
    assert f"position {position_of(chain[2])}" in done.output
    assert "altered" in done.output


def test_a_deleted_row_is_found_at_the_entry_after_it(chain):
    delete_row(chain[2])
    problem = services.verify()
    assert problem.public_id == str(chain[3].public_id)
    assert problem.reason == "an entry before it was removed"
    done = verify()
    assert done.exit_code == 1
    assert str(chain[3].public_id) in done.output
    assert "an entry before it was removed" in done.output


def test_the_first_broken_entry_is_the_one_named(chain):
    alter_detail(chain[1])
    delete_row(chain[3])
    assert services.verify().public_id == str(chain[1].public_id)


def test_cutting_off_the_newest_entries_is_found_with_a_noted_head(chain):
    head = services.check_chain().head
    assert verify("--anchor", head).exit_code == 0
    delete_row(chain[-1])
    assert services.verify() is None  # the chain before it is whole …
    done = verify("--anchor", head)
    assert done.exit_code == 1  # … but the noted head is gone
    assert "anchor" in done.output


def test_tail_prints_the_newest_entries_oldest_first(chain):
    done = CliRunner().invoke(cli, ["audit", "tail", "-n", "3"])
    assert done.exit_code == 0, done.output
    lines = done.output.strip().splitlines()
    assert len(lines) == 3
    assert [line.split("n=")[1] for line in lines] == ["2", "3", "4"]
    assert all(" coordinator test_event " in line for line in lines)


def test_verify_on_a_freshly_initialised_installation(initialised):  # noqa: F811
    done = kirok(initialised, "audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "entries, chain intact" in done.stdout
    assert kirok(initialised, "audit", "tail", "-n", "2").returncode == 0
