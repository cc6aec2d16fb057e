"""No public or family URL answers a hostile request with a server error.

The URLs are generated from the URL conf (`get_resolver()`), so a new view is fuzzed as soon as it is
routed: each top-level include is either fuzzed as the public or as a signed-in budget holder, or is
listed in OUT_OF_SCOPE with the reason. Wagtail's page route is fuzzed once per page type, and every
page type must have a live page here. For each URL, Hypothesis sends GET requests with hostile query
strings and POSTs the URL's own form (its fields found on the page) with hostile values: 5,000-digit
numbers, 1E+40, NaN, full-width digits, "£1,2,3", null bytes, dates at the calendar's edge with
offsets, 999-word searches, and real attack strings from SecLists and PayloadsAllTheThings
(tests/security/payloads/README.md). Every answer must be below 500.

Deterministic (`derandomize=True`) with a few examples per URL, so CI runs the same requests each time;
run `FUZZ_PROFILE=fuzz-deep pytest tests/security` for a longer, random look.
"""

import os
import re
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.models import Page, get_page_models

# Set per test (not loaded globally) so other modules' Hypothesis tests keep their own settings.
FUZZ_SETTINGS = settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))

ROOT = Path(__file__).resolve().parent.parent.parent
PAYLOADS = Path(__file__).resolve().parent / "payloads"

PUBLIC, FAMILY, PROVIDER = "public", "family", "provider"

# Each top-level include of config/urls.py, by (route prefix, included URL conf): who fuzzes it.
SCOPES = {
    # config/urls.py's own patterns: the closed Wagtail, Django admin and password reset doors that
    # redirect to allauth, posted to by anyone.
    ("", "config.urls"): (PUBLIC,),
    ("", "localoffer.urls"): (PUBLIC,),
    ("", "wagtail.urls"): (PUBLIC,),
    ("documents/", "wagtail.documents.urls"): (PUBLIC,),
    ("search/", "search.urls"): (PUBLIC,),
    ("api/oruk/", "localoffer.api.urls"): (PUBLIC,),
    ("budgets/", "budgets.urls"): (FAMILY,),
    ("providers/", "providers.urls"): (PROVIDER,),
    # A shortlist is kept for visitors and for account holders alike; problem reports are anonymous.
    ("shortlist/", "shortlist.urls"): (PUBLIC, FAMILY),
    ("report-a-problem/", "problems.urls"): (PUBLIC,),
    # Sign-in and sign-up are attacked by strangers; email, password and 2FA pages by account holders.
    ("accounts/", "allauth.urls"): (PUBLIC, FAMILY),
}
OUT_OF_SCOPE = {
    ("admin/", "wagtail.admin.urls"): "staff only, behind sign-in with two-factor authentication; the "
    "admin permission walk covers every admin URL as each kind of staff member",
    ("django-admin/", "admin"): "Django's own admin: staff only, and closed to everyone but superusers",
}

HUGE_INTEGER = "9" * 5000
HOSTILE = [
    HUGE_INTEGER,
    "-" + HUGE_INTEGER,
    "1" + "0" * 30,
    "1E+40",
    "1e308",
    "-1E+40",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "-0",
    "0",
    "-1",
    "2147483648",
    "9223372036854775808",
    "0.000000000000000000001",
    "\uff11\uff12\uff13",  # full-width 123
    "\uff11\uff12\uff13.\uff14\uff15",
    "£1,2,3",
    "1,2,3",
    "12.345.678,90",
    "(12.50)",
    "12.50-",
    "\u00a312.50",
    "\x00",
    "1\x00",
    "a" * 10_000,
    "\u202e\u0645\u0631\u062d\u0628\u0627",  # right-to-left override, then Arabic
    "\U0001f600" * 50,
    "Z\u0364\u0351\u0313\u0324\u0354",  # combining marks
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-02-30",
    "31/02/2026",
    "00:00",
    "25:61",
    " ".join(["autism"] * 999),
    " ".join(["OR"] * 300),
    "NW1 2DB " * 100,
    "true",
    "[]",
    "{}",
    "../../../../etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "//evil.example/",
]
for payload_file in sorted(PAYLOADS.glob("*.txt")):
    HOSTILE += [line for line in payload_file.read_text(encoding="utf-8").splitlines() if line]

