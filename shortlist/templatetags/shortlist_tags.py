from django import template

from shortlist import store

register = template.Library()


@register.simple_tag(takes_context=True)
def shortlist_saved(context, service_id) -> bool:
    """Whether this visitor saved the service. A visitor without a session always gets False, so the
    page they see is the same for all of them and can be cached whole."""
    request = context.get("request")
    return request is not None and store.is_saved(request, service_id)
