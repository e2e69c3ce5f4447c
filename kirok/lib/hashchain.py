"""Hash chains: each entry's hash covers its content and the hash of the entry before.

Used by the audit log and by attachments' chains of custody. Removing, reordering or
altering any entry changes every hash after it.

>>> first = entry_hash({"action": "received"}, GENESIS)
>>> entry_hash({"action": "received"}, GENESIS) == first
True
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64  # the "previous hash" of the first entry


def entry_hash(payload: dict, previous: str) -> str:
    """SHA-256 of the payload (canonical JSON: sorted keys, UTF-8) and the previous hash."""
    encoded = json.dumps(
        {**payload, "previous": previous}, sort_keys=True, ensure_ascii=False, default=str
    ).encode()
    return hashlib.sha256(encoded).hexdigest()
