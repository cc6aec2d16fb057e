from django.conf import settings


def site_chrome(request):
    return {
        "service_name": settings.WAGTAIL_SITE_NAME,
        "phase": "Beta",
    }
