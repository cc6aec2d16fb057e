from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as accounts_views
from localoffer import urls as localoffer_urls

# One way in: these sign-in and password-reset forms would sign a person in (or email them) without
# allauth's lockout, verified email or second factor, so each answers with a redirect to allauth's.
# They come before the apps' own patterns, which would otherwise match first.
closed_doors = [
    path("admin/login/", accounts_views.sign_in_elsewhere, name="closed_wagtail_login"),
    re_path(r"^admin/password_reset/", accounts_views.password_reset_elsewhere, name="closed_wagtail_password_reset"),
    path("_util/login/", accounts_views.sign_in_elsewhere, name="closed_private_page_login"),
    path("django-admin/login/", accounts_views.sign_in_elsewhere, name="closed_django_admin_login"),
]

urlpatterns = [
    *closed_doors,
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("budgets/", include("budgets.urls")),
    path("providers/", include("providers.urls")),
    path("api/oruk/", include("localoffer.api.urls")),
    path("search/", include("search.urls")),
    path("shortlist/", include("shortlist.urls")),
    path("report-a-problem/", include("problems.urls")),
    path("", include(localoffer_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# allauth's rate limiter answers with this when a limit is reached (templates/429.html).
handler429 = accounts_views.too_many_requests
