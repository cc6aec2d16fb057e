"""docker/ checked statically (no Docker engine runs here): the compose file, the Dockerfile and what they name."""

import ast
import fnmatch
import http.server
import os
import re
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
SERVICES_WITH_APP_ENVIRONMENT = ("app", "worker", "migrate")
# Read with a development default in config/settings.py, but a deploy must set them.
REQUIRED_IN_PRODUCTION = {"SECRET_KEY", "DATABASE_URL", "ELASTICSEARCH_URL", "ALLOWED_HOSTS"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", (DOCKER / "Dockerfile").read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def environment_variables_read(path: Path) -> dict[str, bool]:
    """Every environment variable a settings module reads: {name: has a default}."""
    found: dict[str, bool] = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                found.setdefault(node.slice.value, False)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = ast.unparse(node.func)
            if function in {"os.environ.get", "os.getenv"}:
                found[node.args[0].value] = found.get(node.args[0].value, False) or len(node.args) > 1
            elif function in {"env_flag", "env_list", "os.environ.setdefault"}:
                found[node.args[0].value] = True
    return found


def settings_environment() -> dict[str, bool]:
    read: dict[str, bool] = {}
    for module in ("settings.py", "production.py"):
        for name, has_default in environment_variables_read(ROOT / "config" / module).items():
            read[name] = read.get(name, True) and has_default
    return read


def test_settings_parser_finds_the_variables_the_app_reads():
    read = settings_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "ELASTICSEARCH_URL", "ALLOWED_HOSTS", "EMAIL_HOST"} <= read.keys()
    assert read["SECRET_KEY"] is False  # production.py reads it with no default


def test_compose_has_the_services_with_health_checks(compose):
    services = compose["services"]
    assert {"app", "worker", "db", "elasticsearch", "migrate"} <= services.keys()
    for name in ("app", "worker", "db", "elasticsearch"):
        healthcheck = services[name].get("healthcheck", {})
        assert healthcheck.get("test") and not healthcheck.get("disable"), f"{name} has no health check"
    assert services["db"]["image"] == "postgres:16"
    assert "pg_isready" in str(services["db"]["healthcheck"]["test"])
    assert re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.19\.\d+", services["elasticsearch"]["image"]
    )
    assert "_cluster/health" in str(services["elasticsearch"]["healthcheck"]["test"])
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"


