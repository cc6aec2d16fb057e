import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from localoffer.models import Feedback
from localoffer.views import FEEDBACK_LIMIT_PER_HOUR

pytestmark = pytest.mark.django_db


def _at(year, month=6):
    return datetime.datetime(year, month, 1, 12, tzinfo=datetime.UTC)


def test_comment_is_saved_for_moderation_and_not_shown(client, you_said_we_did_page):
    response = client.post(you_said_we_did_page.url, {"about": "Short breaks", "comment": "Please list more clubs"})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.NEW and feedback.about == "Short breaks"
    html = client.get(you_said_we_did_page.url).content.decode()
    assert "Please list more clubs" not in html and "We have not published any comments yet" in html


def test_published_comments_are_grouped_by_year_and_rejected_never_shown(client, you_said_we_did_page):
    Feedback.objects.create(
        comment="raw 2024",
        published_comment="Travel decisions are slow",
        response="We agree",
        action_taken="Applications open in March",
        status=Feedback.PUBLISHED,
        submitted_at=_at(2024),
    )
    Feedback.objects.create(
        comment="raw 2025",
        published_comment="Few weekend activities",
        response="We added sessions",
        status=Feedback.PUBLISHED,
        submitted_at=_at(2025),
    )
    Feedback.objects.create(comment="Spam link", status=Feedback.REJECTED, submitted_at=_at(2025))
    html = client.get(you_said_we_did_page.url).content.decode()
    assert html.index(">2025<") < html.index("Few weekend activities") < html.index(">2024<")
    assert html.index(">2024<") < html.index("Travel decisions are slow") < html.index("Applications open in March")
    assert "raw 2024" not in html and "Spam link" not in html


def test_publishing_needs_an_anonymised_comment_and_a_response():
    feedback = Feedback(comment="My son Tom at X school...", status=Feedback.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        feedback.full_clean()
    assert set(caught.value.message_dict) == {"published_comment", "response"}


def test_moderator_publishes_a_comment_in_the_admin(client, moderator, you_said_we_did_page):
    feedback = Feedback.objects.create(comment="My son Tom needs a quiet space", submitted_at=timezone.now())
    client.force_login(moderator)
    url = reverse("wagtailsnippets_localoffer_feedback:edit", args=[feedback.pk])
    response = client.post(
        url,
        {"status": "published", "published_comment": "", "response": "", "action_taken": ""},
    )
    assert response.status_code == 200
    assert "Enter the council&#x27;s response before publishing" in response.content.decode()
    response = client.post(
        url,
        {
            "status": "published",
            "published_comment": "A quiet space is needed",
            "response": "We are adding quiet times",
            "action_taken": "",
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.PUBLISHED and feedback.moderated_at is not None
    assert feedback.comment == "My son Tom needs a quiet space"  # the original is read-only
    html = client.get(you_said_we_did_page.url).content.decode()
    assert "A quiet space is needed" in html and "Tom" not in html


def test_missing_comment_keeps_what_was_typed(client, you_said_we_did_page):
    response = client.post(you_said_we_did_page.url, {"about": "Health pages", "comment": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter your comment" in html and 'value="Health pages"' in html
    assert not Feedback.objects.exists()


def test_honeypot_submissions_are_thanked_but_not_saved(client, you_said_we_did_page):
    response = client.post(you_said_we_did_page.url, {"comment": "Cheap pills", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_more_than_the_hourly_limit_is_refused_with_a_message(client, you_said_we_did_page):
    for number in range(FEEDBACK_LIMIT_PER_HOUR):
        client.post(you_said_we_did_page.url, {"comment": f"Comment {number}"})
    response = client.post(you_said_we_did_page.url, {"comment": "One more"})
    assert response.status_code == 200
    assert "Try again in an hour" in response.content.decode() and "One more" in response.content.decode()
    assert Feedback.objects.count() == FEEDBACK_LIMIT_PER_HOUR
