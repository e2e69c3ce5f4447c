"""What each audit action code and detail key means, in the reader's language.

The log stores a stable code ("login", "export_requested"): it is what the alert rules,
`kirok audit` and anyone searching the log match on, so it never changes with the language.
The log page shows the code under a phrase a reader understands; a code this table does not
know (one a later version records) is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {
    # Accounts and sessions
    "account_created": _("Account created"),
    "role_changed": _("Role changed"),
    "login": _("Signed in"),
    "login_failed": _("Sign-in failed"),
    "lockout": _("Account locked after failed sign-ins"),
    "logout": _("Signed out"),
    "session_expired": _("Session expired"),
    "password_changed": _("Password changed"),
    "reauthenticated": _("Password confirmed again"),
    "reauth_failed": _("Password confirmation failed"),
    "two_factor_enrolled": _("Two-factor authentication set up"),
    "two_factor_verified": _("Two-factor code accepted"),
    "two_factor_reset": _("Two-factor authentication reset"),
    "recovery_codes_regenerated": _("Recovery codes replaced"),
    "access_refused": _("Access refused"),
    # Records and their history
    "created": _("Record created"),
    "updated": _("Record changed"),
    "deleted": _("Record deleted"),
    "restored": _("Earlier version restored"),
    "person_viewed": _("Person's page opened"),
    "sensitive_added": _("Sensitive detail added"),
    "sensitive_viewed": _("Sensitive detail shown"),
    "sensitive_deleted": _("Sensitive detail deleted"),
    "proceeding_person_added": _("Person added to a proceeding"),
    "history_viewed": _("Record history opened"),
    "revisions_compared": _("Versions compared"),
    "attachment_downloaded": _("File downloaded"),
    "proposals_made": _("Records proposed from a text"),
    "proposal_accepted": _("Proposed records accepted"),
    "proposal_rejected": _("Proposed records rejected"),
    "list_imported": _("Partner's list imported"),
    # Search, statistics and exports
    "search": _("Search"),
    "search_saved": _("Search saved"),
    "search_deleted": _("Saved search deleted"),
    "search_exported": _("Search results exported"),
    "statistics_downloaded": _("Statistics downloaded"),
    "export_requested": _("Export requested"),
    "export_approved": _("Export approved"),
    "export_denied": _("Export refused"),
    "export_downloaded": _("Export downloaded"),
    "export_expired": _("Export expired"),
    "attachment_exported": _("File exported"),
    # Linkage and estimation
    "linkage_run": _("Record linkage run"),
    "linkage_decided": _("Linkage decision"),
    "linkage_undone": _("Linkage merge undone"),
    "estimation_run": _("Estimate computed"),
    "estimation_saved": _("Estimate saved"),
    "estimation_rerun": _("Saved estimate run again"),
    "estimation_exported": _("Estimate exported"),
    # The log, alerts and keys
    "audit_log_viewed": _("Audit log opened"),
    "alert_raised": _("Alert raised"),
    "alert_acknowledged": _("Alert acknowledged"),
    "keys_rotated": _("Encryption keys rotated"),
    "keys_backup_exported": _("Key backup exported"),
    "backup_created": _("Backup written"),
    "backup_restored": _("Backup restored"),
    "demo_loaded": _("Demo data loaded"),
}


# The keys of an event's detail (field names, counts, ids and keyed hashes, never a name).
DETAIL_LABELS = {
    "account": pgettext_lazy("audit detail", "account"),
    "address": pgettext_lazy("audit detail", "address"),
    "bytes": pgettext_lazy("audit detail", "bytes"),
    "can_edit": pgettext_lazy("audit detail", "may edit"),
    "change": pgettext_lazy("audit detail", "change"),
    "chart": pgettext_lazy("audit detail", "chart"),
    "clusters": pgettext_lazy("audit detail", "clusters"),
    "count": pgettext_lazy("audit detail", "count"),
    "counts": pgettext_lazy("audit detail", "counts"),
    "days": pgettext_lazy("audit detail", "days"),
    "decisions": pgettext_lazy("audit detail", "decisions"),
    "extractor": pgettext_lazy("audit detail", "extractor"),
    "fields": pgettext_lazy("audit detail", "fields"),
    "files": pgettext_lazy("audit detail", "files"),
    "filters": pgettext_lazy("audit detail", "filters"),
    "fingerprint": pgettext_lazy("audit detail", "key fingerprint"),
    "format": pgettext_lazy("audit detail", "format"),
    "found": pgettext_lazy("audit detail", "found"),
    "from": pgettext_lazy("audit detail", "from"),
    "identity_changes": pgettext_lazy("audit detail", "identity changes"),
    "incident": pgettext_lazy("audit detail", "incident"),
    "incidents": pgettext_lazy("audit detail", "incidents"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "kinds": pgettext_lazy("audit detail", "kinds"),
    "left_out_for_consent": pgettext_lazy("audit detail", "left out for lack of consent"),
    "lists": pgettext_lazy("audit detail", "lists"),
    "made": pgettext_lazy("audit detail", "made"),
    "member": pgettext_lazy("audit detail", "member"),
    "method": pgettext_lazy("audit detail", "method"),
    "minutes": pgettext_lazy("audit detail", "minutes"),
    "new": pgettext_lazy("audit detail", "new"),
    "new_version": pgettext_lazy("audit detail", "new version"),
    "object_type": pgettext_lazy("audit detail", "record type"),
    "observed": pgettext_lazy("audit detail", "observed"),
    "old": pgettext_lazy("audit detail", "old"),
    "page": pgettext_lazy("audit detail", "page"),
    "pair": pgettext_lazy("audit detail", "pair"),
    "pairs": pgettext_lazy("audit detail", "pairs"),
    "part": pgettext_lazy("audit detail", "part"),
    "person": pgettext_lazy("audit detail", "person"),
    "persons": pgettext_lazy("audit detail", "persons"),
    "proposal": pgettext_lazy("audit detail", "proposal"),
    "public_id": pgettext_lazy("audit detail", "record id"),
    "query_hash": pgettext_lazy("audit detail", "search (keyed hash)"),
    "query_kind": pgettext_lazy("audit detail", "kind of search"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "recovery_codes_left": pgettext_lazy("audit detail", "recovery codes left"),
    "reencrypt": pgettext_lazy("audit detail", "re-encrypted"),
    "results": pgettext_lazy("audit detail", "results"),
    "role": pgettext_lazy("audit detail", "role"),
    "rows": pgettext_lazy("audit detail", "rows"),
    "same": pgettext_lazy("audit detail", "same result"),
    "snapshot": pgettext_lazy("audit detail", "data snapshot"),
    "sort": pgettext_lazy("audit detail", "order"),
    "source": pgettext_lazy("audit detail", "source"),
    "strata": pgettext_lazy("audit detail", "strata"),
    "threshold": pgettext_lazy("audit detail", "threshold"),
    "to": pgettext_lazy("audit detail", "to"),
    "username": pgettext_lazy("audit detail", "user name"),
    "verdict": pgettext_lazy("audit detail", "verdict"),
    "version": pgettext_lazy("audit detail", "version"),
    "victims": pgettext_lazy("audit detail", "victims"),
    "was": pgettext_lazy("audit detail", "was"),
    "with_reason": pgettext_lazy("audit detail", "with a reason"),
    "year_from": pgettext_lazy("audit detail", "from year"),
    "year_to": pgettext_lazy("audit detail", "to year"),
}


def detail_label(key: str) -> str:
    """A detail key in the active language; the key itself where the table has none."""
    found = DETAIL_LABELS.get(key)
    return str(found) if found is not None else key


def label(action: str) -> str:
    """The action in the active language; the code itself where the table has none."""
    found = LABELS.get(action)
    return str(found) if found is not None else action
