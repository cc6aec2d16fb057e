"""Benchmark: importing a 2,000-service ORUK 1.0 feed over HTTP, record by record (target: under
2 minutes, with a progress bar).

    .venv/bin/python bench/oruk_import.py [--services 2000] [--per-page 100] [--publish]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set), generates an
Open Place-style ORUK 1.0 feed (Spring pages of `--per-page`, full records at /services/{id}) from
the shape of tests/localoffer/fixtures/oruk/oruk1_open_place_feed.json, with the usual defects
(one record in ten with an empty email, one in twenty with a bare-domain website, one in fifty with
a place name for a website), serves it on 127.0.0.1 from a thread, and times `oruk_import URL`
end to end: reading every page and record, repairs, validation, saving pages, revisions and the
report. The progress bars (tqdm) go to stderr. Prints the summary line and the seconds taken (wall
clock and this process's CPU time); a
second run of the same feed (everything unchanged) is timed too.
"""

import argparse
import http.server
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
FIXTURE = Path(__file__).resolve().parent.parent / "tests/localoffer/fixtures/oruk/oruk1_open_place_feed.json"
POSTCODES = ["NW1 2DB", "NW5 2SL", "NW3 2QG", "WC1H 9JE", "NW6 3AG", "N19 5NA", "NW1 9NP", "WC2H 8LH"]
CATEGORIES = ["Support groups", "Play and leisure", "Advice and information", "Health", "Education", "Short breaks"]


def setup_django(database_dir):
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{database_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")  # no search worker here
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate(count: int) -> list[dict]:
    template = json.loads(FIXTURE.read_text(encoding="utf-8"))["content"][0]
    records = []
    for number in range(count):
        record = json.loads(json.dumps(template))
        sid = f"svc-{number:05d}"
        record.update(id=sid, name=f"Service {number} for families", email=f"team{number}@services.example.org")
        record["description"] = (
            f"<p>Support number {number} for children and young people aged 0 to 25&nbsp;with SEND.</p>"
            "<p>Drop in or call us to find out more.</p>"
        )
        record["url"] = f"https://services.example.org/{number}"
        if number % 10 == 0:
            record["email"] = ""
        if number % 20 == 5:
            record["url"] = f"www.service{number}.example.org"
        if number % 50 == 7:
            record["url"] = "Kentish Town"
        record["organization"]["id"] = f"org-{number % 150}"
        record["organization"]["name"] = f"Provider {number % 150}"
        record["contacts"][0]["id"] = f"con-{number}"
        record["regular_schedules"][0]["id"] = f"rs-{number}"
        sal = record["service_at_locations"][0]
        sal["id"] = f"sal-{number}"
        sal["location"]["id"] = f"loc-{number % 400}"
        sal["location"]["physical_addresses"][0]["postal_code"] = POSTCODES[number % len(POSTCODES)]
        record["service_taxonomys"] = [
            {"id": f"st-{number}", "taxonomy": {"id": f"cat:{n}", "name": n, "vocabulary": "Bench categories"}}
            for n in (CATEGORIES[number % 6], CATEGORIES[(number + 2) % 6])
        ]
        records.append(record)
    return records


def serve(records, per_page):
    by_id = {record["id"]: record for record in records}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            if parts.path == "/api/services":
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                chunk = records[(page - 1) * per_page : page * per_page]
                pages = -(-len(records) // per_page)
                body = {"totalElements": len(records), "totalPages": pages, "number": page, "content": chunk}
            else:
                body = by_id.get(parts.path.rsplit("/", 1)[-1])
            data = json.dumps(body).encode()
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address
    return server, f"http://{host}:{port}/api/services"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--publish", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as database_dir:
        setup_django(database_dir)
        from django.core.management import call_command

        records = generate(args.services)
        server, url = serve(records, args.per_page)
        try:
            for label in ("first import", "same feed again"):
                started, cpu = time.perf_counter(), time.process_time()
                options = ["--progress"] + (["--publish"] if args.publish else [])
                call_command("oruk_import", url, *options, verbosity=1)
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                # CPU time (this process: importer and the SQLite engine, not a PostgreSQL server) is
                # comparable between runs on a shared machine, where wall time depends on the load.
                print(f"{label}: {args.services} services in {wall:.1f} s (CPU {cpu:.1f} s)", flush=True)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
