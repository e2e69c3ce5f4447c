"""Model fields whose values are encrypted in the database.

An ``EncryptedTextField`` looks like a TextField to the code that uses it: models, forms and
templates see plaintext. In the database it holds a sealed token (``kv1:…``) that names the
data key that sealed it; its associated data is ``app_label.model.field``, so a token copied
into another column does not open. Encrypted values cannot be filtered or sorted in SQL:
search goes through blind indexes (kirok.security.indexing).
"""

from __future__ import annotations

from django.db import models
from django.db.models.lookups import Exact

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
        # Equality or LIKE on ciphertext would silently match nothing (every seal is
        # different); refuse loudly instead. Only "is it empty" can be asked in SQL.
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return EmptyOnlyExact
        raise TypeError(f"{self.context} is encrypted: use its blind index to search.")


class EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise TypeError(
                f"{self.lhs.target.model._meta.label_lower}.{self.lhs.target.name} is "
                "encrypted: it can only be compared with the empty string in SQL."
            )
        return super().get_prep_lookup()


class BlindIndexField(models.CharField):
    """A keyed hash of another field's search key, so that an encrypted value stays findable.

    ``source`` names the encrypted field; ``key_function`` (a dotted path) turns its
    plaintext into the search key, e.g. the names library's comparison key, which is equal
    for every romanization of one Hangul name. Recomputed on every save and bulk_create.
    """

    def __init__(self, *args, source: str = "text", key_function: str = "", **kwargs):
        self.source = source
        self.key_function = key_function
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["key_function"] = self.key_function
        for key in ("max_length", "editable", "db_index", "blank"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def search_key(self, plaintext: str) -> str:
        from django.utils.module_loading import import_string

        return import_string(self.key_function)(plaintext) if self.key_function else plaintext

    def digest_for(self, plaintext: str) -> str:
        """The stored digest of a plaintext: what a search for it must look up."""
        key = self.search_key(plaintext or "")
        return keyring.blind_index(key, purpose=self.context) if key else ""

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def pre_save(self, model_instance, add):
        value = self.digest_for(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
