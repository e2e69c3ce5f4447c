"""Index again every searchable text, now that the text index holds the comparison key of
every place a text may name a person (``n:`` tokens, kirok.lib.names.mentions): without
them, a name would find only the texts written or changed after this version.

The index's tokens are made by the code of this version (kirok.security.indexing, index_all),
not by the schema, so this migration calls it on the historical models, a batch at a time.
Each batch is its own transaction (the migration is not atomic), so running it again after a
failure simply indexes again.

Every token row is replaced: on PostgreSQL that leaves the old ones as dead rows, and the
planner's statistics describe the old table until autovacuum comes round. At 100,000
incidents (28 million rows) a search then took 146 ms in SQL instead of 20; so the table is
vacuumed and analysed at the end (32 s there).
"""

from django.db import migrations

SEARCHABLE = (
    ("records", "Incident", ("title", "summary")),
    ("sources", "Source", ("title", "text")),
)


def index_again(apps, schema_editor):
    from kirok.security import indexing

    for app_label, model_name, fields in SEARCHABLE:
        indexing.index_all(apps.get_model(app_label, model_name).objects.all(), fields)
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        table = apps.get_model("security", "TextToken")._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run inside a transaction

    dependencies = [
        ("security", "0002_covering_text_token_index"),
        ("records", "0001_domain_model"),
        ("sources", "0002_proposals"),
    ]

    operations = [migrations.RunPython(index_again, migrations.RunPython.noop, elidable=True)]
