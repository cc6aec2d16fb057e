"""Insight's admin pages: the dashboard for a period, and the evidence pack built from the same figures.

Who may look: council staff with `insight.view_insight` (the admin's second-factor middleware has
already made them pass MFA in this session). Directory and search figures are the Local Offer site's;
budget figures are only ever for a council the person is an officer of (`budgets.permissions.councils_for`),
so an officer of one council never sees another's, whatever the address asks for.
"""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.models import Site

from budgets.permissions import councils_for
from insight import documents
from insight.figures import SUPPRESSED, Period, build_pack, cell_text

PERMISSION = "insight.view_insight"


def _period(request) -> tuple[Period, str, list[str]]:
    """The period asked for (whole months), or the last 12 whole months; errors say what to fix."""
    default = Period.last_twelve_months(timezone.localdate())
    first = request.GET.get("from", "").strip()[:20]
    last = request.GET.get("to", "").strip()[:20]
    if not first and not last:
        return default, "", []
    try:
        return Period.from_months(first or f"{default.starts_on:%Y-%m}", last or f"{default.ends_on:%Y-%m}"), "", []
    except ValueError as error:
        return default, str(error), [first, last]


def _council(request):
    """The council whose budget figures to show: one the person covers, never any other."""
    councils = list(councils_for(request.user).order_by("name"))
    wanted = request.GET.get("council", "")
    chosen = next((c for c in councils if str(c.pk) == wanted), councils[0] if councils else None)
    return councils, chosen


def _pack(request):
    period, error, typed = _period(request)
    councils, council = _council(request)
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    pack = build_pack(
        period,
        site_root=site.root_page if site else None,
        site_name=site.site_name if site else "",
        council=council,
    )
    return pack, period, error, typed, councils, council


@permission_required(PERMISSION, raise_exception=True)
def dashboard(request):
    pack, period, error, typed, councils, council = _pack(request)
    query = {"from": f"{period.starts_on:%Y-%m}", "to": f"{period.ends_on:%Y-%m}"}
    if council is not None:
        query["council"] = council.pk
    return TemplateResponse(
        request,
        "insight/dashboard.html",
        {
            "pack": pack,
            "sections": [_rendered(section) for section in pack.sections],
            "period": period,
            "error": error,
            "from_value": typed[0] if error else query["from"],
            "to_value": typed[1] if error else query["to"],
            "councils": councils,
            "council": council,
            "download_query": urlencode(query),
            "suppressed": SUPPRESSED,
        },
    )


def _rendered(section):
    """Each value as it reads, so the template shows exactly what the PDF prints."""
    return {
        "key": section.key,
        "title": section.title,
        "note": section.note,
        "figures": [(item.label, cell_text(item.value, item.kind)) for item in section.figures],
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "note": table.note,
                "columns": table.columns,
                "rows": [
                    [
                        (cell_text(value, column.kind), column.kind != "text")
                        for column, value in zip(table.columns, row, strict=True)
                    ]
                    for row in table.rows
                ],
            }
            for table in section.tables
        ],
    }


def _download(request, extension, render, content_type):
    pack = _pack(request)[0]
    response = HttpResponse(render(pack), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(pack, extension)}"'
    return response


@permission_required(PERMISSION, raise_exception=True)
def pack_download(request):
    """The one button: the PDF and the spreadsheet together in one zip file."""
    return _download(request, "zip", documents.pack_zip, "application/zip")


@permission_required(PERMISSION, raise_exception=True)
def pack_pdf(request):
    return _download(request, "pdf", documents.pack_pdf, "application/pdf")


@permission_required(PERMISSION, raise_exception=True)
def pack_xlsx(request):
    return _download(
        request, "xlsx", documents.pack_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
