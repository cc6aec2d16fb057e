"""PostgreSQL: keep the two tsvector columns in the row, uncompressed, unless a row cannot fit a
page any other way (STORAGE MAIN: the toaster first compresses and moves the text columns out).

With the default (EXTENDED) a service's vectors, 700-1,000 bytes each, went to the TOAST table or
were compressed, and every `@@` and `ts_rank` in a search fetched and unpacked them again: a ranked
search for "support speech" over 10,000 services read 31,895 buffers in 27 ms; in the row, 2,601
buffers in 17 ms (docs/performance.md). A service with a very long description still fits: MAIN
moves a value out of line as a last resort, where PLAIN would refuse the row.

The rows are rewritten (the vectors are generated columns, made again by any UPDATE) so the new
storage applies to what is already indexed."""

from django.db import migrations

VECTORS = ("stems_vector", "words_vector")


def storage(kind):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in VECTORS)
        schema_editor.execute(f"ALTER TABLE search_searchentry {columns}")
        schema_editor.execute("UPDATE search_searchentry SET words = words")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_searchtableversion")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
