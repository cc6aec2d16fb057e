"""The database backend's search table, and its full-text index: an FTS5 table kept in step by
triggers on SQLite, a GIN index on to_tsvector('simple', text) on PostgreSQL. Other databases get
the table only (and cannot run the database backend's text search)."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_searchentry_fts USING fts5("
    "text, content='search_searchentry', content_rowid='page_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(rowid, text) VALUES (new.page_id, new.text); END",
    "CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, text) VALUES ('delete', old.page_id, old.text); "
    "END",
    "CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, text) VALUES ('delete', old.page_id, old.text); "
    "INSERT INTO search_searchentry_fts(rowid, text) VALUES (new.page_id, new.text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX search_searchentry_text_tsv ON search_searchentry USING gin (to_tsvector('simple', text))",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS search_searchentry_text_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


create_text_index = _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE})
drop_text_index = _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("localoffer", "0003_cost_amount_message"),
        ("search", "0002_seed_send_glossary"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="localoffer.servicepage",
                    ),
                ),
                ("text", models.TextField()),
                ("title_words", models.TextField()),
                ("title_sort", models.CharField(max_length=255)),
                ("minimum_age", models.PositiveSmallIntegerField()),
                ("maximum_age", models.PositiveSmallIntegerField()),
                ("is_free", models.BooleanField()),
                ("need_codes", models.TextField(blank=True)),
                ("category_codes", models.TextField(blank=True)),
                ("delivery_methods", models.TextField(blank=True)),
                ("areas", models.TextField(blank=True)),
                ("points", models.TextField(blank=True)),
                ("latitude_min", models.FloatField(null=True)),
                ("latitude_max", models.FloatField(null=True)),
                ("longitude_min", models.FloatField(null=True)),
                ("longitude_max", models.FloatField(null=True)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.RunPython(create_text_index, drop_text_index),
    ]
