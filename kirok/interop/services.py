"""The four-eyes export of identifying data: request, approve or deny, download once, expire.

Each step checks its rule again (whatever page called it), changes the request in one
transaction and writes an audit event (``export_requested``, ``export_approved``,
``export_denied``, ``export_downloaded``, ``export_expired``); the audit app's alerts watch
them. Callers get the request from kirok.interop.access.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirok.accounts.models import Case
from kirok.audit import services as audit
from kirok.interop import access as export_access
from kirok.interop import public_tables, tables, watermark
from kirok.interop.models import VALID_FOR, ExportKind, ExportRequest, ExportStatus
from kirok.records import access
from kirok.records import services as record_services
from kirok.records.models import Proceeding

MIN_REASON_LENGTH = 10


class ExportRefused(ValidationError):
    """A step that may not be taken now; the message says why, for the person who tried."""


@dataclass(frozen=True)
class ExportFile:
    filename: str
    text: str
    rows: int


def _refuse(message: str, code: str) -> ExportRefused:
    return ExportRefused(message, code=code)


@transaction.atomic
def request_export(
    requester,
    kind: str,
    *,
    reason: str,
    cases: Iterable[Case] = (),
    proceeding: Proceeding | None = None,
) -> ExportRequest:
    """Ask for an export. Cases must be ones the requester belongs to; a WGEID export names
    a WGEID proceeding the requester may see, whose persons all consented to UN sharing.

    >>> request_export(analyst, "persons_un", reason="…", cases=[case])  # doctest: +SKIP
    """
    if not export_access.may_request_exports(requester):
        raise _refuse(_("Your role cannot ask for exports."), "role")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise _refuse(_("Say why the data must leave Kirok (a sentence at least)."), "reason")
    cases = list(cases)
    export = ExportRequest(requester=requester, kind=kind, reason=reason.strip())
    if kind == ExportKind.WGEID:
        _check_wgeid_request(requester, proceeding)
        export.proceeding = proceeding
        check_wgeid_consent(export, requester)
    else:
        _check_cases(requester, cases)
    export.full_clean()
    export.save()
    export.cases.set(cases if kind != ExportKind.WGEID else [])
    audit.record("export_requested", actor=requester, obj=export, detail=_describe(export))
    return export


def _check_cases(requester, cases: list[Case]) -> None:
    if not cases:
        raise _refuse(_("Choose at least one case."), "no_cases")
    mine = set(access.member_case_ids(requester).values_list("case_id", flat=True))
    if any(case.pk not in mine for case in cases):
        raise _refuse(_("You can only export cases you are a member of."), "not_member")


def _check_wgeid_request(requester, proceeding: Proceeding | None) -> None:
    visible = proceeding is not None and (
        access.visible_proceedings(requester).filter(pk=proceeding.pk).exists()
    )
    if not visible or not record_services.is_wgeid(proceeding):
        raise _refuse(_("Choose a WGEID submission you can see."), "no_proceeding")


def check_wgeid_consent(export: ExportRequest, reader) -> None:
    """Refuse a WGEID export while any person of the submission lacks UN-sharing consent."""
    missing = list(tables.lacking_consent(export, reader))
    if missing:
        error = record_services.un_consent_error(missing)
        raise ExportRefused(error.message, code=error.code, params=error.params)


def approve(export: ExportRequest, approver) -> ExportRequest:
    """The second pair of eyes: a coordinator other than the requester lets the file out.

    The download must then happen within 24 hours of the approval.
    """
    expire_overdue()
    with transaction.atomic():
        export = _locked(export)
        _check_decision(export, approver)
        now = timezone.now()
        export.status = ExportStatus.APPROVED
        export.approver, export.decided_at, export.expires_at = approver, now, now + VALID_FOR
        export.save(update_fields=["status", "approver", "decided_at", "expires_at"])
        audit.record("export_approved", actor=approver, obj=export, detail=_describe(export))
    return export


def deny(export: ExportRequest, approver, note: str = "") -> ExportRequest:
    expire_overdue()
    with transaction.atomic():
        export = _locked(export)
        _check_decision(export, approver)
        export.status = ExportStatus.DENIED
        export.approver, export.decided_at = approver, timezone.now()
        export.decision_note = note.strip()
        export.save(update_fields=["status", "approver", "decided_at", "decision_note"])
        audit.record("export_denied", actor=approver, obj=export, detail=_describe(export))
    return export


def _check_decision(export: ExportRequest, approver) -> None:
    if export.requester_id == approver.pk:
        raise _refuse(_("A second coordinator must decide on your own request."), "own")
    if not export_access.decidable_by(approver).filter(pk=export.pk).exists():
        raise _refuse(_("You cannot decide on this request."), "not_eligible")
    if not (export.status == ExportStatus.REQUESTED and export.is_open):
        raise _refuse(
            _("This request is no longer waiting for a decision (%(status)s).")
            % {"status": export.get_status_display()},
            "not_pending",
        )


def download(export: ExportRequest, user) -> ExportFile:
    """Make the file, once, for the requester of an approved request within its 24 hours.

    The rows are what the requester may see now and what the persons consent to now.
    """
    expire_overdue()
    with transaction.atomic():
        return _download(_locked(export), user)


def _download(export: ExportRequest, user) -> ExportFile:
    if export.requester_id != user.pk or not export_access.may_request_exports(user):
        raise _refuse(_("Only the person who asked for an export can download it."), "owner")
    if not export_access.within_reach(user).filter(pk=export.pk).exists():
        raise _refuse(_("You are no longer a member of every case of this export."), "reach")
    if not (export.status == ExportStatus.APPROVED and export.is_open):
        raise _refuse(
            _("This export cannot be downloaded (%(status)s).")
            % {"status": export.get_status_display()},
            "not_approved",
        )
    if export.kind == ExportKind.WGEID:
        check_wgeid_consent(export, user)
    now = timezone.now()
    text, count = _file(export, user, now)
    export.status, export.downloaded_at, export.row_count = ExportStatus.DOWNLOADED, now, count
    export.file_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    export.save(update_fields=["status", "downloaded_at", "row_count", "file_sha256"])
    detail = {**_describe(export), "rows": count, "sha256": export.file_sha256}
    detail["left_out_for_consent"] = tables.lacking_consent(export, user).count()
    audit.record("export_downloaded", actor=user, obj=export, detail=detail)
    name = f"kirok-{export.kind}-{now:%Y%m%d-%H%M}-{str(export.public_id)[:8]}.csv"
    return ExportFile(name, text, count)


def _file(export: ExportRequest, user, now) -> tuple[str, int]:
    if export.kind == ExportKind.VICTIMS_PUBLIC:
        # Meant to be published: no account name in its heading, no watermark to trace.
        table = public_tables.build(export, user)
        columns = tables.columns(export)
        return watermark.write(table.heading(), export.public_id, columns, table.rows, marked=False)
    rows = tables.rows(export, user)
    return watermark.write(heading(export, now), export.public_id, tables.columns(export), rows)


def heading(export: ExportRequest, at) -> str:
    """The first line of the file: who, which request, when, approved by whom.

    A file meant for publication names no account: staff are targets too, and the request's
    identifier (and each row's watermark) leads back to who asked and who approved.
    """
    when = timezone.localtime(at).isoformat(timespec="seconds")
    if export.kind == ExportKind.PERSONS_PUBLIC:
        return f"Exported for publication from Kirok (request {export.public_id}) at {when}"
    approver = export.approver.get_username() if export.approver else "?"
    return (
        f"Exported by {export.requester.get_username()} (request {export.public_id}) "
        f"at {when}, approved by {approver}"
    )


def expire_overdue(now=None) -> int:
    """Mark every open request past its time as expired; returns how many."""
    now = now or timezone.now()
    overdue = ExportRequest.objects.filter(
        status__in=(ExportStatus.REQUESTED, ExportStatus.APPROVED), expires_at__lte=now
    )
    count = 0
    for export in overdue:
        with transaction.atomic():
            export = _locked(export)
            if export.status in (ExportStatus.REQUESTED, ExportStatus.APPROVED):
                before, export.status = export.status, ExportStatus.EXPIRED
                export.save(update_fields=["status"])
                detail = {**_describe(export), "was": before}
                audit.record("export_expired", actor=audit.SYSTEM, obj=export, detail=detail)
                count += 1
    return count


def trace_leak(text: str) -> tuple[ExportRequest, watermark.Trace] | None:
    """The downloaded request a copied file (or part of one) came from, if any."""
    downloaded = ExportRequest.objects.filter(status=ExportStatus.DOWNLOADED)
    found = watermark.trace(text, downloaded.values_list("public_id", flat=True))
    if found is None:
        return None
    return downloaded.get(public_id=found.request_id), found


def _locked(export: ExportRequest) -> ExportRequest:
    return (
        ExportRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "approver", "proceeding")
        .get(pk=export.pk)
    )


def _describe(export: ExportRequest) -> dict:
    return {
        "kind": export.kind,
        "requester": export.requester.get_username(),
        "cases": [str(case.public_id) for case in export.cases.all()],
        "proceeding": str(export.proceeding.public_id) if export.proceeding_id else None,
    }
