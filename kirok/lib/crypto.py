"""Envelope encryption and keyed blind indexes, with no Django in it.

Kirok encrypts names, birth dates, contact details, testimony and attachments so that a copy
of the database or of a backup reveals none of them. The scheme:

* A **master key** (32 random bytes) lives outside the database, in a file readable only by
  Kirok's account. It never encrypts data itself.
* **Data keys** encrypt the data. They are stored in the database *wrapped* (encrypted) by
  the master key, so rotating the master key only re-wraps a few small keys.
* Values are sealed with **AES-256-GCM** (authenticated: a changed byte fails to open, it
  does not decrypt to garbage). The associated data names where a value belongs
  (e.g. ``records.personname.text``), so a ciphertext moved to another column fails to open.
* **Blind indexes** make encrypted data searchable: a keyed hash (HMAC-SHA-256) of a search
  token, e.g. a name's comparison key. Without the index key, the hashes say nothing; the
  same token always gives the same hash, so equality search still works. (Known limit: an
  attacker with the database sees which records share a token, and how often tokens occur.)

>>> master = MasterKey.generate()
>>> data_key = DataKey.generate(key_id=1)
>>> wrapped = master.wrap(data_key)
>>> opened = master.unwrap(wrapped, key_id=1)
>>> token = seal("김혜송", opened, context="records.personname.text")
>>> open_sealed(token, {1: opened}, context="records.personname.text")
'김혜송'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SEALED_PREFIX = "kv1:"
MASTER_FILE_HEADER = "kirok-master-key-v1"
BACKUP_HEADER = b"kirok-key-backup-v1\n"


class CryptoError(Exception):
    """A key is missing or wrong, or a ciphertext was altered. Never silently ignored."""


@dataclass(frozen=True)
class DataKey:
    """A key that encrypts data; ``key_id`` tells which key sealed a value."""

    key_id: int
    secret: bytes

    @classmethod
    def generate(cls, key_id: int) -> DataKey:
        return cls(key_id, secrets.token_bytes(KEY_BYTES))


@dataclass(frozen=True)
class MasterKey:
    """The key that wraps data keys. Its fingerprint identifies it without revealing it."""

    secret: bytes

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(b"kirok-master-fingerprint" + self.secret).hexdigest()[:16]

    def wrap(self, data_key: DataKey) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        aad = _wrap_context(data_key.key_id)
        return nonce + AESGCM(self.secret).encrypt(nonce, data_key.secret, aad)

    def unwrap(self, wrapped: bytes, key_id: int) -> DataKey:
        nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            secret = AESGCM(self.secret).decrypt(nonce, body, _wrap_context(key_id))
        except InvalidTag:
            raise CryptoError(
                f"Data key {key_id} does not open with this master key "
                f"(fingerprint {self.fingerprint}): wrong or replaced master key file."
            ) from None
        return DataKey(key_id, secret)


def _wrap_context(key_id: int) -> bytes:
    return f"kirok-data-key:{key_id}".encode()


def seal(plaintext: str, key: DataKey, *, context: str) -> str:
    """Encrypt text into a printable token: ``kv1:`` + base64(key id, nonce, ciphertext)."""
    return SEALED_PREFIX + base64.b64encode(
        seal_bytes(plaintext.encode("utf-8"), key, context=context)
    ).decode("ascii")


def open_sealed(token: str, keys: dict[int, DataKey], *, context: str) -> str:
    """Decrypt a token made by :func:`seal`; raises CryptoError if it was altered or moved."""
    if not token.startswith(SEALED_PREFIX):
        raise CryptoError(f"Not an encrypted value (expected {SEALED_PREFIX!r} prefix).")
    try:
        raw = base64.b64decode(token[len(SEALED_PREFIX) :], validate=True)
    except ValueError:
        raise CryptoError("An encrypted value is corrupt (not base64).") from None
    return open_bytes(raw, keys, context=context).decode("utf-8")


def is_sealed(value: str) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def seal_bytes(plaintext: bytes, key: DataKey, *, context: str) -> bytes:
    """Encrypt bytes: 4-byte key id, 12-byte nonce, ciphertext with its 16-byte tag."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = AESGCM(key.secret).encrypt(nonce, plaintext, context.encode())
    return struct.pack(">I", key.key_id) + nonce + body


