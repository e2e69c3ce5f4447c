"""Shared fixtures. The database is chosen by tests/plugins/database.py (loaded via addopts)."""

pytest_plugins = ["tests.plugins.browser"]
