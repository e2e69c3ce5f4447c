"""Who may ask for, see, decide on and download an export request.

- Analysts and coordinators may ask for an export, of cases they are members of.
- The requester sees its own requests, and alone may download one, once, after approval.
- A coordinator who is not the requester, who is a member of every case of the request (and
  may see its WGEID proceeding), sees it and may approve or deny it: the second pair of eyes.
- Nobody else learns that a request exists: a refusal is a 404, written to the audit log as
  ``access_refused`` like every other (kirok.records.access).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from kirok.accounts.models import Role
from kirok.interop.models import ExportRequest, ExportStatus
from kirok.records import access as records_access

REQUESTING_ROLES = (Role.ANALYST, Role.COORDINATOR)


def may_request_exports(user) -> bool:
    return records_access.may_see_records(user) and user.role in REQUESTING_ROLES


def may_decide_exports(user) -> bool:
    return records_access.may_see_records(user) and user.role == Role.COORDINATOR


def require_requesting_role(user) -> None:
    """PermissionDenied (403) unless ``user``'s role may ask for exports."""
    if not may_request_exports(user):
        raise PermissionDenied


def require_deciding_role(user) -> None:
    """PermissionDenied (403) unless ``user`` is a coordinator."""
    if not may_decide_exports(user):
        raise PermissionDenied


def within_reach(user) -> models.QuerySet[ExportRequest]:
    """Requests whose every case ``user`` is a member of, and whose WGEID proceeding (if
    any) ``user`` may see: the data ``user`` could read anyway."""
    through = ExportRequest.cases.through
    outside_my_cases = through.objects.exclude(
        case_id__in=records_access.member_case_ids(user)
    ).values("exportrequest_id")
    visible_proceedings = records_access.visible_proceedings(user).values("pk")
    return ExportRequest.objects.exclude(pk__in=outside_my_cases).filter(
        models.Q(proceeding__isnull=True) | models.Q(proceeding__in=visible_proceedings)
    )


def decidable_by(user) -> models.QuerySet[ExportRequest]:
    """Requests of others that ``user`` may approve or deny (whatever their status)."""
    if not may_decide_exports(user):
        return ExportRequest.objects.none()
    return within_reach(user).exclude(requester=user)


def visible_export_requests(user) -> models.QuerySet[ExportRequest]:
    """The requests ``user`` may see: its own, and those it may decide on."""
    if not records_access.may_see_records(user):
        return ExportRequest.objects.none()
    return ExportRequest.objects.filter(
        models.Q(requester=user) | models.Q(pk__in=decidable_by(user).values("pk"))
    )


def pending_for(user) -> models.QuerySet[ExportRequest]:
    """Requests waiting for ``user``'s decision."""
    return decidable_by(user).filter(status=ExportStatus.REQUESTED)


def get_export_request_for_user(user, public_id: uuid.UUID | str) -> tuple[ExportRequest, bool]:
    """The request and whether ``user`` may decide on it now; Http404 (audited) otherwise."""
    export = _get(visible_export_requests(user), user, public_id)
    may_decide = (
        export.status == ExportStatus.REQUESTED and decidable_by(user).filter(pk=export.pk).exists()
    )
    return export, may_decide


def get_export_request_to_decide(user, public_id: uuid.UUID | str) -> ExportRequest:
    """The request if ``user`` may approve or deny it; Http404 (audited) otherwise."""
    return _get(decidable_by(user), user, public_id)


def get_export_request_to_download(user, public_id: uuid.UUID | str) -> ExportRequest:
    """The request if ``user`` asked for it and is still a member of its cases (only the
    requester downloads); Http404 (audited) otherwise."""
    if not may_request_exports(user):
        return _get(ExportRequest.objects.none(), user, public_id)
    return _get(within_reach(user).filter(requester=user), user, public_id)


def _get(queryset, user, public_id) -> ExportRequest:
    wanted = records_access.parse_public_id(public_id)
    if wanted is None:
        raise Http404
    found = (
        queryset.select_related("requester", "approver", "proceeding")
        .filter(public_id=wanted)
        .first()
    )
    if found is None:
        records_access.refuse(ExportRequest, user, wanted)
        raise Http404
    return found
