"""Key management: creating, rotating and backing up the keys (the `kirok keys` command)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import transaction

from kirok.lib import crypto
from kirok.security import indexing, keyring
from kirok.security.fields import BlindIndexField, EncryptedTextField
from kirok.security.models import DataKey, Purpose


def ensure_keys() -> bool:
    """Create the master key file and one data key per purpose if missing (`kirok init`).

    Returns True if a new master key was written.
    """
    created = keyring.create_master_key()
    for purpose in Purpose.values:
        keyring.keys_for(purpose)
    return created


@dataclass(frozen=True)
class KeyStatus:
    master_path: Path
    master_fingerprint: str
    data_keys: list[tuple[int, str, bool, str]]  # id, purpose, active, master fingerprint


def status() -> KeyStatus:
    """Describe the keys; raises CryptoError if the master key cannot open a data key."""
    master = keyring.master_key()
    rows = []
    for stored in DataKey.objects.order_by("pk"):
        master.unwrap(bytes(stored.wrapped), key_id=stored.pk)  # proves it opens
        rows.append((stored.pk, stored.purpose, stored.is_active, stored.master_fingerprint))
    return KeyStatus(keyring.master_key_path(), master.fingerprint, rows)


def rotate_master_key() -> str:
    """Re-wrap every data key with a new master key; returns the new fingerprint.

    The new key is written beside the old one first, the data keys are re-wrapped in one
    transaction, and only then does the new file replace the old: a crash leaves either the
    old key with the old wrapping, or `master.key.new` that `kirok doctor` points to.
    """
    path = keyring.master_key_path()
    old = keyring.master_key()
    new = crypto.MasterKey.generate()
    staging = path.with_name(path.name + ".new")
    if staging.exists():
        staging.unlink()
    crypto.write_master_key(staging, new)
    with transaction.atomic():
        for stored in DataKey.objects.select_for_update().order_by("pk"):
            key = old.unwrap(bytes(stored.wrapped), key_id=stored.pk)
            stored.wrapped = new.wrap(key)
            stored.master_fingerprint = new.fingerprint
            stored.save(update_fields=["wrapped", "master_fingerprint"])
    os.replace(staging, path)
    keyring.forget()
    return new.fingerprint


def encrypted_models() -> list[tuple[type, list[str], list[str]]]:
    """Every model with encrypted fields: (model, encrypted field names, blind index names)."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        indexes = [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if fields or indexes:
            found.append((model, [f.name for f in fields], indexes))
    return found


def reencrypt_all(progress=None) -> dict[str, int]:
    """New data keys for every purpose, every value sealed again, every index recomputed.

    Old keys stay (inactive) so that anything not yet re-sealed can still be read; they are
    deleted at the end, once nothing refers to them.
    """
    old_ids = list(DataKey.objects.values_list("pk", flat=True))
    for purpose in Purpose.values:
        keyring.create_data_key(purpose)
    counts: dict[str, int] = {}
    for model, fields, index_fields in encrypted_models():
        counts[model._meta.label_lower] = _reseal(model, fields + index_fields, progress)
    for model in searchable_models():
        indexing.index_all(model.objects.all(), model.SEARCHABLE_TEXT)
    DataKey.objects.filter(pk__in=old_ids).delete()
    keyring.forget()
    return counts


def _reseal(model, field_names: list[str], progress, batch: int = 500) -> int:
    # Reading opens each value with whichever key sealed it; saving seals it with the new
    # active key (bulk_update calls get_prep_value) and recomputes blind indexes (pre_save
    # is not called by bulk_update, so the digests are set here explicitly).
    total = model.objects.count()
    done = 0
    blind = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    for start in range(0, total, batch):
        with transaction.atomic():
            rows = list(model.objects.order_by("pk")[start : start + batch])
            for row in rows:
                for field in blind:
                    setattr(row, field.attname, field.digest_for(getattr(row, field.source)))
                for name in field_names:
                    # Force a fresh seal: the value in memory is plaintext again.
                    setattr(row, name, getattr(row, name))
            model.objects.bulk_update(rows, field_names, batch_size=batch)
        done += len(rows)
        if progress:
            progress(model._meta.label_lower, done, total)
    return total


def searchable_models() -> list[type]:
    return [m for m in apps.get_models() if getattr(m, "SEARCHABLE_TEXT", None)]


def export_backup(passphrase: str) -> bytes:
    return crypto.export_backup(keyring.master_key(), passphrase)
