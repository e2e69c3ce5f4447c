"""Index again the texts that hold Chinese characters, now that the text index also holds
the comparison key of a name written in them (a Chinese police record's "金惠松",
kirok.lib.names.mentions): without it, "Kim Hye-song" or 김혜송 would not find those texts.

Only those texts change, so each record is read (decrypted) to look for the characters and
only the ones that hold any are indexed again: a text of Hangul and Latin script alone has
the same tokens as before. As in 0003, the models are the historical ones, read a batch at
a time, each batch its own transaction, and the tokens are made by the code of this version.
"""

from django.db import migrations

SEARCHABLE = (
    ("records", "Incident", ("title", "summary")),
    ("sources", "Source", ("title", "text")),
)
BATCH = 500


def index_chinese_texts_again(apps, schema_editor):
    from kirok.lib.names import hanja
    from kirok.security import indexing

    for app_label, model_name, fields in SEARCHABLE:
        model = apps.get_model(app_label, model_name)
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = model.objects.filter(pk__in=ids[start : start + BATCH]).only("pk", *fields)
            indexing.index_records(
                [r for r in batch if any(hanja.has_hanja(getattr(r, f) or "") for f in fields)],
                fields,
            )


class Migration(migrations.Migration):
    atomic = False  # each batch is its own transaction, as in 0003

    dependencies = [("security", "0003_index_names_in_text")]

    operations = [
        migrations.RunPython(index_chinese_texts_again, migrations.RunPython.noop, elidable=True)
    ]
