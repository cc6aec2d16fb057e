import functools
import itertools

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accounts import ratelimits
from search.api import RADIUS_CHOICES, find_services, log_search, parse_query

from .caching import cached_results
from .forms import FeedbackForm
from .models import MAXIMUM_SERVICE_AGE, Feedback


def directory_listing(request, directory_page):
    query, problems = parse_query(request.GET)
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


# Comments one sender may leave in an hour (ACCOUNT_RATE_LIMITS["feedback"], counted in the shared cache).
FEEDBACK_LIMIT_PER_HOUR = settings.FEEDBACK_LIMIT_PER_HOUR
FEEDBACK_THANKS = "Thank you. We read every comment and publish our response here."


def you_said_we_did(request, page):
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            if form.is_spam:
                messages.success(request, FEEDBACK_THANKS)
                return redirect(page.url + "#feedback-form")
            if not ratelimits.allow_post(request, "feedback"):
                form.add_error(None, "You have sent several comments in the last hour. Try again in an hour.")
            else:
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