def test_compose_runs_gunicorn_the_worker_and_migrations(compose):
    services = compose["services"]
    assert services["app"]["command"][:1] == ["gunicorn"] and "config.wsgi" in services["app"]["command"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["migrate"]["command"][-1].startswith("python manage.py migrate --noinput && ")
    for name in ("app", "worker"):
        depends_on = services[name]["depends_on"]
        assert depends_on["db"]["condition"] == "service_healthy"
        assert depends_on["elasticsearch"]["condition"] == "service_healthy"
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_every_management_command_compose_runs_exists(compose):
    from django.core.management import get_commands

    commands = set()
    for service in compose["services"].values():
        command = service.get("command") or []
        text = command if isinstance(command, str) else " ".join(command)
        commands |= set(re.findall(r"manage\.py (\w+)", text))
    assert {"migrate", "db_worker", "search_index", "publish_scheduled", "run_budget_schedules"} <= commands
    missing = sorted(commands - set(get_commands()))
    assert not missing, f"compose runs management commands that do not exist: {missing}"


def test_every_required_variable_is_set_for_the_app_and_worker(compose):
    required = {name for name, has_default in settings_environment().items() if not has_default}
    required |= REQUIRED_IN_PRODUCTION
    for service in SERVICES_WITH_APP_ENVIRONMENT:
        environment = compose["services"][service]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.production"
        missing = sorted(name for name in required if not str(environment.get(name) or "").strip())
        assert not missing, f"{service} does not set {missing}"


def test_compose_sets_only_variables_something_reads(compose):
    """A misspelt name (ELASTICSEARCH_URI) would be silently ignored: every name must be read somewhere."""
    read = set(settings_environment()) | {"DJANGO_SETTINGS_MODULE"}
    for path in DOCKER.glob("*.py"):
        read |= set(environment_variables_read(path))
    unknown = sorted(set(compose["services"]["app"]["environment"]) - read)
    assert not unknown, f"compose sets variables nothing reads: {unknown}"


def test_compose_database_and_search_addresses_point_at_its_services(compose):
    environment = compose["services"]["app"]["environment"]
    assert re.fullmatch(
        r"postgres://localoffer:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/localoffer", environment["DATABASE_URL"]
    )
    assert environment["ELASTICSEARCH_URL"].endswith("@elasticsearch:9200")
    assert compose["services"]["db"]["environment"]["POSTGRES_DB"] == "localoffer"


def test_required_compose_variables_are_in_the_example_env_file(compose):
    text = (DOCKER / "compose.yaml").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", text))
    example = {line.split("=", 1)[0] for line in (DOCKER / ".env.example").read_text().splitlines() if "=" in line}
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ELASTIC_PASSWORD"} <= required
    assert required <= example


def test_compose_builds_the_dockerfile_it_names(compose):
    for name in SERVICES_WITH_APP_ENVIRONMENT:
        build = compose["services"][name]["build"]
        context = (DOCKER / build["context"]).resolve()
        assert context == ROOT
        assert (context / build["dockerfile"]).is_file()


def dockerignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    return any(fnmatch.fnmatch(prefix, pattern.removeprefix("**/")) for pattern in patterns for prefix in prefixes)


def test_every_file_the_dockerfile_copies_exists_and_reaches_the_build(dockerfile):
    copied = []
    for keyword, arguments in dockerfile:
        if keyword == "COPY" and "--from=" not in arguments:
            sources = [word for word in shlex.split(arguments) if not word.startswith("--")][:-1]
            copied += sources
    assert "requirements.txt" in copied and "manage.py" in copied
    for source in copied:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
        assert not dockerignored(source), f"the Dockerfile copies {source}, but .dockerignore leaves it out"
    for app in ("config", "accounts", "localoffer", "places", "budgets", "search", "spreadsheets", "templates", "data"):
        assert app in copied, f"the image would not contain {app}/"


def test_the_image_holds_every_app_of_this_project():
    """An app the settings install but the image lacks would stop the production server at start-up."""
    apps = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
    copied = set(re.findall(r"^COPY (\w+) \./\1$", (DOCKER / "Dockerfile").read_text(), flags=re.M))
    assert apps and not [app for app in apps if app not in copied]


def test_dockerfile_is_multi_stage_non_root_and_runs_gunicorn(dockerfile):
    stages = [arguments for keyword, arguments in dockerfile if keyword == "FROM"]
    assert stages[0].startswith("node:") and "AS frontend" in stages[0]
    assert stages[-1].startswith("python:3.11-slim")
    runs = " ".join(arguments for keyword, arguments in dockerfile if keyword == "RUN")
    assert "npm ci" in runs and "node frontend/build.mjs" in runs
    assert "pip install -r requirements.txt -c constraints.txt" in runs
    assert "collectstatic" in runs
    environment = " ".join(arguments for keyword, arguments in dockerfile if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=config.production" in environment

    users = [arguments.split(":")[0] for keyword, arguments in dockerfile if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    last_user = max(index for index, (keyword, _) in enumerate(dockerfile) if keyword == "USER")
    last_command = max(index for index, (keyword, _) in enumerate(dockerfile) if keyword in {"CMD", "ENTRYPOINT"})
    assert last_user < last_command

    command = [arguments for keyword, arguments in dockerfile if keyword == "CMD"][-1]
    assert "gunicorn" in command and "config.wsgi" in command
    assert any(keyword == "HEALTHCHECK" for keyword, _ in dockerfile)
    entrypoint = DOCKER / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK) and entrypoint.read_text().rstrip().endswith('exec "$@"')


def test_whitenoise_and_gunicorn_are_installed_and_whitenoise_serves_static(settings):
    requirements = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^gunicorn==", requirements, re.MULTILINE)
    assert re.search(r"^whitenoise==", requirements, re.MULTILINE)
    assert settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1
    gunicorn_config = {}
    exec((DOCKER / "gunicorn.conf.py").read_text(), gunicorn_config)  # noqa: S102 - our own config file
    assert gunicorn_config["bind"] == "0.0.0.0:8000"


def read_gunicorn_config(monkeypatch, **environment) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = {}
    exec((DOCKER / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own config file
    return config


def test_gunicorn_runs_two_sync_workers_per_core_unless_told(monkeypatch):
    """Sync workers (one thread each) spread concurrent requests over the cores; 3 workers x 2 threads
    with keep-alive managed half the throughput on 2 cores (docs/performance.md)."""
    default = read_gunicorn_config(monkeypatch)
    assert default["threads"] == 1  # gunicorn's sync worker
    assert default["workers"] == 2 * os.cpu_count()
    told = read_gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="4")
    assert (told["workers"], told["threads"]) == (3, 4)


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    status = 200
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _RecordingHandler.seen.append(dict(self.headers))
        self.send_response(_RecordingHandler.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("status, healthy", [(200, True), (301, True), (500, False)])
def test_web_health_check_asks_as_the_proxy_would(status, healthy):
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    _RecordingHandler.status, _RecordingHandler.seen = status, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        environment = {
            **os.environ,
            "PORT": str(server.server_address[1]),
            "ALLOWED_HOSTS": ".example.gov.uk,localoffer.example.gov.uk",
        }
        result = subprocess.run(
            [sys.executable, str(DOCKER / "healthcheck.py"), "web"], env=environment, capture_output=True, timeout=30
        )
    finally:
        server.shutdown()
        server.server_close()
    assert (result.returncode == 0) is healthy
    assert _RecordingHandler.seen[0]["Host"] == "localoffer.example.gov.uk"
    assert _RecordingHandler.seen[0]["X-Forwarded-Proto"] == "https"


def test_gunicorn_workers_freeze_what_they_loaded_before_serving(monkeypatch):
    """The site's modules leave the garbage collector's full passes once a worker has loaded them
    (halved a common-word search's time, docs/performance.md)."""
    import gc

    config = read_gunicorn_config(monkeypatch)
    thresholds = gc.get_threshold()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, Wagtail and every view module
        assert gc.get_threshold()[0] == 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
