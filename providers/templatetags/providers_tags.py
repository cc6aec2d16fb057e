from django import template

from providers.api import is_stale

register = template.Library()


@register.simple_tag
def service_is_stale(page) -> bool:
    return is_stale(page)


@register.simple_tag
def is_provider(user) -> bool:
    """Whether the signed-in person keeps an organisation's records (for the menu's "Your services")."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.provider_memberships.filter(is_active=True).exists()
