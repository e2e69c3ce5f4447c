"""Recompute the search key of every name written in Chinese characters, now that a given
name's character reads as schools teach it before a rarer reading the list of name
characters adds (純 순, not 준; 實 실; 昭 소; 辰 진; kirok.lib.names.hanja): without it, a name
such as 金純姬 recorded before this version would not be found by 김순희.

The recomputation is 0002's: each name with characters is saved again with only its search
key; names in Hangul or Latin letters keep theirs.
"""

from importlib import import_module

from django.db import migrations

recompute = import_module(
    "kirok.records.migrations.0002_search_keys_of_names_in_chinese_characters"
).recompute


class Migration(migrations.Migration):
    atomic = False  # each batch (each save) is its own transaction

    dependencies = [("records", "0002_search_keys_of_names_in_chinese_characters")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
