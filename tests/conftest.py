import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.core.cache import cache, caches
from django.test import Client
from wagtail.models import Page, Site

from tests.localoffer.factories import (
    DirectoryIndexPageFactory,
    HomePageFactory,
    InformationPageFactory,
    YouSaidWeDidPageFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Each test process gets its own in-memory cache: the shared cache (Redis or the database table)
    # would add queries to the tests that count them, and tests run in parallel would clear each
    # other's. tests/accounts/test_shared_cache.py runs the shared cache itself, across processes.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.POSTCODE_LOOKUP = "offline"
    # A shared 2-core CI machine can stall the test node for seconds; production keeps its 5 s default.
    settings.ELASTICSEARCH_TIMEOUT = 60
    cache.clear()  # Wagtail caches site root paths; a previous test's site must not leak in
    caches["pages"].clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


_force_login = Client.force_login


def force_login_after_second_factor(self, user, backend=None):
    """`client.force_login` stands for the whole sign-in: someone with an authenticator app also typed a code.

    Staff pages need a second factor passed in this session (accounts.middleware), which allauth records
    in the session; a test that signs in some other way (`client.login`, the real forms) gets no record.
    """
    _force_login(self, user, backend)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": 0.0},
            {"method": "mfa", "at": 0.0, "type": "totp"},
        ]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session.save()


Client.force_login = force_login_after_second_factor


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        Site.objects.filter(root_page=child).delete()
        child.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Camden SEND Local Offer"},
    )
    return home


@pytest.fixture
def directory(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def information_page(home_page):
    return InformationPageFactory(parent=home_page, slug="education")


@pytest.fixture
def you_said_we_did_page(home_page):
    return YouSaidWeDidPageFactory(parent=home_page)
