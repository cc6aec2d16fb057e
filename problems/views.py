from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from accounts import ratelimits
from localoffer.models import InformationPage, ServicePage

from .forms import ProblemReportForm
from .tasks import forward_problem_report

THANKS = "Thank you. We will check the page and correct it if we need to."


def _reported_page(request):
    """The live, public service or information page named by `?page=`; any other page is a 404."""
    raw = request.GET.get("page", "")
    if not (raw.isdigit() and len(raw) <= 10):
        raise Http404("No page to report a problem with")
    page = Page.objects.live().public().filter(pk=int(raw)).specific().first()
    if not isinstance(page, ServicePage | InformationPage):
        raise Http404("No page to report a problem with")
    return page


@require_http_methods(["GET", "POST"])
def report_problem(request):
    page = _reported_page(request)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:  # answered as if sent, so a robot learns nothing
            messages.success(request, THANKS)
            return redirect(page.url)
        if not ratelimits.allow_post(request, "problem_report"):
            form.add_error(None, "You have reported several problems in the last hour. Try again later.")
        else:
            report = form.save(commit=False)
            report.page = page
            report.page_title = page.title[:255]
            report.page_url = page.get_full_url(request) or page.url
            report.save()
            transaction.on_commit(lambda: forward_problem_report.enqueue(report.pk))
            messages.success(request, THANKS)
            return redirect(page.url)
    return TemplateResponse(
        request,
        "problems/report_problem.html",
        {
            "page_title": f"Report a problem with {page.title}",
            "reported": page,
            "form": form,
            "action": f"{reverse('problems:report')}?page={page.pk}",
        },
    )