# Real statement layouts from the budgets tests (a Barclays CSV export and a bank's OFX 1.02 file), with
# their first amount replaced by a hostile one, plus files that are not statements at all.
BANK_FIXTURES = ROOT / "tests" / "budgets" / "fixtures"
OFX = (BANK_FIXTURES / "statement.ofx").read_bytes()
CSV = (BANK_FIXTURES / "barclays.csv").read_bytes()
HOSTILE_FILES = [
    ("amount-1E40.ofx", OFX.replace(b"<TRNAMT>1250.00", b"<TRNAMT>1E+40", 1)),
    ("amount-NaN.ofx", OFX.replace(b"<TRNAMT>1250.00", b"<TRNAMT>NaN", 1)),
    ("amount-30-digits.qfx", OFX.replace(b"<TRNAMT>1250.00", b"<TRNAMT>" + b"9" * 30, 1)),
    ("amount-1E40.csv", CSV.replace(b"1250.00", b"1E+40", 1)),
    ("amount-pounds-commas.csv", CSV.replace(b"1250.00", "£1,2,3".encode(), 1)),
    ("date-year-1.csv", CSV.replace(b"02/01/2025", b"0001-01-01", 1)),
    ("receipt.html", b"<script>alert(1)</script>"),
    ("../../receipt.pdf", b"%PDF-1.4\n%%EOF\n"),
    ("empty.csv", b""),
    ("nul.csv", b"\x00" * 64),
]


def hostile_values():
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(HOSTILE),  # twice: the published payloads weigh more than random text
        st.text(max_size=30),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats().map(repr),
    )


# Which URLs exist --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # as Django prints it, for messages
    name: str  # namespaced, for reverse()
    pattern: URLPattern
    include: tuple[str, str]  # (top-level route, included URL conf)


def _urlconf_name(resolver: URLResolver) -> str:
    name = resolver.urlconf_name
    if isinstance(name, str):
        return name
    if hasattr(name, "__name__"):  # an included module
        return name.__name__
    return resolver.namespace or resolver.app_name or repr(name)  # a list, such as admin.site.urls


def routes() -> list[Route]:
    found = []

    def walk(patterns, prefix, namespace, include):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = include or (str(entry.pattern), _urlconf_name(entry))
                ns = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry.url_patterns, prefix + str(entry.pattern), ns, inner)
            else:
                name = ":".join(part for part in (namespace, entry.name) if part)
                found.append(Route(prefix + str(entry.pattern), name, entry, include or ("", "config.urls")))

    walk(get_resolver().url_patterns, "", "", None)
    return found


def fuzzed_routes() -> list[tuple[str, Route]]:
    return [(scope, route) for route in routes() for scope in SCOPES.get(route.include, ())]


PAGE_KINDS = ["home", "directory", "service", "information", "you_said_we_did"]


def targets():
    """(scope, route, page kind or None) for each fuzz test: one per URL, one per page type."""
    found = []
    for scope, route in fuzzed_routes():
        if route.name == "wagtail_serve":
            found += [(scope, route, kind) for kind in PAGE_KINDS + ["missing"]]
        else:
            found.append((scope, route, None))
    return found


def target_id(target):
    scope, route, kind = target
    return f"{scope}:{route.name or route.route}" + (f":{kind}" if kind else "")


def test_every_url_is_fuzzed_or_out_of_scope_with_a_reason():
    unclassified = sorted(
        {f"{r.include[0]!r} -> {r.include[1]}" for r in routes() if r.include not in SCOPES | OUT_OF_SCOPE}
    )
    assert not unclassified, f"add each include to SCOPES or OUT_OF_SCOPE (with a reason): {unclassified}"
    assert all(reason.strip() for reason in OUT_OF_SCOPE.values())
    names = {route.name for _, route in fuzzed_routes()}
    assert {"budgets:entry_create", "oruk-services", "wagtail_serve", "account_login"} <= names
    assert len(fuzzed_routes()) > 60


def test_every_page_type_has_a_page_in_the_fuzz(world):
    fuzzed = {type(world["pages"][kind].specific) for kind in PAGE_KINDS}
    assert set(get_page_models()) - {Page} <= fuzzed


# Building a request ------------------------------------------------------------------------------

# Values that are not ids of real rows, for a URL's own path parts.
ODD_PATH_VALUES = ["0", "1", "9" * 30, "a" * 300, str(uuid.UUID(int=0)), "not-an-id", "x-y"]


def path_arguments(route: Route, world: dict) -> dict:
    """The route's keyword arguments, as real ids where the world has one (so the view body runs)."""
    names = list(route.pattern.pattern.converters) or list(route.pattern.pattern.regex.groupindex)
    if route.include == ("providers/", "providers.urls"):  # the provider's own service, place and invitation
        return {name: world["provider"]["kwargs"].get(name) for name in names}
    known = world["kwargs"].get(route.name, {}) | world["kwargs"].get("*", {})
    return {name: known.get(name) for name in names}


