"""Council staff must set up two-factor authentication before using the admin or officer pages."""

from django.shortcuts import redirect

from budgets.adapters import has_mfa, is_council_staff

PROTECTED_PREFIXES = ("/admin/", "/django-admin/", "/budgets/")


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path.startswith(PROTECTED_PREFIXES)
            and is_council_staff(user)
            and not has_mfa(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
