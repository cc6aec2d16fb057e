"""Load benchmark: the production configuration under concurrent visitors, as families meet it.

    .venv/bin/python bench/load.py --database sqlite --backend database [--backend elasticsearch] \
        [--database postgres] [--services 10000] [--users 10] [--seconds 30] [--app-dir /path/to/checkout]

For each database and search backend it starts gunicorn with `docker/gunicorn.conf.py` (its defaults:
two sync workers per core) and `config.production` (a generated SECRET_KEY, static files collected; the
shared cache is the database cache table with SQLite and a private redis-server with PostgreSQL, as
in a multi-server install, see --cache) on 127.0.0.1, over N services made by `bench/search_benchmark.py`'s
generator plus a handful of information pages, then runs a fixed realistic mix with `--users`
concurrent visitors for `--seconds`, all page kinds IN THE SAME RUN (so the machine's noise hits
them all alike):

    trivial    /cookies/ (a template with no database work: the yardstick)
    home       /
    info       information pages
    service    service pages, chosen at random from all N (mostly not seen before in the run)
    browse     /services/ and its pages 2-5
    facets     /services/?needs=...&age=...&cost=... (filters only)
    text       /services/?q=...
    postcode   /services/?q=...&postcode=...&radius=... (text + distance)
    oruk       /api/oruk/services?per_page=50 and its pages

Half of each directory kind's requests are queries drawn from a pool that never repeats in a run
(other pages, ages, words, filter combinations), so the page and results caches cannot answer them:
each request is counted as a *first visit* (the first time the run asks for that URL since the cache
was emptied: a cache miss) or a *repeat* (a hit), and both are reported per kind.

Each visitor is a thread with its own keep-alive connection (http.client) that asks for one page
after another with no pause. Printed per kind: requests, req/s in the run, p50/p95/p99 latency,
errors (a status other than 200 or a failed connection) and the ratio to the trivial page; then the
same for first visits and repeats; then PASS or FAIL for each target and the load average. The ratio
compares what one visitor gets through per second on each kind (1 / mean latency), which does not
depend on how often the mix asks for a kind; "req/s" is simply what the mix did.

Targets (docs/performance.md): every directory kind p95 under 250 ms with 0 errors and at least 25%
of the trivial page's rate with Elasticsearch, 10% with the database backend (first visits alone are
checked too); home, information and service pages at least 50%.

SQLite data lives in .cache/load (generated once per size, then reused); PostgreSQL uses
`postgres://postgres@127.0.0.1:54329/localoffer_load_<size>` (or --postgres-url), generated once.
Elasticsearch: --elasticsearch-url (default the test node), an index prefix unique to this run,
deleted at the end. `--app-dir` serves another checkout of the project (e.g. main, for a "before"
figure) over the same data. The load average is printed before and after each run.
"""

import argparse
import contextlib
import http.client
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["trivial", "home", "info", "service", "browse", "facets", "text", "postcode", "oruk"]
DIRECTORY_KINDS = ("browse", "facets", "text", "postcode")
# How often each kind comes up in the mix (the directory is what families come for).
WEIGHTS = {
    "trivial": 10,
    "home": 10,
    "info": 8,
    "service": 20,
    "browse": 10,
    "facets": 12,
    "text": 12,
    "postcode": 10,
    "oruk": 8,
}
# The targets: at 10,000 services with 10 visitors on 2 cores.
DIRECTORY_P95_MS = 250
DIRECTORY_RATIO = {"elasticsearch": 0.25, "database": 0.10}
CONTENT_KINDS = ("home", "info", "service")
CONTENT_RATIO = 0.50
INFORMATION_PAGES = ["education", "health", "social-care", "preparing-for-adulthood", "ehc-plans", "short-breaks"]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# Data --------------------------------------------------------------------------------------------------


