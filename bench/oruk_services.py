"""Benchmark: the ORUK API's /services at 10,000 published services, pages of 50 (target:
p95 under 100 ms, with a constant number of SQL queries).

    .venv/bin/python bench/oruk_services.py [--services 10000] [--requests 300] [--per-page 50]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set), inserts the
services in bulk (pages, organisations, locations, opening times, costs, needs and categories), then
times GET /api/oruk/services?per_page=50&page=N for random N through Django's test client (the full
middleware and view stack, no network), plus a few detail and filtered requests. Prints the query
count of each kind of request and p50/p95/req/s.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django(database_dir):
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{database_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # One client sends every request: the per-client limit would answer 429 (empty: no limit).
    os.environ.setdefault("API_RATE_LIMIT", "")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(count: int):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from localoffer.models import (
        CostOption,
        DirectoryIndexPage,
        HomePage,
        Location,
        Organization,
        Schedule,
        ServiceAtLocation,
        ServicePage,
        Taxonomy,
        TaxonomyTerm,
    )

    rng = random.Random(7)
    with transaction.atomic():
        root = Page.get_first_root_node()
        for child in root.get_children():
            Site.objects.filter(root_page=child).delete()
            child.delete()
        home = root.add_child(instance=HomePage(title="Local Offer", slug="home"))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        directory = home.add_child(instance=DirectoryIndexPage(title="Find services", slug="services"))
        needs = Taxonomy.objects.create(vocabulary=Taxonomy.NEEDS, name="SEND needs", description="Needs")
        categories = Taxonomy.objects.create(vocabulary=Taxonomy.CATEGORIES, name="Categories", description="Kinds")
        need_terms = [
            TaxonomyTerm.objects.create(taxonomy=needs, code=f"need-{n}", name=f"Need {n}", description="A need")
            for n in range(15)
        ]
        category_terms = [
            TaxonomyTerm.objects.create(taxonomy=categories, code=f"cat-{n}", name=f"Kind {n}", description="A kind")
            for n in range(10)
        ]
        organizations = Organization.objects.bulk_create(
            [Organization(name=f"Organisation {n}", description="Provides services") for n in range(200)]
        )
        locations = Location.objects.bulk_create(
            [
                Location(
                    name=f"Centre {n}",
                    address_1=f"{n} High Street",
                    postal_code="NW5 1TL",
                    latitude=Decimal("51.55") + Decimal(rng.randint(-300, 300)) / 10000,
                    longitude=Decimal("-0.14") + Decimal(rng.randint(-300, 300)) / 10000,
                )
                for n in range(500)
            ]
        )
        content_type = ContentType.objects.get_for_model(ServicePage)
        locale = Locale.get_default()
        now = timezone.now()
        pages = []
        for n in range(count):
            slug = f"service-{n}"
            pages.append(
                Page(
                    title=f"Service {n:05d}",
                    draft_title=f"Service {n:05d}",
                    slug=slug,
                    content_type=content_type,
                    path=directory.path + base36(n + 1).rjust(Page.steplen, "0"),
                    depth=directory.depth + 1,
                    numchild=0,
                    url_path=f"{directory.url_path}{slug}/",
                    live=True,
                    first_published_at=now,
                    last_published_at=now - datetime.timedelta(minutes=n),
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
        pages = Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=directory.pk).update(numchild=count)
        services = []
        for n, page in enumerate(pages):
            service = ServicePage(
                page_ptr_id=page.pk,
                uuid=uuid.uuid4(),
                summary="Support for families",
                description="<p>A service for children and young people with SEND.</p>",
                organization=organizations[n % len(organizations)],
                minimum_age=rng.randint(0, 10),
                maximum_age=rng.randint(11, 25),
                website=f"https://example.org/{n}",
                email=f"service{n}@example.org",
                phone="020 7974 4444",
                fees_description="",
                delivery_methods=["in_person"],
                languages=["English"],
                assured_date=datetime.date(2026, 6, 1),
                review_due_on=datetime.date(2027, 6, 1),
            )
            service.__dict__.update(
                {field.attname: getattr(page, field.attname) for field in Page._meta.concrete_fields}
            )
            services.append(service)
        fields = ServicePage._meta.local_concrete_fields
        for start in range(0, len(services), 500):
            ServicePage._base_manager._insert(services[start : start + 500], fields=fields, raw=True)
        schedules, costs, places, need_links, category_links = [], [], [], [], []
        for service in services:
            places.append(ServiceAtLocation(service_id=service.pk, location=rng.choice(locations)))
            schedules.append(
                Schedule(service_id=service.pk, byday="MO", opens_at=datetime.time(9), closes_at=datetime.time(17))
            )
            costs.append(
                CostOption(service_id=service.pk, option="Session", amount=Decimal("5.00"), amount_description="each")
            )
            need_links.append(ServicePage.needs.through(servicepage_id=service.pk, taxonomyterm=rng.choice(need_terms)))
            category_links.append(
                ServicePage.categories.through(servicepage_id=service.pk, taxonomyterm=rng.choice(category_terms))
            )
        for model, rows in [
            (ServiceAtLocation, places),
            (Schedule, schedules),
            (CostOption, costs),
            (ServicePage.needs.through, need_links),
            (ServicePage.categories.through, category_links),
        ]:
            model.objects.bulk_create(rows, batch_size=1000)
    return ServicePage.objects.live().count()


def base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text or "0"


def counting(executed):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            executed.append((sql, (time.perf_counter() - started) * 1000))

    return wrapper


def measure(client, urls, rounds):
    timings = []
    for index in range(rounds):
        url = urls[index % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    rate = len(timings) / (sum(timings) / 1000)
    return p50, p95, rate


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--show-queries", action="store_true", help="Print each query's SQL and time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as database_dir:
        started = time.perf_counter()
        setup_django(database_dir)
        total = build(args.services)
        print(f"Built {total} published services in {time.perf_counter() - started:.1f}s")
        print("Load average before timing (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))

        from django.db import connection
        from django.test import Client

        from localoffer.models import ServicePage, TaxonomyTerm

        client = Client()
        pages = -(-total // args.per_page)
        rng = random.Random(11)
        page_urls = [f"/api/oruk/services?per_page={args.per_page}&page={rng.randint(1, pages)}" for _ in range(50)]
        sample = list(ServicePage.objects.values_list("uuid", flat=True)[:50])
        term = TaxonomyTerm.objects.first()
        cases = {
            f"/services page of {args.per_page}": page_urls,
            "/services/{id}": [f"/api/oruk/services/{key}" for key in sample],
            "/services?taxonomy_term_id&minimum_age": [
                f"/api/oruk/services?per_page={args.per_page}&taxonomy_term_id={term.id}&minimum_age=5"
            ],
            f"/service_at_locations page of {args.per_page}": [
                url.replace("/services?", "/service_at_locations?") for url in page_urls
            ],
        }
        for name, urls in cases.items():
            client.get(urls[0])  # warm caches and connections
            executed = []
            with connection.execute_wrapper(counting(executed)):
                client.get(urls[-1])
            if args.show_queries:
                for sql, took in executed:
                    print(f"    {took:6.1f} ms  {sql[:160]}")
            rounds = args.requests if "page of" in name else max(50, args.requests // 3)
            p50, p95, rate = measure(client, urls, rounds)
            print(
                f"{name:<45} {rounds:>4} requests  {len(executed):>2} queries  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {rate:6.1f} req/s"
            )


if __name__ == "__main__":
    main()
