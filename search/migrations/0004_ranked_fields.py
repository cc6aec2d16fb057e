"""The search table keeps each ranked field's stems and all unstemmed words, for BM25 with field
weights: an FTS5 table over those columns on SQLite (ranked with bm25() column weights), two
generated tsvector columns with GIN indexes on PostgreSQL (`stems_vector` weighted A to D for
ts_rank_cd, `words_vector` for exact words). Rows are emptied: `manage.py search_index rebuild`
fills them (docs/search.md, "Upgrading")."""

from django.db import migrations, models

STEM_COLUMNS = ("name_stems", "summary_stems", "needs_stems", "organization_stems", "description_stems", "tags_stems")
COLUMNS = (*STEM_COLUMNS, "words")
_columns = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)

OLD_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
OLD_POSTGRESQL_DROP = ["DROP INDEX IF EXISTS search_searchentry_text_tsv"]

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE search_searchentry_fts USING fts5({_columns}, content='search_searchentry', "
    "content_rowid='page_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_searchentry_fts(rowid, {_columns}) VALUES (new.page_id, {_new}); END",
    "CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, {_columns}) "
    f"VALUES ('delete', old.page_id, {_old}); END",
    "CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, {_columns}) "
    f"VALUES ('delete', old.page_id, {_old}); "
    f"INSERT INTO search_searchentry_fts(rowid, {_columns}) VALUES (new.page_id, {_new}); END",
]
SQLITE_DROP = OLD_SQLITE_DROP
# Weights: name A; summary B; needs, categories and organisation C; description and audience tags D.
POSTGRESQL_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN stems_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', name_stems), 'A') || "
    "setweight(to_tsvector('simple', summary_stems), 'B') || "
    "setweight(to_tsvector('simple', needs_stems), 'C') || "
    "setweight(to_tsvector('simple', organization_stems), 'C') || "
    "setweight(to_tsvector('simple', description_stems), 'D') || "
    "setweight(to_tsvector('simple', tags_stems), 'D')) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN words_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED",
    "CREATE INDEX search_searchentry_stems_vector ON search_searchentry USING gin (stems_vector)",
    "CREATE INDEX search_searchentry_words_vector ON search_searchentry USING gin (words_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_searchentry_words_vector",
    "DROP INDEX IF EXISTS search_searchentry_stems_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS words_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS stems_vector",
]
OLD_SQLITE_CREATE = [
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
OLD_POSTGRESQL_CREATE = [
    "CREATE INDEX search_searchentry_text_tsv ON search_searchentry USING gin (to_tsvector('simple', text))",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def empty_rows(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchentry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": OLD_SQLITE_DROP, "postgresql": OLD_POSTGRESQL_DROP}),
            _run({"sqlite": OLD_SQLITE_CREATE, "postgresql": OLD_POSTGRESQL_CREATE}),
        ),
        migrations.RunPython(empty_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchentry", name="text"),
        *(
            migrations.AddField(model_name="searchentry", name=name, field=models.TextField(default=""))
            for name in COLUMNS
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
