"""On PostgreSQL, a phrase must match inside one field, as FTS5's column filter does on SQLite.

`tsvector || tsvector` numbers the right-hand field's words straight after the left-hand field's
last word, so "speech" ending a name and "language therapy" starting the summary matched the
phrase "speech and language therapy". Each field is now followed by one filler lexeme ("|", which
no query can contain: query words are only letters and digits), so the next field starts two
positions on and `<->` (exactly one apart) cannot cross. ts_rank_cd counts only the query's
lexemes, so the filler changes no score. SQLite is unchanged."""

from django.db import migrations

FIELDS = (
    ("name_stems", "A"),
    ("summary_stems", "B"),
    ("needs_stems", "C"),
    ("organization_stems", "C"),
    ("description_stems", "D"),
    ("tags_stems", "D"),
)
GAP = "'''|'':1'::tsvector"  # the tsvector '|':1


def _vector(gap: bool) -> str:
    joiner = f" || {GAP} || " if gap else " || "
    return joiner.join(f"setweight(to_tsvector('simple', {column}), '{weight}')" for column, weight in FIELDS)


def _replace(gap: bool) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_searchentry_stems_vector",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS stems_vector",
        f"ALTER TABLE search_searchentry ADD COLUMN stems_vector tsvector GENERATED ALWAYS AS ({_vector(gap)}) STORED",
        "CREATE INDEX search_searchentry_stems_vector ON search_searchentry USING gin (stems_vector)",
    ]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_glossary_one_phrase_per_line")]

    operations = [migrations.RunPython(_run(_replace(gap=True)), _run(_replace(gap=False)))]