# The project's own family pages must reach their view's code: a path naming an object the family
# fixture does not have would only ever be a 404.
STRICT_INCLUDES = {("budgets/", "budgets.urls"), ("providers/", "providers.urls")}


def real_path(scope, route, kind, world) -> str:
    """The URL with real ids wherever the world has them (others: the first odd value that fits)."""
    if route.name == "wagtail_serve":
        return "/no-such-page/" if kind == "missing" else world["pages"][kind].url
    real = path_arguments(route, world)
    if route.include in STRICT_INCLUDES and None in real.values():
        missing = sorted(name for name, value in real.items() if value is None)
        pytest.fail(f"{route.route}: add a real {missing} to the family fixture so the fuzz reaches the view")
    groups = route.pattern.pattern.regex.groups if not real else 0
    for odd in ODD_PATH_VALUES:
        try:
            if real:
                return reverse(route.name, kwargs={n: odd if v is None else v for n, v in real.items()})
            return reverse(route.name, args=[odd] * groups)
        except NoReverseMatch:
            continue
    pytest.fail(f"{route.route}: none of the fuzz's path values fit it")


def fuzzed_path(scope, route, kind, world, data) -> str:
    """Mostly the real path; sometimes ids that are not rows, or a page that does not exist."""
    path = real_path(scope, route, kind, world)
    if route.name == "wagtail_serve":
        if kind == "missing":
            return "/" + data.draw(st.sampled_from(["no-such-page/", "a/" * 50, "%00/", "services/" + "x" * 300 + "/"]))
        return path
    real = path_arguments(route, world)
    if not real or data.draw(st.integers(0, 4)):
        return path
    odd = {name: data.draw(st.sampled_from(ODD_PATH_VALUES)) for name in real}
    try:
        return reverse(route.name, kwargs=odd)
    except NoReverseMatch:
        return path


QUERY_NAME = re.compile(r"(?:GET|params|query_params)\.get(?:list)?\(\s*[\"'](\w{1,40})[\"']")
FORM_NAME = re.compile(r"POST\.get(?:list)?\(\s*[\"'](\w{1,40})[\"']|POST\[[\"'](\w{1,40})[\"']\]")


