"""What each audit action code means, in the reader's language.

The log stores a stable code ("login", "export_requested"): it is what the alert rules,
`kirok audit` and anyone searching the log match on, so it never changes with the language.
The log page shows the code under a phrase a reader understands; a code this table does not
know (one a later version records) is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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


def label(action: str) -> str:
    """The action in the active language; the code itself where the table has none."""
    found = LABELS.get(action)
    return str(found) if found is not None else action
