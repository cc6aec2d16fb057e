import functools
import hashlib
import hmac
import itertools

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from search.api import RADIUS_CHOICES, ServiceQuery, find_services, log_search

from .caching import cached_results
from .forms import FeedbackForm
from .models import MAXIMUM_SERVICE_AGE, Feedback, ServicePage, Taxonomy, TaxonomyTerm
from .postcodes import outcode_is_valid

SORTS = {"relevance", "distance", "name"}


def parse_service_query(params) -> tuple[ServiceQuery, list[str]]:
    """Turn the directory's GET parameters into a query. Bad values give messages, never errors."""
    problems = []
    query = ServiceQuery(text=params.get("q", "").strip()[:200], postcode=params.get("postcode", "").strip()[:10])

    known = {
        "needs": set(TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS).values_list("code", flat=True)),
        "categories": set(
            TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.CATEGORIES).values_list("code", flat=True)
        ),
        "delivery": {value for value, _ in ServicePage.DELIVERY_METHODS},
    }
    labels = {"needs": "need", "categories": "category", "delivery": "way of delivering a service"}
    for name in ("needs", "categories", "delivery"):
        values = [v for v in params.getlist(name) if v]
        unknown = [v for v in values if v not in known[name]]
        if unknown:
            problems.append(f"We do not recognise the {labels[name]} ‘{unknown[0][:50]}’, so no services match it.")
        setattr(query, name, values)

    age = params.get("age", "").strip()
    if age:
        if age.isdigit() and 0 <= int(age) <= MAXIMUM_SERVICE_AGE:
            query.age = int(age)
        else:
            problems.append(f"Age must be a whole number from 0 to {MAXIMUM_SERVICE_AGE}.")
    cost = params.get("cost", "")
    if cost:
        if cost in {"free", "paid"}:
            query.cost = cost
        else:
            problems.append("Cost must be ‘free’ or ‘paid’.")
    radius = params.get("radius", "")
    if radius:
        try:
            query.radius_miles = float(radius)
            if not 0 < query.radius_miles <= 50:
                raise ValueError
        except ValueError:
            query.radius_miles = None
            problems.append("Distance must be a number of miles from 1 to 50.")
    area = params.get("area", "").strip().upper()[:4]
    if area:
        if outcode_is_valid(area):
            query.area = area
        else:
            problems.append("Area must be the first part of a postcode, like NW5.")
    sort = params.get("sort", "relevance")
    query.sort = sort if sort in SORTS else "relevance"
    page = params.get("page", "1")
    query.page = int(page) if page.isdigit() and int(page) > 0 else 1
    return query, problems


def directory_listing(request, directory_page):
    query, problems = parse_service_query(request.GET)
    if problems:
        results = None
    else:
        results = cached_results(query, find_services)
        if results.total and query.page > results.page_count:
            query.page = results.page_count
            results = cached_results(query, find_services)
        else:
            log_search(results)
    params = request.GET.copy()
    params.pop("page", None)
    context = directory_page.get_context(request)
    context.update(
        {
            "query": query,
            "results": results,
            "problems": problems,
            "querystring": params.urlencode(),
            "age_choices": range(0, MAXIMUM_SERVICE_AGE + 1),
            "radius_choices": RADIUS_CHOICES,
            "sort_choices": [("relevance", "Best match"), ("distance", "Distance"), ("name", "Name (A to Z)")],
            "page_numbers": _page_numbers(query.page, results.page_count) if results else [],
        }
    )
    response = TemplateResponse(request, "localoffer/directory_index_page.html", context)
    if results is not None and not results.degraded:
        # Served again from the page cache, the search still counts in the analytics report.
        response.cache_replay = functools.partial(log_search, results)
    return response


def _page_numbers(current: int, last: int) -> list[int | None]:
    """1 … 4 5 6 … 12: the numbers the GOV.UK pagination component shows (None is an ellipsis)."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for previous, number in itertools.pairwise([0] + wanted):
        if previous and number - previous > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


FEEDBACK_LIMIT_PER_HOUR = 5
FEEDBACK_THANKS = "Thank you. We read every comment and publish our response here."


def _feedback_rate_key(request) -> str:
    """A cache key per sender that holds no personal data: a keyed hash of the address, kept for an hour."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"feedback-rate:{digest}"


def you_said_we_did(request, page):
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            if form.is_spam:
                messages.success(request, FEEDBACK_THANKS)
                return redirect(page.url + "#feedback-form")
            key = _feedback_rate_key(request)
            sent = cache.get(key, 0)
            if sent >= FEEDBACK_LIMIT_PER_HOUR:
                form.add_error(None, "You have sent several comments in the last hour. Try again in an hour.")
            else:
                cache.set(key, sent + 1, 60 * 60)
                form.save()
                messages.success(request, FEEDBACK_THANKS)
                return redirect(page.url + "#feedback-form")
    else:
        form = FeedbackForm()
    published = Feedback.objects.filter(status=Feedback.PUBLISHED).order_by("-submitted_at")
    years = [(year, list(items)) for year, items in itertools.groupby(published, key=lambda f: f.year)]
    context = page.get_context(request)
    context.update({"form": form, "years": years})
    return TemplateResponse(request, "localoffer/you_said_we_did_page.html", context)


def static_page(template_name, title):
    def view(request):
        return TemplateResponse(request, template_name, {"page_title": title})

    view.__name__ = template_name.rsplit("/", 1)[-1].replace(".html", "").replace("-", "_")
    return view
