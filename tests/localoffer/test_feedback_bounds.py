"""The public feedback form bounds every text box and says so in GOV.UK style, keeping what was typed."""

import html

import pytest

from localoffer.models import Feedback

pytestmark = pytest.mark.django_db


def test_an_over_long_topic_is_refused_with_a_specific_message(client, you_said_we_did_page):
    about = "Short breaks " * 30  # 390 characters
    response = client.post(you_said_we_did_page.url, {"about": about, "comment": "Please list more clubs"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "What your comment is about must be 255 characters or fewer" in page
    assert "Please list more clubs" in page  # nothing typed is lost
    assert not Feedback.objects.exists()


def test_an_over_long_comment_is_refused_and_kept_on_the_page(client, you_said_we_did_page):
    comment = "We need more sensory sessions. " * 100  # 3,100 characters
    response = client.post(you_said_we_did_page.url, {"about": "Clubs", "comment": comment})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Your comment must be 3,000 characters or fewer" in page
    assert comment.strip() in page
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("field", ["about", "comment"])
def test_a_null_byte_is_refused_with_a_plain_message(client, you_said_we_did_page, field):
    data = {"about": "Clubs", "comment": "Please list more clubs"}
    data[field] += "\x00"
    response = client.post(you_said_we_did_page.url, data)
    assert response.status_code == 200
    assert "must only include letters, numbers, spaces and punctuation" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_comment_limit_is_stated_before_anyone_types(client, you_said_we_did_page):
    page = client.get(you_said_we_did_page.url).content.decode()
    assert "You can enter up to 3,000 characters" in page
