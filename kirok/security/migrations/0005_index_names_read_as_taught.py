"""Index again the texts that hold Chinese characters, now that a name written in them
reads as schools teach its characters (金純姬 as 김순희, no longer 김준희;
kirok.lib.names.hanja): the text index holds the comparison key of each name a text may
give, and 김순희 or "Kim Sun-hui" would not find a text keyed as before.

The work is 0004's: only the texts that hold such characters are indexed again.
"""

from importlib import import_module

from django.db import migrations

index_chinese_texts_again = import_module(
    "kirok.security.migrations.0004_index_names_in_chinese_characters"
).index_chinese_texts_again


class Migration(migrations.Migration):
    atomic = False  # each batch is its own transaction, as in 0003

    dependencies = [("security", "0004_index_names_in_chinese_characters")]

    operations = [
        migrations.RunPython(index_chinese_texts_again, migrations.RunPython.noop, elidable=True)
    ]
