"""Kirok (기록): documenting abductions, forced repatriation, arbitrary detention and enforced
disappearance, and turning that documentation into evidence and numbers."""

from importlib import metadata


def installed_version() -> str:
    """The installed Kirok's version, as saved analyses, packages and proposals record it;
    "unknown" when running from a checkout that was not installed."""
    try:
        return metadata.version("kirok")
    except metadata.PackageNotFoundError:
        return "unknown"
