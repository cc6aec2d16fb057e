"""Search benchmark: generate N services, index them, time 200 searches on each backend.

    .venv/bin/python bench/search_benchmark.py --services 1000 [--services 10000] \
        [--elasticsearch-url http://127.0.0.1:9250]

Uses its own SQLite file under .cache/bench (never the project database) and, for Elasticsearch,
an index prefix of its own that it deletes afterwards. Services are generated with the search
signals off; each backend then indexes them in bulk (the database backend writes its search table
and reads its vocabulary), which is the "index docs/s" column. Prints one Markdown table row per backend
and size, ready for docs/performance.md. Reports: indexing throughput (docs/s), search latency
p50/p95 over a fixed mix of 200 queries (text, text + postcode, filters only), directory page render
p50/p95 (database backend, 50 requests through Django's test client), SQL queries per results page
and peak memory (max RSS of this process); then a second table with p50/p95 per query kind and, for
Elasticsearch, the node's own `took` beside the whole call (the rest is the client, the HTTP round
trip and Python). The load average is printed on stderr before and after.
"""

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "support group play sessions children young people families parents carers after school holiday club "
    "swimming music drama sport football trampoline sensory room outreach assessment clinic therapy advice "
    "drop in coffee morning training workshop mentoring transition college employment independent living "
    "short breaks respite home visits key working communication social skills confidence wellbeing"
).split()
NEEDS = [
    ("autism", "Autism"),
    ("adhd", "ADHD"),
    ("speech", "Speech, language and communication"),
    ("physical", "Physical disability"),
    ("sensory", "Sensory impairment"),
    ("learning", "Learning disability"),
    ("semh", "Social, emotional and mental health"),
]
CATEGORIES = [("health", "Health"), ("education", "Education"), ("leisure", "Leisure"), ("advice", "Advice")]
OUTCODES = ["NW1", "NW3", "NW5", "NW6", "N6", "N7", "N19", "WC1H", "WC1X", "RM1", "RM3", "RM7", "RM11", "RM14"]
PHRASES = ["autism", "ASD", "speech therapy", "SALT", "autisim", "swimming", "sensory", "OT", "ADHD support", "respite"]


