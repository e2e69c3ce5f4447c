"""Keep the blind full-text index in step with the records that declare SEARCHABLE_TEXT."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from kirok.security import indexing


def _reindex(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_records([instance], sender.SEARCHABLE_TEXT)


def _forget(sender, instance, **kwargs):
    indexing.forget_record(instance)


def connect() -> None:
    from kirok.security.services import searchable_models

    for model in searchable_models():
        post_save.connect(_reindex, sender=model, dispatch_uid=f"index:{model._meta.label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"forget:{model._meta.label}")
