"""The import rules in CONVENTIONS.md, checked by parsing every source file (imports inside functions too).

- `budgets` and `localoffer` never import each other (a budget line stores a service's UUID).
- `elasticsearch` / `elasticsearch_dsl` are imported only under `search/`.
- `localoffer` reaches `search` only through `search.api`, and only from request-handling code (its views,
  the ORUK API package) and the ORUK import package, which runs from views, commands and tasks: importing
  it in `models.py` would cycle at start-up.
- `places` (postcodes and distance) is the ground floor: it imports no other app of the project, and
  every app may import it. Nothing defines its own haversine or earth radius outside it.
- `search.text` (the text pipeline) imports no app at all; `search.query` (query and result types)
  imports only `places`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("localoffer", "budgets", "search", "config", "places")
PROJECT_APPS = ("localoffer", "budgets", "search", "config", "places", "accounts")
GROUND_FLOORS = {"search/text.py": (), "search/query.py": ("places",)}
ELASTICSEARCH_PACKAGES = ("elasticsearch", "elasticsearch_dsl")


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) for each import in `source`, relative imports resolved against `module`'s package."""
    package = module.split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            # `from search import api` imports the module search.api
            found += [(node.lineno, f"{prefix}.{alias.name}") for alias in node.names]
            found.append((node.lineno, prefix))
    return found


def source_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts)  # a package's __init__ keeps `.__init__`, so `..` resolves from the package


def is_package(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(path: Path, source: str | None = None) -> list[str]:
    relative = path.relative_to(ROOT)
    app = relative.parts[0]
    source = path.read_text() if source is None else source
    problems = []
    for line, name in imported_modules(source, module_name(path)):
        where = f"{relative}:{line} imports {name}"
        if app == "budgets" and is_package(name, "localoffer"):
            problems.append(f"{where}: budgets must not import localoffer (store the service's UUID)")
        if app == "localoffer" and is_package(name, "budgets"):
            problems.append(f"{where}: localoffer must not import budgets")
        if app != "search" and any(is_package(name, package) for package in ELASTICSEARCH_PACKAGES):
            problems.append(f"{where}: only search/ may import Elasticsearch")
        if app == "localoffer" and is_package(name, "search"):
            if not (name == "search" or is_package(name, "search.api")):
                problems.append(f"{where}: localoffer may use only search.api")
            elif not is_request_handling(relative):
                problems.append(f"{where}: only localoffer's views may call search.api")
        if app == "places" and any(is_package(name, other) for other in PROJECT_APPS if other != "places"):
            problems.append(f"{where}: places is the ground floor and imports no other app")
        allowed = GROUND_FLOORS.get(relative.as_posix())
        if allowed is not None and any(is_package(name, other) for other in PROJECT_APPS if other not in allowed):
            problems.append(f"{where}: {relative} is a ground floor and imports only {allowed or 'no app'}")
    if app != "places" and ("EARTH_RADIUS" in source or "asin(" in source):
        problems.append(f"{relative}: distances are measured by places.distance only (one haversine, one radius)")
    return problems


def is_request_handling(relative: Path) -> bool:
    parts = relative.with_suffix("").parts
    return "views" in parts or parts[:2] in {("localoffer", "api"), ("localoffer", "oruk")}


@pytest.mark.parametrize("app", APPS)
def test_app_keeps_to_the_import_rules(app):
    files = list(source_files(app))
    assert files, f"no Python files found under {app}/"
    problems = [problem for path in files for problem in violations(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path, source, expected",
    [
        ("budgets/models.py", "from localoffer.models import ServicePage", "budgets must not import localoffer"),
        ("localoffer/forms.py", "def f():\n    import budgets.ledger", "localoffer must not import budgets"),
        ("localoffer/views.py", "from elasticsearch_dsl import Search", "only search/ may import Elasticsearch"),
        ("budgets/tasks.py", "import elasticsearch", "only search/ may import Elasticsearch"),
        ("localoffer/models.py", "from search.api import find_services", "only localoffer's views may call"),
        ("localoffer/views.py", "from search.backends import database", "localoffer may use only search.api"),
        ("localoffer/views.py", "from search import documents", "localoffer may use only search.api"),
        ("localoffer/demo/__init__.py", "from ...search import api", "only localoffer's views may call"),
        ("places/postcodes.py", "from localoffer.models import PostcodePoint", "places is the ground floor"),
        ("places/distance.py", "def f():\n    from search import api", "places is the ground floor"),
        ("search/text.py", "from localoffer.models import ServicePage", "is a ground floor"),
        ("search/query.py", "from .models import GlossaryEntry", "is a ground floor"),
        ("localoffer/api/filters.py", "EARTH_RADIUS_METRES = 6_371_008.8", "places.distance only"),
        ("search/backends/base.py", "import math\nmath.asin(1)", "places.distance only"),
    ],
)
def test_checker_catches_each_kind_of_violation(path, source, expected):
    problems = violations(ROOT / path, source)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "path, source",
    [
        ("localoffer/views.py", "from search.api import ServiceQuery, find_services"),
        ("localoffer/views.py", "from search import api"),
        ("localoffer/api/filters.py", "def f():\n    from search.api import find_services"),
        ("search/backends/elasticsearch.py", "from elasticsearch_dsl import Search\nfrom localoffer.models import X"),
        ("localoffer/models.py", "from wagtail.search import index\nfrom places.postcodes import lookup_postcode"),
        ("search/backends/base.py", "from places.distance import miles_between"),
        ("search/query.py", "from places.postcodes import outcode_is_valid"),
        ("places/distance.py", "import math\nEARTH_RADIUS_METRES = 6_371_008.7714"),
    ],
)
def test_checker_allows_what_the_rules_allow(path, source):
    assert violations(ROOT / path, source) == []
