import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from providers.api import is_stale, provider_emails_for
from providers.models import ProviderMembership, ReviewReminder, ReviewSettings
from providers.services import send_review_reminders
from tests.providers.conftest import make_provider

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 6, 1)


@pytest.fixture
def set_today(monkeypatch):
    """Today, as the site sees it (`timezone.localdate`)."""
    from django.utils import timezone

    def set_to(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_to


def test_each_reminder_is_sent_once(kestrel_provider, kestrel_service, osprey_service):
    # Osprey has no provider yet: nothing is sent or claimed for it.
    assert send_review_reminders(DUE - datetime.timedelta(days=20)) == {"before": 0, "due": 0, "overdue": 0}
    assert send_review_reminders(DUE - datetime.timedelta(days=14))["before"] == 1
    assert send_review_reminders(DUE - datetime.timedelta(days=3))["before"] == 0  # already sent
    assert send_review_reminders(DUE)["due"] == 1
    assert send_review_reminders(DUE)["due"] == 0
    assert send_review_reminders(DUE + datetime.timedelta(days=1))["overdue"] == 1
    call_command("send_review_reminders", "--today", "2026-06-30", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [[kestrel_provider.email]] * 3
    assert ["by 1 June 2026" in mail.outbox[0].subject, "today" in mail.outbox[1].subject] == [True, True]
    assert set(ReviewReminder.objects.values_list("kind", flat=True)) == {"before", "due", "overdue"}
    assert not ReviewReminder.objects.filter(service=osprey_service).exists()


def test_the_task_sends_through_the_worker(kestrel_provider, kestrel_service, settings):
    from providers.tasks import send_review_reminders as task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = task.enqueue(DUE.isoformat())
    assert result.return_value == {"before": 0, "due": 1, "overdue": 0}
    task.enqueue(DUE.isoformat())
    assert len(mail.outbox) == 1


def test_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date like"):
        call_command("send_review_reminders", "--today", "31/01/2026", stdout=StringIO())


def test_provider_emails_are_the_active_members_of_the_services_organisation(kestrel, osprey, kestrel_service):
    kim = make_provider("kim@kestrel.example", kestrel)
    gone = make_provider("gone@kestrel.example", kestrel)
    ProviderMembership.objects.filter(user=gone).update(is_active=False)
    make_provider("oli@osprey.example", osprey)
    assert provider_emails_for(kestrel_service) == [kim.email]


def test_stale_after_the_councils_number_of_weeks(kestrel_service, home_page):
    assert not is_stale(kestrel_service, DUE + datetime.timedelta(weeks=8))
    assert is_stale(kestrel_service, DUE + datetime.timedelta(weeks=8, days=1))
    settings_object = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings_object.stale_after_weeks = 2
    settings_object.save()
    assert is_stale(kestrel_service, DUE + datetime.timedelta(weeks=2, days=1))


def test_families_see_the_notice_and_a_cached_page_follows_the_date(client, kestrel_service, set_today):
    set_today(datetime.date(2026, 7, 27))  # 8 weeks
    response = client.get(kestrel_service.url)
    assert b"This information may be out of date" not in response.content
    assert client.get(kestrel_service.url).content == response.content  # served from the page cache
    set_today(datetime.date(2026, 7, 28))
    assert b"This information may be out of date" in client.get(kestrel_service.url).content


def test_out_of_date_report_lists_stale_services(client, editor, kestrel_service, osprey_service, set_today):
    from django.urls import reverse

    from localoffer.models import ServicePage
    from tests.budgets.staff import sign_in_staff

    ServicePage.objects.filter(pk=osprey_service.pk).update(review_due_on=datetime.date(2026, 7, 20))
    set_today(datetime.date(2026, 8, 1))
    sign_in_staff(client, editor)
    response = client.get(reverse("providers_stale_services"))
    assert response.status_code == 200
    assert b"Kestrel sensory play" in response.content and b"Osprey speech therapy" not in response.content
