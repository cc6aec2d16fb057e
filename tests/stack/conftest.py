"""The whole site as a council runs it on more than one machine, on loopback: nginx (Debian's package)
in front of two gunicorn app servers (`config.production`), a PostgreSQL cluster of its own, an
Elasticsearch node of its own, the task worker and an S3-compatible object store (S3Proxy).

Every service here is this suite's own (own ports, own data directories), so stopping and restarting
them never disturbs anything else on the machine. Run with `pytest -m stack tests/stack` (as root or
as a user who can `runuser -u postgres`); `.ci/run` does, once.
"""

import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from botocore.client import Config

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", f"/usr/lib/postgresql/{os.environ.get('PG_VERSION', '15')}/bin"))
PG_PORT = int(os.environ.get("STACK_PG_PORT", "54339"))
ES_PORT = int(os.environ.get("STACK_ES_PORT", "9252"))
S3_PORT = int(os.environ.get("STACK_S3_PORT", "9361"))
NGINX_PORT = int(os.environ.get("STACK_NGINX_PORT", "8780"))
APP_PORTS = (8781, 8782)
S3_KEYS = {"S3_ACCESS_KEY": "localoffer", "S3_SECRET_KEY": "localoffer-secret"}
CHECKSUMS_WHEN_REQUIRED = Config(
    signature_version="s3v4", request_checksum_calculation="when_required", response_checksum_validation="when_required"
)

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log {run}/nginx-access.log;
  client_body_temp_path {run}/client_body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  client_max_body_size 12m;
  upstream app {{
    server 127.0.0.1:{a} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:{b} max_fails=1 fail_timeout=5s;
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def run(command, check=True, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if check and result.returncode:
        raise AssertionError(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result


def as_postgres(command: list[str]):
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return run(command)


@dataclass
class Stack:
    base: Path
    env: dict
    bucket_media: str
    bucket_private: str
    processes: dict = field(default_factory=dict)

    @property
    def database_url(self):
        return self.env["DATABASE_URL"]

    def manage(self, *args, env=None, check=True):
        return run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **(env or {})}, check=check)

    def shell(self, code: str, env=None) -> str:
        # --no-imports: Django's shell would otherwise print what it imported before the output.
        return self.manage("shell", "--no-imports", "-c", code, env=env).stdout

    def start(self, name, command, env=None):
        log = open(self.base / f"{name}.log", "a")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.processes[name]

    def stop(self, name, sig=signal.SIGTERM):
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def start_worker(self, name="worker", env=None):
        return self.start(name, [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"], env)

    def pg_ctl(self, *args):
        return as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.base / "pg"), *args])

    def elasticsearch(self, action):
        return run(["scripts/elasticsearch.sh", action], cwd=ROOT, env={**os.environ, "ES_PORT": str(ES_PORT)})

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{S3_PORT}",
            aws_access_key_id=S3_KEYS["S3_ACCESS_KEY"],
            aws_secret_access_key=S3_KEYS["S3_SECRET_KEY"],
            region_name="us-east-1",
            config=CHECKSUMS_WHEN_REQUIRED,
        )


def wait_for_http(port, path="/cookies/", seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers={"Host": "localhost"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"nothing answered on port {port}")


SEED = """
import sys
sys.path.insert(0, "bench")
import datetime
from decimal import Decimal
import search_benchmark
search_benchmark.generate(150)
from search.backends import build_backend
build_backend("database").rebuild()
from allauth.account.models import EmailAddress
from budgets import services
from budgets.models import Council
from tests.budgets.factories import UserFactory, make_budget, member
user = UserFactory(username="stackparent", email="parent@example.org")
EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
council = Council.objects.create(name="Stack Council")
for n in range(3):
    budget = make_budget(council=council, holder_name=f"Child {n}")
    member(budget, user)
    item = budget.provision_items.get(element="social_care")
    for day in range(1, 4):
        services.record_entry(budget=budget, actor=user, amount=Decimal(f"{day * 12 + n}.45"),
                              spent_on=datetime.date(2025, 5, day), payee=f"Swim school {day}",
                              element="social_care", provision_item=item, category="personal_assistant")
print("seeded")
"""


@pytest.fixture(scope="session")
def stack():
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed (apt-get install nginx)")
    # Not under pytest's own temporary folder (mode 0700): the postgres user must reach its data.
    base = Path(tempfile.mkdtemp(prefix="localoffer-stack-"))
    os.chmod(base, 0o755)
    run_dir = base / "nginx"
    run_dir.mkdir()
    (base / "pg").mkdir()
    if os.geteuid() == 0:
        shutil.chown(base / "pg", "postgres")
    as_postgres([str(PG_BIN / "initdb"), "-D", str(base / "pg"), "-A", "trust", "-U", "postgres"])
    stack = Stack(
        base=base,
        env={},
        bucket_media=f"stack-media-{uuid.uuid4().hex[:8]}",
        bucket_private=f"stack-private-{uuid.uuid4().hex[:8]}",
    )
    options = f"-p {PG_PORT} -k {base / 'pg'} -c listen_addresses=127.0.0.1"
    stack.pg_ctl("-o", options, "-l", str(base / "pg" / "server.log"), "-w", "start")
    run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "localoffer"])
    run(["scripts/s3.sh", "start"], cwd=ROOT, env={**os.environ, "S3_PORT": str(S3_PORT)})
    for bucket in (stack.bucket_media, stack.bucket_private):
        stack.s3().create_bucket(Bucket=bucket)
    stack.elasticsearch("start")
    stack.env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/localoffer",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_TABLE": "localoffer_cache",
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{ES_PORT}",
        "ELASTICSEARCH_INDEX_PREFIX": f"stack-{uuid.uuid4().hex[:8]}",
        "ELASTICSEARCH_TIMEOUT": "20",
        "AWS_STORAGE_BUCKET_NAME": stack.bucket_media,
        "AWS_PRIVATE_BUCKET_NAME": stack.bucket_private,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_ACCESS_KEY_ID": S3_KEYS["S3_ACCESS_KEY"],
        "AWS_SECRET_ACCESS_KEY": S3_KEYS["S3_SECRET_KEY"],
        "AWS_S3_REGION_NAME": "us-east-1",
        # The load generator is one client address: the per-client search and API limits would answer
        # it 429 (those limits are tested in tests/accounts/test_rate_limits.py).
        "SEARCH_RATE_LIMIT": "",
        "API_RATE_LIMIT": "",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "LOG_LEVEL": "WARNING",
    }
    try:
        stack.manage("createcachetable")
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput", "-v", "0")
        assert "seeded" in stack.shell(SEED)
        stack.manage("search_index", "rebuild", env={"ELASTICSEARCH_TIMEOUT": "120"})  # a bulk load, once
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        for name, port in zip(("app-a", "app-b"), APP_PORTS, strict=True):
            stack.start(
                name, [gunicorn, "--config", "docker/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "config.wsgi"]
            )
        for port in APP_PORTS:
            wait_for_http(port)
        (run_dir / "nginx.conf").write_text(
            NGINX_CONF.format(run=run_dir, a=APP_PORTS[0], b=APP_PORTS[1], port=NGINX_PORT)
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        stack.start("nginx", [nginx, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir), "-g", "daemon off;"])
        wait_for_http(NGINX_PORT)
        stack.start_worker()
        yield stack
    finally:
        for name in list(stack.processes):
            stack.stop(name)
        stack.elasticsearch("stop")
        run(["scripts/s3.sh", "stop"], cwd=ROOT, env={**os.environ, "S3_PORT": str(S3_PORT)}, check=False)
        stack.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)