def database_url(kind: str, services: int, postgres_url: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{ROOT / '.cache' / 'load' / f'services-{services}.sqlite3'}"
    return f"{postgres_url.rstrip('/')}/localoffer_load_{services}"


def prepare(url: str, services: int) -> None:
    """Generate the services once per database (kept between runs: 10,000 take minutes)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ELASTICSEARCH_URL": "",
    }
    env["CACHE_TABLE"] = "localoffer_cache"
    if url.startswith("postgres"):
        name = urllib.parse.urlparse(url).path.lstrip("/")
        admin = url.rsplit("/", 1)[0] + "/postgres"
        exists = subprocess.run(
            ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    else:
        Path(urllib.parse.urlparse(url).path).parent.mkdir(parents=True, exist_ok=True)
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(ROOT / "bench")!r})
import django
django.setup()
from django.core.management import call_command
call_command("createcachetable", verbosity=0)  # before migrate: saving pages moves the cache's version on
call_command("migrate", verbosity=0)
from localoffer.models import HomePage, InformationPage, ServicePage
live = ServicePage.objects.live().count()
if live >= {services}:
    sys.exit(0)
if live:
    sys.exit(3)  # left half-made by an interrupted run: the caller starts it again from empty
import search_benchmark
search_benchmark.generate({services})
home = HomePage.objects.get()
for slug in {INFORMATION_PAGES!r}:
    home.add_child(instance=InformationPage(title=slug.replace("-", " ").capitalize(), slug=slug,
                   summary="What the council and its partners offer, and how to ask for it."))
from search.backends import build_backend
from search import vocabulary
build_backend("database").rebuild()
vocabulary.current()
"""
    started = time.perf_counter()
    made = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT)
    if made.returncode == 3:
        # An interrupted generation leaves some services and taxonomy terms behind, and generating on
        # top of them breaks on the terms' unique codes: start that database again from empty.
        print(f"{url} holds fewer than {services} services (an interrupted run): making it again", file=sys.stderr)
        if url.startswith("postgres"):
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE "{name}"'], check=True)
            subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        else:
            Path(urllib.parse.urlparse(url).path).unlink()
        made = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT)
    made.check_returncode()
    print(f"Data ready in {time.perf_counter() - started:.0f} s: {url}", file=sys.stderr)


