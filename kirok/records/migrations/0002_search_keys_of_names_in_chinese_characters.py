"""Recompute the search key of every name written in Chinese characters, now that a
character inside a name keeps its ㄹ (恩蘭 reads 은란, no longer 은난; kirok.lib.names.hanja):
without it, a name such as 全恩蘭 recorded before this version would not be found by 전은란.

The search key is a keyed hash of the names library's comparison key, computed on save
(kirok.security.fields.BlindIndexField), so each such name is saved again with only that
field; names in Hangul or Latin letters keep theirs. Each batch is its own transaction.
"""

from django.db import migrations

BATCH = 500


def recompute(apps, schema_editor):
    from kirok.lib.names import hanja

    names = apps.get_model("records", "PersonName")
    ids = list(names.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        for name in names.objects.filter(pk__in=ids[start : start + BATCH]).only("pk", "text"):
            if hanja.has_hanja(name.text or ""):
                name.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    atomic = False  # each batch (each save) is its own transaction

    dependencies = [("records", "0001_domain_model")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
