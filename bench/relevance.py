"""Relevance benchmark: the judged North Lincolnshire queries on each backend.

    .venv/bin/python bench/relevance.py [--elasticsearch-url http://127.0.0.1:9250] [--queries]

Loads tests/search/relevance/ (real services, graded queries) into its own SQLite file under
.cache/bench, indexes it on each backend and prints, per backend, split (tune, held_out, all) and
query kind (plain, natural, jargon, typo): nDCG@10, P@5, R@20 and the number of queries with no
results. With --queries, each query's nDCG@10 and top five too. Ready for docs/search.md.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_TEST_URL", ""))
    parser.add_argument("--queries", action="store_true", help="Print each query's figures and top five")
    args = parser.parse_args()
    bench_dir = ROOT / ".cache" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "relevance.sqlite3"
    for path in bench_dir.glob("relevance.sqlite3*"):
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from localoffer.models import DirectoryIndexPage, HomePage
    from search.backends import build_backend
    from tests.search.relevance import KINDS, load_directory, run, summarise

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    for child in root.get_children():
        Site.objects.filter(root_page=child).delete()
        child.delete()
    home = root.add_child(instance=HomePage(title="Local Offer", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    load_directory(home.add_child(instance=DirectoryIndexPage(title="Find services", slug="services")))

    backends = [("database", build_backend("database"))]
    if args.elasticsearch_url:
        backends.append(
            (
                "elasticsearch",
                build_backend("elasticsearch", url=args.elasticsearch_url, index_prefix=f"rel-{os.getpid()}"),
            )
        )
    print("| backend | split | query kind | queries | nDCG@10 | P@5 | R@20 | zero results |")
    print("|---|---|---|---|---|---|---|---|")
    per_query = []
    for name, backend in backends:
        if name == "elasticsearch":
            backend.refresh = "wait_for"
        backend.rebuild()
        rows = run(backend)
        summary = summarise(rows)
        for split in ("tune", "held_out", "all"):
            for kind in (*KINDS, "all"):
                figures = summary.get((split, kind))
                if figures:
                    print(
                        f"| {name} | {split} | {kind} | {figures['queries']} | {figures['ndcg@10']:.2f} | "
                        f"{figures['p@5']:.2f} | {figures['r@20']:.2f} | {figures['zero']:.0f} |"
                    )
        per_query += [(name, row) for row in rows]
        if name == "elasticsearch":
            backend.delete_indices()
    if args.queries:
        print()
        for name, row in per_query:
            print(
                f"{name:13} {row['split']:8} {row['kind']:7} {row['ndcg@10']:.2f} {row['text']!r}: {row['ranked'][:5]}"
            )


if __name__ == "__main__":
    main()
