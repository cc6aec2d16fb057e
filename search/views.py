from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .api import autocomplete as suggest

MAXIMUM_PREFIX_LENGTH = 100


@require_GET
@cache_control(max_age=300, public=True)
def autocomplete(request):
    """{"query": "aut", "suggestions": ["Autism", "Autism Outreach Team", ...]} for the search box."""
    prefix = request.GET.get("q", "").strip()[:MAXIMUM_PREFIX_LENGTH]
    return JsonResponse({"query": prefix, "suggestions": suggest(prefix) if prefix else []})