def open_bytes(sealed: bytes, keys: dict[int, DataKey], *, context: str) -> bytes:
    if len(sealed) < 4 + NONCE_BYTES + 16:
        raise CryptoError("An encrypted value is too short to be genuine.")
    (key_id,) = struct.unpack(">I", sealed[:4])
    key = keys.get(key_id)
    if key is None:
        raise CryptoError(f"The data key {key_id} that sealed this value is not available.")
    nonce, body = sealed[4 : 4 + NONCE_BYTES], sealed[4 + NONCE_BYTES :]
    try:
        return AESGCM(key.secret).decrypt(nonce, body, context.encode())
    except InvalidTag:
        raise CryptoError(
            f"An encrypted value failed its integrity check ({context}): it was altered, "
            "moved from another field, or sealed with a different key."
        ) from None


def sealed_key_id(token: str) -> int:
    """Which data key sealed a token (used by re-encryption to skip up-to-date values)."""
    raw = base64.b64decode(token[len(SEALED_PREFIX) :])
    return struct.unpack(">I", raw[:4])[0]


def blind_index(token: str, key: DataKey, *, purpose: str) -> str:
    """A keyed hash of a search token: 32 hex characters, equal for equal tokens.

    >>> k = DataKey(1, bytes(32))
    >>> blind_index("kimhyesong", k, purpose="name") == blind_index("kimhyesong", k, purpose="name")
    True
    """
    message = purpose.encode() + b"\x00" + token.encode("utf-8")
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()[:32]


# --- the master key file ------------------------------------------------------------------


def write_master_key(path: Path, key: MasterKey) -> None:
    """Write a new key file with mode 0600; refuses to overwrite an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"{MASTER_FILE_HEADER}:{base64.b64encode(key.secret).decode()}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)


def read_master_key(path: Path) -> MasterKey:
    """Read the key file; a missing, malformed or world-readable file is a CryptoError."""
    if not path.exists():
        raise CryptoError(f"The master key file {path} does not exist.")
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise CryptoError(f"The master key file {path} is readable by others; chmod 600 it.")
    header, _, encoded = path.read_text("ascii").strip().partition(":")
    try:
        secret = base64.b64decode(encoded, validate=True)
    except ValueError:
        secret = b""
    if header != MASTER_FILE_HEADER or len(secret) != KEY_BYTES:
        raise CryptoError(f"{path} is not a Kirok master key file.")
    return MasterKey(secret)


# --- passphrase-protected backups of the master key -----------------------------------------


def _passphrase_key(passphrase: str, salt: bytes) -> bytes:
    # scrypt with n=2**15 costs ~0.1 s and 32 MiB: cheap once, expensive to guess at scale.
    return Scrypt(salt=salt, length=KEY_BYTES, n=2**15, r=8, p=1).derive(passphrase.encode())


def export_backup(key: MasterKey, passphrase: str) -> bytes:
    """The master key sealed with a passphrase, for keeping offline (paper, safe, USB)."""
    if len(passphrase) < 12:
        raise CryptoError("A backup passphrase needs at least 12 characters.")
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_passphrase_key(passphrase, salt)).encrypt(nonce, key.secret, BACKUP_HEADER)
    return BACKUP_HEADER + base64.b64encode(salt + nonce + sealed) + b"\n"


def import_backup(blob: bytes, passphrase: str) -> MasterKey:
    if not blob.startswith(BACKUP_HEADER):
        raise CryptoError("Not a Kirok key backup.")
    raw = base64.b64decode(blob[len(BACKUP_HEADER) :].strip())
    salt, nonce, sealed = raw[:16], raw[16 : 16 + NONCE_BYTES], raw[16 + NONCE_BYTES :]
    try:
        secret = AESGCM(_passphrase_key(passphrase, salt)).decrypt(nonce, sealed, BACKUP_HEADER)
    except InvalidTag:
        raise CryptoError("Wrong passphrase, or the backup was altered.") from None
    return MasterKey(secret)
