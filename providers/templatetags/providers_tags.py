from django import template

from providers.api import is_stale

register = template.Library()


@register.simple_tag
def service_is_stale(page) -> bool:
    return is_stale(page)
