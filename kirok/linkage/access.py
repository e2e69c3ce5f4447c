"""Who may see and decide candidate pairs and Identities, built on kirok.records.access.

- A candidate pair is visible only when the reader may see *both* persons: a pair tells
  that someone else's record looks like yours, which is itself information.
- Deciding: coordinators and analysts who see both persons (linkage is analysis, not an
  edit of a record), documenters only with edit rights in a case of each person; viewers
  read only; administrators see nothing (records.access).
- An Identity is visible when the reader sees at least one of its persons, and shows only
  those. Undoing a merge needs the right to decide on every person it moves back.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from kirok.accounts.models import Role
from kirok.linkage.models import CandidatePair, IdentityChange
from kirok.records import access
from kirok.records.models import Identity, Person

DECIDING_ROLES = (Role.COORDINATOR, Role.ANALYST)


def visible_pairs(user, queryset: QuerySet | None = None) -> QuerySet[CandidatePair]:
    """Candidate pairs whose two persons ``user`` may see."""
    persons = access.visible_persons(user).values("pk")
    base = queryset if queryset is not None else CandidatePair.objects.all()
    return base.filter(left__in=persons, right__in=persons)


def may_decide_on(user, person: Person) -> bool:
    """Whether ``user`` (who sees ``person``) may take linkage decisions about them."""
    if not access.may_see_records(user):
        return False
    if user.role in DECIDING_ROLES:
        return True
    return user.role == Role.DOCUMENTER and access.can_edit(user, person)


def may_decide(user, pair: CandidatePair) -> bool:
    """Whether ``user`` may decide ``pair`` (which it must already be allowed to see)."""
    return may_decide_on(user, pair.left) and may_decide_on(user, pair.right)


def may_review(user) -> bool:
    """Whether the role could decide anywhere (to show or hide the decision buttons)."""
    return access.may_see_records(user) and user.role in (*DECIDING_ROLES, Role.DOCUMENTER)


def get_pair_for_user(user, public_id: uuid.UUID | str) -> CandidatePair:
    """The candidate pair, if ``user`` sees both persons; Http404 and ``access_refused``."""
    wanted = access.parse_public_id(public_id)
    if wanted is None:
        raise Http404
    pair = (
        visible_pairs(user, CandidatePair.objects.select_related("left", "right", "run"))
        .filter(public_id=wanted)
        .first()
    )
    if pair is None:
        access.refuse(CandidatePair, user, wanted)
        raise Http404
    return pair


def get_identity_for_user(user, public_id: uuid.UUID | str) -> tuple[Identity, list[Person]]:
    """The Identity and the persons of it ``user`` may see; Http404 if it sees none."""
    wanted = access.parse_public_id(public_id)
    if wanted is None:
        raise Http404
    persons = list(
        access.visible_persons(user)
        .filter(identity__public_id=wanted)
        .select_related("identity", "hometown")
        .prefetch_related("names")
        .order_by("pk")
    )
    if not persons:
        access.refuse(Identity, user, wanted)
        raise Http404
    return persons[0].identity, persons


def may_undo(user, changes: QuerySet[IdentityChange]) -> bool:
    """Whether ``user`` may undo these changes: it sees and may decide on every person."""
    moved = list(changes.values_list("person_id", flat=True))
    if not moved:
        return False
    visible = access.visible_persons(user).filter(pk__in=moved)
    if visible.count() != len(set(moved)):
        return False
    return all(may_decide_on(user, person) for person in visible)
