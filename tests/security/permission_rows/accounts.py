"""Permission rows for kirok.accounts' URLs (``accounts:…``), owned by the accounts app.

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Every persona logs in with ``client.force_login``, which tests/conftest.py turns into a
completed login: two-factor passed with an authenticator, just now (so it also counts as a
recent confirmation). Hence:

- the set-up and code pages send a session that has already passed two-factor on (302);
- the two-factor page and the confirmation page answer every account (200);
- new recovery codes (POST) are made for every account and shown (200).

None of these pages concerns a record; the case makes no difference. The steps before
two-factor is passed are tested in tests/test_accounts_two_factor.py.
"""

EVERY_ACCOUNT = "302 200 200 200 200 200 200"
SENT_ON = "302 302 302 302 302 302 302"

ROWS: dict[str, dict] = {
    "accounts:two_factor": {"inside": EVERY_ACCOUNT, "outside": EVERY_ACCOUNT},
    "accounts:two_factor_enrol": {"inside": SENT_ON, "outside": SENT_ON},
    "accounts:two_factor_verify": {"inside": SENT_ON, "outside": SENT_ON},
    "accounts:recovery_codes": {
        "method": "POST",
        "inside": EVERY_ACCOUNT,
        "outside": EVERY_ACCOUNT,
    },
    "accounts:confirm": {"inside": EVERY_ACCOUNT, "outside": EVERY_ACCOUNT},
}
