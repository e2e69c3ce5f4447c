"""Index again the texts that hold Chinese characters, now that the text index also holds
the comparison key of a name written in them (a Chinese police record's "金惠松",
kirok.lib.names.mentions): without it, "Kim Hye-song" or 김혜송 would not find those texts.

Only those texts change, so each record is read (decrypted) to look for the characters and
only the ones that hold any are indexed again: a text of Hangul and Latin script alone has
the same tokens as before. As in 0003, kirok.security.indexing.index_all reads the
historical models a batch at a time, each batch its own transaction.
"""

from django.db import migrations

SEARCHABLE = (
    ("records", "Incident", ("title", "summary")),
    ("sources", "Source", ("title", "text")),
)


def index_chinese_texts_again(apps, schema_editor):
    from kirok.lib.names import hanja
    from kirok.security import indexing

    for app_label, model_name, fields in SEARCHABLE:

        def holds_characters(record, fields=fields) -> bool:
            return any(hanja.has_hanja(getattr(record, field) or "") for field in fields)

        model = apps.get_model(app_label, model_name)
        indexing.index_all(model.objects.all(), fields, wanted=holds_characters)


class Migration(migrations.Migration):
    atomic = False  # each batch is its own transaction, as in 0003

    dependencies = [("security", "0003_index_names_in_text")]

    operations = [
        migrations.RunPython(index_chinese_texts_again, migrations.RunPython.noop, elidable=True)
    ]
