"""Council staff reach no staff page until they have passed their second factor in this session.

A password alone never opens the admin, an officer's view of a family's budget, a statement or a
receipt: a staff member without an authenticator app is sent to set one up, and one who has an app but
has not used it since signing in is sent to enter a code. allauth keeps the record of how this session
was authenticated; this middleware reads it on every request to a staff path.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.staff import has_authenticator, is_council_staff, passed_mfa_this_session


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(tuple(settings.STAFF_MFA_PROTECTED_PREFIXES))
            and is_council_staff(user)
            and not passed_mfa_this_session(request)
        ):
            if not has_authenticator(user):
                return redirect("mfa_activate_totp")
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
