"""The site on more than one machine: shared files, search that survives its cluster going away, a
task worker that can die, a database that restarts, and backups that restore."""

import hashlib
import http.client
import io
import json
import random
import signal
import socket
import string
import subprocess
import threading
import time
import uuid

import pytest
from PIL import Image

from tests.stack.conftest import APP_PORTS, NGINX_PORT, PG_BIN, PG_PORT, run

pytestmark = pytest.mark.stack

PHRASES = ["autism", "speech therapy", "swimming", "sensory", "respite", "ADHD support", "music"]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    return response, response.read()


def token(prefix="stack"):
    return prefix + "".join(random.choices(string.ascii_lowercase, k=10))


def signed_in_cookie(stack) -> str:
    key = stack.shell(
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='stackparent')\n"
        "session = SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(session.session_key)\n"
    )
    return f"sessionid={key.strip()}"


class Load:
    """Visitors asking for directory searches no cache has seen, through nginx, until stopped."""

    def __init__(self, users=4, extra_paths=()):
        self.records = []  # (time, status) where status 0 is a failed connection
        self.running = True
        self.extra_paths = list(extra_paths)
        self.threads = [threading.Thread(target=self.visitor, args=(n,)) for n in range(users)]

    def visitor(self, number):
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=60)
        while self.running:
            if self.extra_paths and rng.random() < 0.3:
                path = rng.choice(self.extra_paths)
            else:
                words = f"{rng.choice(PHRASES)} {rng.randrange(10**6)}".replace(" ", "+")
                path = f"/services/?q={words}"
            try:
                connection.request("GET", path, headers={"Host": "localhost"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=60)
            self.records.append((time.time(), status))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()

    def failures(self, since=0.0, until=float("inf")):
        return [(at, status) for at, status in self.records if since <= at <= until and status != 200]


def find_in_index(stack, text) -> int:
    """How many services Elasticsearch itself (no fallback) finds for `text`."""
    out = stack.shell(
        "from search.backends import get_backend\n"
        "from search.api import ServiceQuery\n"
        "backend = get_backend()\n"
        "assert backend.name == 'elasticsearch'\n"
        "try:\n"
        f"    print(backend.find_services(ServiceQuery(text={text!r})).total)\n"
        "except Exception:\n"
        "    print(-1)\n"
    )
    return int(out.strip().splitlines()[-1])


def rename_services(stack, word, count) -> list[int]:
    out = stack.shell(
        "from localoffer.models import ServicePage\n"
        f"pages = list(ServicePage.objects.live().order_by('?')[:{count}])\n"
        "for page in pages:\n"
        f"    page.title = page.title + ' {word}'\n"
        "    page.save_revision().publish()\n"
        "print(','.join(str(page.pk) for page in pages))\n"
    )
    return [int(pk) for pk in out.strip().splitlines()[-1].split(",")]


def wait_until(check, seconds, interval=3.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def test_a_receipt_uploaded_through_one_server_downloads_through_the_other(stack):
    cookie = signed_in_cookie(stack)
    budget, entry = (
        stack.shell(
            "from budgets.models import LedgerEntry\n"
            "entry = LedgerEntry.objects.select_related('budget').order_by('pk').first()\n"
            "print(entry.budget.uuid, entry.pk)\n"
        )
        .strip()
        .split()
    )
    response, html = request(APP_PORTS[0], "GET", f"/budgets/{budget}/entries/{entry}/", headers={"Cookie": cookie})
    assert response.status == 200
    csrf_cookie = response.getheader("Set-Cookie").split("csrftoken=")[1].split(";")[0]
    form_token = html.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    boundary = uuid.uuid4().hex
    content = png_bytes()
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{form_token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="receipt.html"\r\n'
            f"Content-Type: text/html\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response, _ = request(
        APP_PORTS[0],
        "POST",
        f"/budgets/{budget}/entries/{entry}/evidence/",
        body=body,
        headers={
            "Cookie": f"{cookie}; csrftoken={csrf_cookie}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert response.status == 302, response.status
    evidence_id, name = stack.shell(
        "from budgets.models import Evidence\n"
        f"item = Evidence.objects.filter(entry_id={entry}).latest('pk')\n"
        "print(item.pk, item.file.name)\n"
    ).split()
    assert name.endswith(".png") and "receipt" not in name
    keys = [item["Key"] for item in stack.s3().list_objects_v2(Bucket=stack.bucket_private)["Contents"]]
    assert f"private/{name}" in keys
    response, downloaded = request(
        APP_PORTS[1], "GET", f"/budgets/{budget}/evidence/{evidence_id}/", headers={"Cookie": cookie}
    )
    assert response.status == 200 and downloaded == content
    assert response.getheader("Content-Disposition") == 'attachment; filename="receipt.png"'
    response, _ = request(APP_PORTS[1], "GET", f"/budgets/{budget}/evidence/{evidence_id}/")
    assert response.status == 302  # not signed in: to the sign-in page, never the file


def test_elasticsearch_going_away_mid_load_costs_no_errors_and_no_updates(stack):
    word = token()
    with Load() as load:
        time.sleep(3)
        stack.elasticsearch("stop")
        renamed = rename_services(stack, word, 5)  # published while the cluster is away
        time.sleep(5)
        stack.elasticsearch("start")
        time.sleep(3)
    served = [status for _, status in load.records]
    assert len(served) > 20 and load.failures() == []  # the database backend answered meanwhile
    # Every publish reaches the index once the cluster is back (the worker retries with a delay).
    assert wait_until(lambda: find_in_index(stack, word) == len(renamed), seconds=420, interval=10)


RUNNING_TASKS = (
    "from django_tasks_db.models import DBTaskResult\nprint(DBTaskResult.objects.filter(status='RUNNING').count())"
)


def test_a_worker_killed_mid_task_has_its_task_retried(stack):
    stack.stop("worker")
    # An Elasticsearch that accepts connections and never answers: the task hangs mid-way.
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(16)
    hanging = stack.start_worker(
        "hanging-worker",
        env={"ELASTICSEARCH_URL": f"http://127.0.0.1:{blackhole.getsockname()[1]}", "ELASTICSEARCH_TIMEOUT": "300"},
    )
    word = token()
    try:
        (page_id,) = rename_services(stack, word, 1)
        running = RUNNING_TASKS
        assert wait_until(lambda: stack.shell(running).strip().endswith("1"), seconds=60, interval=2)
        stack.stop("hanging-worker", sig=signal.SIGKILL)
        assert hanging.poll() is not None
        assert stack.shell(running).strip().endswith("1")  # left RUNNING by the dead worker
        out = stack.manage("requeue_stalled_tasks", "--older-than", "1").stdout
        assert "1 stalled task requeued" in out
    finally:
        blackhole.close()
        stack.start_worker()
    assert wait_until(lambda: find_in_index(stack, word) == 1, seconds=120, interval=5)


def test_a_postgresql_restart_costs_seconds_not_the_site(stack):
    pages = [f"/services/service-{n}/" for n in range(0, 150, 7)]
    with Load(extra_paths=pages) as load:
        time.sleep(3)
        restart_started = time.time()
        # -l: the restarted server must not inherit this process's pipes (run() would wait on them for ever).
        stack.pg_ctl("-m", "fast", "-w", "-l", str(stack.base / "pg" / "server.log"), "restart")
        restart_done = time.time()
        time.sleep(15)
    assert not load.failures(until=restart_started)
    # Failures only while the database was away and just after; then every request is served.
    assert not load.failures(since=restart_done + 5), load.failures(since=restart_done + 5)
    after = [status for at, status in load.records if at > restart_done + 5]
    assert len(after) > 20


def _sync_bucket(s3, source, target):
    """What `aws s3 sync s3://source s3://target` (or `rclone sync`) does, for the drill."""
    s3.create_bucket(Bucket=target)
    for item in s3.list_objects_v2(Bucket=source).get("Contents", []):
        if not item["Key"].endswith("/"):
            s3.copy_object(Bucket=target, Key=item["Key"], CopySource={"Bucket": source, "Key": item["Key"]})


FIGURES = """
import hashlib, json
from budgets import ledger
from budgets.models import Budget, Evidence
balances = {}
for budget in Budget.objects.order_by("pk"):
    allocated = sum((element.allocated_amount for element in budget.elements.all()), ledger.ZERO)
    amounts = [entry.amount for entry in budget.entries.filter(is_deleted=False)]
    balances[str(budget.uuid)] = str(ledger.balance(amounts, opening=allocated))
receipts = {}
for item in Evidence.objects.order_by("pk"):
    with item.file.open("rb") as handle:
        receipts[item.file.name] = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({"balances": balances, "receipts": receipts}))
"""


def test_a_backup_restores_into_a_fresh_database_with_every_balance_and_receipt(stack, tmp_path):
    # A receipt on every budget, so the drill has something to compare.
    stack.shell(
        "import io\n"
        "from PIL import Image\n"
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from budgets import services\n"
        "from budgets.models import Budget\n"
        "for n, budget in enumerate(Budget.objects.all()):\n"
        "    buffer = io.BytesIO(); Image.new('RGB', (5 + n, 5), 'teal').save(buffer, 'PNG')\n"
        "    entry = budget.entries.first()\n"
        "    upload = SimpleUploadedFile(f'r{n}.png', buffer.getvalue())\n"
        "    services.add_evidence(entry=entry, actor=None, upload=upload, content_type='image/png')\n"
    )
    before = json.loads(stack.shell(FIGURES).strip().splitlines()[-1])
    assert len(before["balances"]) == 3 and len(before["receipts"]) >= 3
    # Back up: the database with pg_dump, the private bucket with a bucket sync.
    dump = tmp_path / "localoffer.dump"
    pg = ["-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres"]
    run([str(PG_BIN / "pg_dump"), *pg, "-Fc", "-f", str(dump), "localoffer"])
    backup_bucket = f"{stack.bucket_private}-backup"
    _sync_bucket(stack.s3(), stack.bucket_private, backup_bucket)
    # Restore into a fresh database and a fresh bucket, and read the figures back from them.
    run([str(PG_BIN / "createdb"), *pg, "localoffer_restored"])
    run([str(PG_BIN / "pg_restore"), *pg, "--no-owner", "-d", "localoffer_restored", str(dump)])
    restored_bucket = f"{stack.bucket_private}-restored"
    _sync_bucket(stack.s3(), backup_bucket, restored_bucket)
    after = json.loads(
        stack.shell(
            FIGURES,
            env={
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/localoffer_restored",
                "AWS_PRIVATE_BUCKET_NAME": restored_bucket,
            },
        )
        .strip()
        .splitlines()[-1]
    )
    assert after == before
    assert hashlib.sha256(b"").hexdigest() not in after["receipts"].values()
    subprocess.run([str(PG_BIN / "dropdb"), *pg, "localoffer_restored"], check=False)