def query_parameter_names() -> list[str]:
    """Every query parameter the project's code reads, plus the ones attackers try on any site."""
    names = {"page", "q", "search", "next", "format", "export", "redirect_to", "id", "sort", "ordering"}
    for app in ("localoffer", "budgets", "search", "config"):
        for path in (ROOT / app).rglob("*.py"):
            names |= set(QUERY_NAME.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


QUERY_NAMES = query_parameter_names()


def form_names_read_by_code() -> list[str]:
    """Fields views read straight from request.POST, outside a form class (such as the import check's
    `include` boxes): posted to every URL as well as the page's own fields."""
    names = set()
    for app in ("localoffer", "budgets", "search", "config"):
        for path in (ROOT / app).rglob("*.py"):
            names |= {a or b for a, b in FORM_NAME.findall(path.read_text(encoding="utf-8"))}
    return sorted(names)


FORM_NAMES = form_names_read_by_code()


@dataclass
class Field:
    name: str
    default: str
    options: list[str]
    is_file: bool


def form_fields(html: str, path: str) -> tuple[list[Field], list[str]]:
    """The fields of the page's POST forms that post back to this URL, and its GET forms' names."""
    soup = BeautifulSoup(html, "html.parser")
    post_fields, get_names = {}, []
    for form in soup.find_all("form"):
        action = (form.get("action") or "").split("?")[0]
        method = (form.get("method") or "get").lower()
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if method == "get":
                get_names.append(name)
                continue
            if action not in ("", path):
                continue
            options = [option.get("value", option.text) for option in element.find_all("option")]
            default = element.get("value") or element.text or (options[0] if options else "")
            if element.name == "input" and element.get("type") in ("checkbox", "radio"):
                default = element.get("value") or "on"
            is_file = element.name == "input" and element.get("type") == "file"
            post_fields.setdefault(name, Field(name, default, options, is_file))
    return list(post_fields.values()), get_names


def form_data(fields: list[Field], data) -> dict:
    posted = {}
    for field in fields:
        if field.is_file:
            filename, content = data.draw(st.sampled_from(HOSTILE_FILES), label=field.name)
            posted[field.name] = SimpleUploadedFile(filename, content)
            continue
        choices = [st.just(field.default), hostile_values()]
        if field.options:
            choices.append(st.sampled_from(field.options))
        posted[field.name] = data.draw(st.one_of(*choices), label=field.name)
    extra = st.sampled_from(sorted(set(QUERY_NAMES) | set(FORM_NAMES)))
    guesses = data.draw(st.dictionaries(extra, hostile_values(), max_size=2 if fields else 4))
    return guesses | posted


def server_error(method, path, params, response) -> str:
    """A reproducer: the request, and the innermost frame of the project's own code that raised."""
    where = ""
    if getattr(response, "exc_info", None):
        exc_type, exc, tb = response.exc_info
        frames = [f for f in traceback.extract_tb(tb) if str(ROOT) in f.filename and ".venv" not in f.filename]
        frame = frames[-1] if frames else traceback.extract_tb(tb)[-1]
        where = f" {exc_type.__name__}: {str(exc)[:120]} at {Path(frame.filename).name}:{frame.lineno}"
    shown = {k: (v if len(str(v)) <= 60 else f"{str(v)[:30]}...({len(str(v))} chars)") for k, v in params.items()}
    return f"{method} {path[:120]} {shown} -> {response.status_code}{where}"


# The fuzz ----------------------------------------------------------------------------------------


# Looking at each page once for its forms; the same page is fuzzed many times.
DISCOVERED: dict = {}


def signed_in_client(scope, world) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is counted, not raised
    if scope == FAMILY:
        client.force_login(world["family"]["user"])
    elif scope == PROVIDER:
        client.force_login(world["provider"]["user"])
    return client


def discover(client, scope, path, errors) -> tuple[list[Field], list[str]]:
    if (scope, path) not in DISCOVERED:
        page = client.get(path)
        if page.status_code >= 500:
            errors.append(server_error("GET", path, {}, page))
        is_html = page.get("Content-Type", "").startswith("text/html")
        DISCOVERED[scope, path] = form_fields(page.content.decode("utf-8", "replace") if is_html else "", path)
    return DISCOVERED[scope, path]


@pytest.mark.django_db
@pytest.mark.parametrize("target", targets(), ids=target_id)
@FUZZ_SETTINGS
@given(data=st.data())
def test_no_server_error(world, target, data):
    scope, route, kind = target
    client = signed_in_client(scope, world)
    errors = []
    fields, get_names = discover(client, scope, real_path(scope, route, kind, world), errors)
    path = fuzzed_path(scope, route, kind, world, data)

    names = st.sampled_from(sorted(set(QUERY_NAMES) | set(get_names)))
    query = data.draw(st.dictionaries(names, st.lists(hostile_values(), min_size=1, max_size=2), max_size=5))
    response = client.get(path, query)
    if response.status_code >= 500:
        errors.append(server_error("GET", path, query, response))

    posted = form_data(fields, data)
    # Followed: an upload's 500 shows on the page it redirects to (the column mapping, the check).
    response = client.post(path, posted, follow=True)
    if response.status_code >= 500:
        errors.append(server_error("POST", path, posted, response))

    assert not errors, "\n".join(errors)


# The values behind the 500s found by hand, each sent to every parameter and field of every URL (in
# rotation, so each request mixes them), whatever Hypothesis happens to draw.
EDGE_VALUES = [
    HUGE_INTEGER,
    "1E+40",
    "NaN",
    "£1,2,3",
    "\uff11\uff12\uff13",
    "0001-01-01T00:00:00+01:00",
    " ".join(["autism"] * 999),
    "a\x00b",
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", targets(), ids=target_id)
def test_no_server_error_on_edge_values(world, target):
    scope, route, kind = target
    client = signed_in_client(scope, world)
    path = real_path(scope, route, kind, world)
    errors = []
    fields, get_names = discover(client, scope, path, errors)
    names = sorted(set(QUERY_NAMES) | set(get_names))
    count = len(EDGE_VALUES)
    for turn in range(count):
        query = {name: EDGE_VALUES[(i + turn) % count] for i, name in enumerate(names)}
        response = client.get(path, query)
        if response.status_code >= 500:
            errors.append(server_error("GET", path, query, response))
        posted = {name: EDGE_VALUES[(i + turn) % count] for i, name in enumerate(FORM_NAMES)}
        for i, field in enumerate(fields):
            if field.is_file:
                filename, content = HOSTILE_FILES[(i + turn) % len(HOSTILE_FILES)]
                posted[field.name] = SimpleUploadedFile(filename, content)
            else:
                posted[field.name] = EDGE_VALUES[(i + turn) % count]
        response = client.post(path, posted, follow=True)
        if response.status_code >= 500:
            errors.append(server_error("POST", path, posted, response))
    assert not errors, "\n".join(errors)
