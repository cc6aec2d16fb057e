"""A token that changes with every change to the search table, set by triggers in the same
transaction (see `search.models.SearchTableVersion`): per row on SQLite, per statement (including
TRUNCATE) on PostgreSQL. Other databases have no text search in the database backend."""

from django.db import migrations, models

SQLITE_BUMP = "UPDATE search_searchtableversion SET token = lower(hex(randomblob(16)))"
SQLITE_CREATE = [
    f"CREATE TRIGGER search_searchentry_version_{event.lower()} AFTER {event} ON search_searchentry "
    f"BEGIN {SQLITE_BUMP}; END"
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS search_searchentry_version_{e}" for e in ("insert", "update", "delete")]
POSTGRESQL_CREATE = [
    "CREATE FUNCTION search_searchentry_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE search_searchtableversion SET token = md5(random()::text || clock_timestamp()::text); "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_searchentry_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    "ON search_searchentry FOR EACH STATEMENT EXECUTE FUNCTION search_searchentry_version_bump()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_version ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_searchentry_version_bump()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def first_token(apps, schema_editor):
    import uuid

    apps.get_model("search", "SearchTableVersion").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_phrases_stay_in_one_field")]

    operations = [
        migrations.CreateModel(
            name="SearchTableVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=40)),
            ],
            options={"verbose_name": "search table version"},
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