def paths(services: int, seed: int = 11) -> dict[str, list[str]]:
    """The URLs each kind draws from (fixed, so every run asks the same things)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import search_benchmark

    rng = random.Random(seed)
    text = [urllib.parse.urlencode({"q": phrase}) for phrase in search_benchmark.PHRASES]
    postcode = [
        urllib.parse.urlencode({"q": phrase, "postcode": code, "radius": radius})
        for phrase in search_benchmark.PHRASES
        for code, radius in (("NW5", 5), ("NW5 1TL", 3), ("RM1", 10), ("N19", 1))
    ]
    facets = []
    for code, _ in search_benchmark.NEEDS:
        for age in ("", "4", "9", "15"):
            for cost in ("", "free"):
                facets.append(
                    urllib.parse.urlencode({k: v for k, v in (("needs", code), ("age", age), ("cost", cost)) if v})
                )
    return {
        "trivial": ["/cookies/"],
        "home": ["/"],
        "info": [f"/{slug}/" for slug in INFORMATION_PAGES],
        "service": [f"/services/service-{rng.randrange(services)}/" for _ in range(5000)],
        "browse": ["/services/"] + [f"/services/?page={n}" for n in range(2, 6)],
        "facets": [f"/services/?{q}" for q in facets],
        "text": [f"/services/?{q}" for q in text],
        "postcode": [f"/services/?{q}" for q in postcode],
        "oruk": ["/api/oruk/services?per_page=50"] + [f"/api/oruk/services?per_page=50&page={n}" for n in (2, 3)],
    }


def distinct_path(kind: str, rng: random.Random) -> str:
    """A directory query unlikely to have been asked before in the run: a cache miss."""
    sys.path.insert(0, str(ROOT / "bench"))
    import search_benchmark

    words = sorted({word for phrase in search_benchmark.PHRASES for word in phrase.split()})
    needs = [code for code, _ in search_benchmark.NEEDS]
    categories = [code for code, _ in search_benchmark.CATEGORIES]
    sort = rng.choice(["relevance", "name"])
    if kind == "browse":
        params = [("sort", rng.choice(["name", "relevance"])), ("page", rng.randrange(2, 400))]
    elif kind == "facets":
        params = [("needs", code) for code in rng.sample(needs, rng.randrange(1, 3))]
        params += [("categories", rng.choice(categories)), ("age", rng.randrange(0, 26))]
        params += [("cost", rng.choice(["", "free", "paid"])), ("page", rng.randrange(1, 4))]
    elif kind == "text":
        params = [("q", " ".join(rng.sample(words, 2))), ("age", rng.randrange(0, 26)), ("sort", sort)]
    else:
        code = rng.choice(["NW5", "NW5 1TL", "RM1", "N19", "NW1", "E14"])
        params = [("q", rng.choice(words)), ("postcode", code), ("radius", rng.choice([1, 3, 5, 10]))]
        params += [("age", rng.randrange(0, 26))]
    return "/services/?" + urllib.parse.urlencode([(k, v) for k, v in params if v != ""])


# The server ------------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of the run's own on loopback (no persistence), so the shared cache can be emptied
    before a run without touching a Redis anyone else uses. Stopped at the end."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def __enter__(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if ping.stdout.strip() == "PONG":
                return self
            time.sleep(0.1)
        self.process.kill()
        raise SystemExit(f"redis-server did not start on port {self.port}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)


class Server:
    def __init__(self, app_dir: Path, url: str, port: int, env_extra: dict, log_path: Path):
        self.app_dir, self.port, self.log_path = app_dir, port, log_path
        # The database cache table, never a Redis named in the environment: emptying the cache
        # before a run must not empty a server other people use.
        inherited = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "CACHE_TABLE": "localoffer_cache",
            "LOG_LEVEL": "WARNING",
            # The load comes from one address: the per-client search and API limits would answer it
            # 429 (those limits are tested in tests/accounts/test_rate_limits.py).
            "SEARCH_RATE_LIMIT": "",
            "API_RATE_LIMIT": "",
            **env_extra,
        }

    def collectstatic(self):
        for command in (["collectstatic", "--noinput"], ["createcachetable"]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "-v", "0"], env=self.env, cwd=self.app_dir, check=True
            )

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--config", "docker/gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "config.wsgi"],
            env=self.env,
            cwd=self.app_dir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/cookies/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer on port {self.port}; see {self.log_path}")

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


# The visitors ------------------------------------------------------------------------------------------


def run_load(port: int, urls: dict, users: int, seconds: float, seed: int = 5):
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[k] for k in kinds]
    results = defaultdict(list)  # kind -> [(latency_ms, ok, first visit)]
    lock = threading.Lock()
    seen: set[str] = set()
    stop_at = 0.0

    def visitor(number):
        rng = random.Random(seed * 1000 + number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            if kind in DIRECTORY_KINDS and rng.random() < 0.5:
                path = distinct_path(kind, rng)
            else:
                path = rng.choice(urls[kind])
            with lock:
                first = path not in seen
                seen.add(path)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "localhost"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((kind, (time.perf_counter() - started) * 1000, ok, first))
        with lock:
            for kind, latency, ok, first in mine:
                results[kind].append((latency, ok, first))

    # One warm-up pass: every process loads its code and templates, as after a deploy.
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for kind in kinds:
        for _ in range(3):
            warm.request("GET", urls[kind][0], headers={"Host": "localhost"})
            warm.getresponse().read()
        seen.add(urls[kind][0])
    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    stop_at = started + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def _row(name, samples, elapsed, users, trivial) -> str:
    latencies = [sample[0] for sample in samples]
    errors = sum(1 for sample in samples if not sample[1])
    rate = users / (statistics.mean(latencies) / 1000)
    return (
        f"| {name} | {len(latencies)} | {len(latencies) / elapsed:.1f} | {percentile(latencies, 0.5):.0f} | "
        f"{percentile(latencies, 0.95):.0f} | {percentile(latencies, 0.99):.0f} | {errors} | {rate / trivial:.0%} |"
    )


def capacity(samples, users) -> float:
    latencies = [sample[0] for sample in samples]
    return users / (statistics.mean(latencies) / 1000) if latencies else float("nan")


def report(label: str, results, elapsed: float, users: int) -> list[str]:
    trivial = capacity(results["trivial"], users)
    lines = [
        f"#### {label}",
        "",
        "| page kind | requests | req/s in the mix | p50 ms | p95 ms | p99 ms | errors | per-visitor rate vs trivial |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        if results[kind]:
            lines.append(_row(kind, results[kind], elapsed, users, trivial))
    total = sum(len(v) for v in results.values())
    errors = sum(1 for kind in results.values() for sample in kind if not sample[1])
    lines.append(f"| all | {total} | {total / elapsed:.1f} | | | | {errors} | |")
    lines += [
        "",
        "First visits (the first request for the URL in the run: page and results cache misses) and repeats:",
        "",
    ]
    lines += [lines[2], lines[3]]
    for kind in (*DIRECTORY_KINDS, "service"):
        for name, first in (("first visit", True), ("repeat", False)):
            samples = [sample for sample in results[kind] if sample[2] is first]
            if samples:
                lines.append(_row(f"{kind}, {name}", samples, elapsed, users, trivial))
    return lines


def verdicts(results, users: int, backend: str) -> list[str]:
    """PASS or FAIL for each target, from this run alone."""
    trivial = capacity(results["trivial"], users)
    lines = []

    def verdict(ok: bool, text: str):
        lines.append(f"- {'PASS' if ok else 'FAIL'}: {text}")

    minimum = DIRECTORY_RATIO[backend]
    for kind in DIRECTORY_KINDS:
        samples = results[kind]
        if not samples:
            verdict(False, f"{kind}: no requests")
            continue
        p95 = percentile([sample[0] for sample in samples], 0.95)
        errors = sum(1 for sample in samples if not sample[1])
        ratio = capacity(samples, users) / trivial
        verdict(
            p95 < DIRECTORY_P95_MS and errors == 0, f"{kind} p95 {p95:.0f} ms < {DIRECTORY_P95_MS} ms, {errors} errors"
        )
        verdict(ratio >= minimum, f"{kind} at {ratio:.0%} of the trivial page's rate (target {minimum:.0%})")
        misses = [sample for sample in samples if sample[2]]
        if misses:
            miss_p95 = percentile([sample[0] for sample in misses], 0.95)
            miss_ratio = capacity(misses, users) / trivial
            verdict(
                miss_p95 < DIRECTORY_P95_MS and miss_ratio >= minimum,
                f"{kind} first visits (cache misses) p95 {miss_p95:.0f} ms, {miss_ratio:.0%} of trivial",
            )
    for kind in CONTENT_KINDS:
        ratio = capacity(results[kind], users) / trivial
        errors = sum(1 for sample in results[kind] if not sample[1])
        verdict(
            ratio >= CONTENT_RATIO and errors == 0, f"{kind} at {ratio:.0%} of trivial (target 50%), {errors} errors"
        )
    return lines


def gunicorn_shape() -> str:
    """Workers and threads as docker/gunicorn.conf.py reads them from this environment."""
    code = "import runpy; c = runpy.run_path('docker/gunicorn.conf.py'); print(c['workers'], c['threads'])"
    workers, threads = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return f"{workers} workers x {threads} threads"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--backend", action="append", choices=["database", "elasticsearch"])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8760)
    parser.add_argument(
        "--cache",
        choices=["auto", "database", "redis"],
        default="auto",
        help="the shared cache: auto is the database table with SQLite (one machine, the embedded default) "
        "and a private redis-server with PostgreSQL (the multi-server production shape, docs/operations.md)",
    )
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to serve (default this one)")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:54329")
    )
    parser.add_argument(
        "--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9250")
    )
    args = parser.parse_args()
    databases = args.database or ["sqlite"]
    backends = args.backend or ["database"]
    log_dir = ROOT / ".cache" / "load"
    log_dir.mkdir(parents=True, exist_ok=True)
    urls = paths(args.services)
    output = []
    for database in databases:
        url = database_url(database, args.services, args.postgres_url)
        prepare(url, args.services)
        for backend in backends:
            extra = {}
            cache = args.cache if args.cache != "auto" else ("redis" if database == "postgres" else "database")
            redis = PrivateRedis(args.port + 1) if cache == "redis" else contextlib.nullcontext()
            prefix = f"load-{os.getpid()}-{database}"
            if backend == "elasticsearch":
                extra = {"ELASTICSEARCH_URL": args.elasticsearch_url, "ELASTICSEARCH_INDEX_PREFIX": prefix}
            with redis:
                if cache == "redis":
                    extra["REDIS_URL"] = redis.url
                server = Server(
                    args.app_dir.resolve(), url, args.port, extra, log_dir / f"gunicorn-{database}-{backend}.log"
                )
                server.collectstatic()
                if backend == "elasticsearch":
                    subprocess.run(
                        [sys.executable, "manage.py", "search_index", "rebuild"],
                        # Bulk indexing on a busy shared node may be slow; the site keeps its own timeout.
                        env={**server.env, "ELASTICSEARCH_TIMEOUT": "120"},
                        cwd=server.app_dir,
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                # Start from an empty page cache, as after a deploy.
                subprocess.run(
                    [
                        sys.executable,
                        "manage.py",
                        "shell",
                        "-c",
                        "from django.core.cache import caches\nfor alias in caches: caches[alias].clear()",
                    ],
                    env={**server.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                    cwd=server.app_dir,
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                before = load_average()
                try:
                    server.start()
                    results, elapsed = run_load(args.port, urls, args.users, args.seconds)
                finally:
                    server.stop()
            after = load_average()
            label = (
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {database}, {backend} backend, "
                f"{args.services:,} services, {args.users} users, {elapsed:.0f} s, gunicorn {gunicorn_shape()}, "
                f"{cache} cache, "
                f"code: {args.app_dir.resolve()}, "
                f"load average {before} before, {after} after"
            )
            lines = report(label, results, elapsed, args.users)
            checks = verdicts(results, args.users, backend)
            lines += ["", f"Targets ({sum(c.startswith('- PASS') for c in checks)} of {len(checks)} met):", "", *checks]
            print("\n".join(lines) + "\n", flush=True)
            output.extend(lines + [""])
            if backend == "elasticsearch":
                subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request("
                        f"'{args.elasticsearch_url}/{prefix}*', method='DELETE'))",
                    ],
                    check=False,
                )
    shutil.rmtree(ROOT / ".cache" / "load" / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
