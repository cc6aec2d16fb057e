"""Content-Security-Policy: strict on the public and family site, loosened only where Wagtail needs it.

The public pages run no inline script except GOV.UK Frontend's one-line `js-enabled` snippet, allowed
by its hash (a per-request nonce would make every cached page's header and body disagree). Wagtail's
admin still renders some inline scripts (inline panels, date pickers), so under /admin/ scripts from
this site and inline ones are allowed; nothing from another origin is, anywhere.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(tuple(settings.CSP_ADMIN_PREFIXES)):
            # A nonce or hash in the header makes browsers ignore 'unsafe-inline', which the admin needs.
            parts.nonce = None
            parts.replace = {**(parts.replace or {}), **settings.CSP_ADMIN_REPLACE}
        return parts