def setup_django(database_path: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # One client sends every request: the per-client limit would answer 429 (empty: no limit).
    os.environ.setdefault("SEARCH_RATE_LIMIT", "")
    os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()


def generate(count: int, seed: int = 4):
    """Create `count` published services with realistic text, needs, ages and 1-3 locations each."""
    from decimal import Decimal

    from django.db import transaction
    from wagtail.models import Page, Site

    from localoffer.models import (
        DirectoryIndexPage,
        HomePage,
        Location,
        Organization,
        ServiceAtLocation,
        ServicePage,
        Taxonomy,
        TaxonomyTerm,
    )
    from places.postcodes import _outcode_centroids

    rng = random.Random(seed)
    root = Page.get_first_root_node()
    for child in root.get_children():
        Site.objects.filter(root_page=child).delete()
        child.delete()
    home = root.add_child(instance=HomePage(title="Local Offer", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    directory = home.add_child(instance=DirectoryIndexPage(title="Find services", slug="services"))
    needs_taxonomy, _ = Taxonomy.objects.get_or_create(vocabulary=Taxonomy.NEEDS, defaults={"name": "Needs"})
    categories_taxonomy, _ = Taxonomy.objects.get_or_create(
        vocabulary=Taxonomy.CATEGORIES, defaults={"name": "Categories"}
    )
    needs = [TaxonomyTerm.objects.create(taxonomy=needs_taxonomy, code=c, name=n, description=n) for c, n in NEEDS]
    categories = [
        TaxonomyTerm.objects.create(taxonomy=categories_taxonomy, code=c, name=n, description=n) for c, n in CATEGORIES
    ]
    organizations = [Organization.objects.create(name=f"Provider {i}", description="A provider") for i in range(200)]
    centroids = _outcode_centroids()
    locations = []
    for i in range(max(50, count // 3)):
        outcode = rng.choice(OUTCODES)
        latitude, longitude = centroids[outcode]
        locations.append(
            Location(
                name=f"Centre {i}",
                address_1=f"{i} High Street",
                postal_code=f"{outcode} {rng.randint(1, 9)}AA",
                latitude=(latitude + Decimal(str(round(rng.uniform(-0.02, 0.02), 6)))).quantize(Decimal("0.000001")),
                longitude=(longitude + Decimal(str(round(rng.uniform(-0.03, 0.03), 6)))).quantize(Decimal("0.000001")),
            )
        )
    Location.objects.bulk_create(locations)
    from search import signals

    started = time.perf_counter()
    signals.disconnect()  # the benchmark indexes in bulk afterwards (and times it)
    with transaction.atomic():
        for i in range(count):
            service_needs = rng.sample(needs, rng.randint(1, 3))
            words = " ".join(rng.choices(WORDS, k=rng.randint(30, 80)))
            opening = rng.choice(["Saturday", "Evening", "Family", "Teen", "Community", "Specialist"])
            need_name = service_needs[0].name.split(",")[0]
            title = f"{opening} {need_name} {rng.choice(WORDS)} {i}"
            minimum = rng.randint(0, 16)
            page = ServicePage(
                title=title,
                slug=f"service-{i}",
                summary=f"{' '.join(rng.choices(WORDS, k=8)).capitalize()} for {service_needs[0].name.lower()}",
                description=f"<p>{words}</p>",
                organization=rng.choice(organizations),
                minimum_age=minimum,
                maximum_age=rng.randint(minimum, 25),
                is_free=rng.random() < 0.7,
                delivery_methods=rng.sample(["in_person", "online", "phone", "home_visit"], rng.randint(1, 2)),
            )
            directory.add_child(instance=page)
            # Through rows directly: ParentalManyToManyField.set() only writes on the page's next save.
            ServicePage.needs.through.objects.bulk_create(
                [ServicePage.needs.through(servicepage=page, taxonomyterm=term) for term in service_needs]
            )
            ServicePage.categories.through.objects.bulk_create(
                [
                    ServicePage.categories.through(servicepage=page, taxonomyterm=term)
                    for term in rng.sample(categories, rng.randint(1, 2))
                ]
            )
            ServiceAtLocation.objects.bulk_create(
                [
                    ServiceAtLocation(service=page, location=location)
                    for location in rng.sample(locations, rng.randint(0, 3))
                ]
            )
    signals.connect()
    return time.perf_counter() - started


def query_mix(seed: int = 7):
    """200 queries: a third text only, a third text + postcode (with radius or distance sort), a third filters."""
    from search.api import ServiceQuery

    rng = random.Random(seed)
    queries = []
    for i in range(200):
        kind = i % 3
        if kind == 0:
            queries.append(ServiceQuery(text=rng.choice(PHRASES)))
        elif kind == 1:
            queries.append(
                ServiceQuery(
                    text=rng.choice(PHRASES),
                    postcode=rng.choice(["NW5", "NW5 1TL", "RM1", "N19"]),
                    radius_miles=rng.choice([None, 1, 3, 5, 10]),
                    sort=rng.choice(["relevance", "distance"]),
                )
            )
        else:
            queries.append(
                ServiceQuery(
                    needs=[rng.choice(NEEDS)[0]],
                    age=rng.choice([None, 4, 9, 15]),
                    cost=rng.choice(["", "free"]),
                    delivery=rng.choice([[], ["online"]]),
                )
            )
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


KINDS = ("text", "text + postcode", "filters only")  # query_mix() cycles through them


def record_took(backend) -> list[int]:
    """Keep the `took` (ms) of each Elasticsearch response, as the node measured it."""
    tooks = []
    search = backend.client.search

    def search_and_record(*args, **kwargs):
        response = search(*args, **kwargs)
        tooks.append(response["took"])
        return response

    backend.client.search = search_and_record
    return tooks


def time_queries(backend, queries):
    """Milliseconds per query, and the node's `took` per query for Elasticsearch (else None)."""
    tooks = record_took(backend) if backend.name == "elasticsearch" else None
    backend.find_services(queries[0])  # warm caches (vocabulary, site root paths)
    timings = []
    if tooks is not None:
        tooks.clear()
    for query in queries:
        started = time.perf_counter()
        backend.find_services(query)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, tooks


def kind_rows(size, name, queries, timings, tooks):
    """Markdown rows: p50/p95 per query kind (and `took` for Elasticsearch)."""
    rows = []
    for position, kind in enumerate(KINDS):
        picked = range(position, len(queries), len(KINDS))
        values = [timings[i] for i in picked]
        distinct = len({repr(queries[i]) for i in picked})
        took = ""
        if tooks:
            kind_tooks = [tooks[i] for i in picked]
            took = f"{statistics.median(kind_tooks):.0f} / {percentile(kind_tooks, 0.95):.0f}"
        rows.append(
            f"| {size} | {name} | {kind} | {len(values)} ({distinct} distinct) | "
            f"{statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | {took} |"
        )
    return rows


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def time_pages(count=50):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    params = [{"q": "autism", "postcode": "NW5", "radius": "5"}, {"needs": "adhd", "age": "9"}, {"q": "speech therapy"}]
    client.get("/services/", params[0])
    timings, queries = [], set()
    for i in range(count):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/services/", params[i % len(params)], HTTP_HOST="localhost")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.add(len(captured))
    return timings, sorted(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, action="append", help="Number of services (repeatable)")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_TEST_URL", ""))
    args = parser.parse_args()
    sizes = args.services or [1000]
    bench_dir = ROOT / ".cache" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "bench.sqlite3"
    for path in bench_dir.glob("bench.sqlite3*"):
        path.unlink()
    setup_django(database)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from search.backends import build_backend

    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}", file=sys.stderr)
    print(f"Load average at the start (1, 5, 15 min): {load_average()}", file=sys.stderr)
    print(
        "| date | services | backend | index docs/s | search p50 ms | search p95 ms "
        "| page p50 ms | page p95 ms | SQL per page | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    generated = 0
    by_kind = []
    for size in sorted(sizes):
        seconds = generate(size - generated) if generated == 0 else None
        if generated:
            raise SystemExit("Run one size per invocation (each size needs a fresh database)")
        generated = size
        print(f"Generated {size} services in {seconds:.0f} s", file=sys.stderr)
        queries = query_mix()
        backends = [("database", build_backend("database"))]
        if args.elasticsearch_url:
            backends.append(
                (
                    "elasticsearch",
                    build_backend("elasticsearch", url=args.elasticsearch_url, index_prefix=f"bench-{os.getpid()}"),
                )
            )
        for name, backend in backends:
            started = time.perf_counter()
            indexed = backend.rebuild()
            if name == "database":
                from search import vocabulary

                vocabulary.current()  # the database backend's "index" is its vocabulary
            index_rate = indexed / (time.perf_counter() - started)
            timings, tooks = time_queries(backend, queries)
            by_kind.extend(kind_rows(size, name, queries, timings, tooks))
            page = "", "", ""
            if name == "database":
                page_timings, sql = time_pages()
                page = (
                    f"{statistics.median(page_timings):.0f}",
                    f"{percentile(page_timings, 0.95):.0f}",
                    "/".join(map(str, sql)),
                )
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"| {time.strftime('%Y-%m-%d')} | {size} | {name} | {index_rate:.0f} | "
                f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | {page[0]} | {page[1]} | "
                f"{page[2]} | {rss:.0f} |"
            )
            if name == "elasticsearch":
                backend.delete_indices()
    print(f"Load average at the end (1, 5, 15 min): {load_average()}", file=sys.stderr)
    print()
    print("| services | backend | query kind | queries | search p50 ms | search p95 ms | ES took p50 / p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for row in by_kind:
        print(row)


if __name__ == "__main__":
    main()
