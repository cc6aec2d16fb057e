"""Who hears about a problem with a service page besides the council's editors: the provider.

Provider accounts know who looks after each service (`providers.api.provider_emails_for`); where the
organisation has no one signed up yet, its own email address on the directory, if it has one, is used.
Information pages are the council's own: nobody else is told.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from providers.api import provider_emails_for

from .models import ProblemReport


def provider_emails(page) -> list[str]:
    page = getattr(page, "specific", page)
    if page is None or not hasattr(page, "organization"):
        return []
    addresses = provider_emails_for(page)
    if not addresses:
        organisation = page.organization
        addresses = [organisation.email] if getattr(organisation, "email", "") else []
    return sorted({address.strip() for address in addresses if address and address.strip()})


def forward_to_provider(report_id: int) -> list[str]:
    """Email the report to the service's provider, once: a report already forwarded is left alone, so
    running this again (a retried task) sends nothing more. Returns the addresses sent to."""
    with transaction.atomic():
        report = (
            ProblemReport.objects.select_for_update(of=("self",)).select_related("page").filter(pk=report_id).first()
        )
        if report is None or report.forwarded_at is not None or report.page is None:
            return []
        addresses = provider_emails(report.page)
        if not addresses:
            return []
        # Claimed before sending: should the send fail, an editor still sees the report in the queue.
        report.forwarded_at = timezone.now()
        report.forwarded_to = "\n".join(addresses)
        report.save(update_fields=["forwarded_at", "forwarded_to"])
    context = {"report": report, "site_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=f"A problem was reported with {report.page_title}",
        message=render_to_string("problems/forwarded_email.txt", context),
        from_email=None,
        recipient_list=addresses,
    )
    return addresses
