"""Model fields whose values are encrypted in the database.

An ``EncryptedTextField`` looks like a TextField to the code that uses it: models, forms and
templates see plaintext. In the database it holds a sealed token (``kv1:…``) that names the
data key that sealed it; its associated data is ``app_label.model.field``, so a token copied
into another column does not open. Encrypted values cannot be filtered or sorted in SQL:
search goes through blind indexes (kirok.security.indexing).
"""

from __future__ import annotations

from django.db import models

from kirok.lib import crypto
from kirok.security import keyring


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest with AES-256-GCM"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("blank", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or crypto.is_sealed(value):
            # Empty stays empty (it reveals only that nothing was written); an already
            # sealed token (re-encryption, raw copies) is stored as it is.
            return value
        return keyring.seal(value, self.context)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return keyring.open_sealed(value, self.context)

    def to_python(self, value):
        if isinstance(value, str) and crypto.is_sealed(value):
            return keyring.open_sealed(value, self.context)
        return super().to_python(value)

    def get_lookup(self, lookup_name):
        # Equality or LIKE on ciphertext would silently match nothing; refuse loudly instead.
        if lookup_name not in ("isnull", "exact", "in"):
            raise TypeError(f"{self.context} is encrypted: use its blind index to search.")
        return super().get_lookup(lookup_name)
