"""The process's keys: the master key from its file, the data keys unwrapped from the DB.

Everything that encrypts, decrypts or computes a blind index asks this module for keys. A
missing or wrong master key raises CryptoError at the first use: Kirok never falls back to
storing plaintext.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kirok.lib import crypto
from kirok.security.models import DataKey as StoredKey
from kirok.security.models import Purpose

_lock = threading.Lock()
_cache: dict[str, object] = {}


def master_key_path() -> Path:
    configured = os.environ.get("KIROK_MASTER_KEY_FILE", "").strip()
    return Path(configured).expanduser() if configured else Path(settings.DATA_DIR) / "master.key"


def master_key() -> crypto.MasterKey:
    with _lock:
        if "master" not in _cache:
            _cache["master"] = crypto.read_master_key(master_key_path())
        return _cache["master"]


def create_master_key() -> bool:
    """Create the master key file if there is none; True if one was created."""
    path = master_key_path()
    if path.exists():
        return False
    crypto.write_master_key(path, crypto.MasterKey.generate())
    forget()
    return True


def forget() -> None:
    """Drop cached keys (after a rotation, or between tests)."""
    with _lock:
        _cache.clear()


def _load(purpose: str) -> tuple[crypto.DataKey | None, dict[int, crypto.DataKey]]:
    master = master_key()
    keys, active = {}, None
    for stored in StoredKey.objects.filter(purpose=purpose):
        key = master.unwrap(bytes(stored.wrapped), key_id=stored.pk)
        keys[stored.pk] = key
        if stored.is_active:
            active = key
    return active, keys


def _ensure_active(purpose: str) -> None:
    with transaction.atomic():
        if not StoredKey.objects.select_for_update().filter(purpose=purpose, is_active=True):
            create_data_key(purpose)


def create_data_key(purpose: str) -> StoredKey:
    """A new active data key for a purpose, wrapped with the current master key."""
    master = master_key()
    StoredKey.objects.filter(purpose=purpose, is_active=True).update(is_active=False)
    stored = StoredKey.objects.create(
        purpose=purpose, wrapped=b"", master_fingerprint=master.fingerprint
    )
    key = crypto.DataKey.generate(stored.pk)
    stored.wrapped = master.wrap(key)
    stored.save(update_fields=["wrapped"])
    forget()
    return stored


def keys_for(purpose: str) -> tuple[crypto.DataKey, dict[int, crypto.DataKey]]:
    """The active key of a purpose (created on first use) and every key that may open data."""
    cache_key = f"keys:{purpose}"
    with _lock:
        cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    active, keys = _load(purpose)
    if active is None:
        _ensure_active(purpose)
        active, keys = _load(purpose)
    with _lock:
        _cache[cache_key] = (active, keys)
    return active, keys


def seal(text: str, context: str) -> str:
    active, _ = keys_for(Purpose.FIELDS)
    return crypto.seal(text, active, context=context)


def open_sealed(token: str, context: str) -> str:
    _, keys = keys_for(Purpose.FIELDS)
    return crypto.open_sealed(token, keys, context=context)


# A sealed token in an address is short; anything longer was not made by seal().
LONGEST_ADDRESS_TOKEN = 2000


def open_from_address(token: str, context: str) -> str | None:
    """The text of a token that a page put in an address with :func:`seal` (a searched name
    or words, kept out of browser history in clear); None when it cannot be opened any more
    (the keys were rotated since, or the token was altered)."""
    try:
        return open_sealed(token[:LONGEST_ADDRESS_TOKEN], context=context)
    except crypto.CryptoError:
        return None


def blind_index(token: str, purpose: str) -> str:
    active, _ = keys_for(Purpose.INDEX)
    return crypto.blind_index(token, active, purpose=purpose)
