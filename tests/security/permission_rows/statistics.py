"""Permission rows for kirok.statistics' URLs (``statistics:…``).

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Every signed-in account opens the dashboard and its downloads; what it counts is limited to
the records it may see (tests/test_statistics.py checks the numbers, and the matrix checks
that no persona outside the case finds the case's secret in the page).
"""

EVERYONE_SIGNED_IN = "302 200 200 200 200 200 200"

ROWS = {
    "statistics:dashboard": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "statistics:chart_csv": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "statistics:chart_svg": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
}
