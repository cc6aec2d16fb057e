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

from accounts import security_log
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


class SecurityEventsMiddleware:
    """Downloads and exports by anyone signed in, and every change staff make in the admin, reach the
    security log, whichever view answered: a new export or admin screen is covered without being told.

    A download is any response naming a file (Content-Disposition with a filename): receipts, statements,
    a family's data export, the officer's positions CSV, Wagtail's spreadsheet exports, import reports.
    A staff change is any successful POST, PUT, PATCH or DELETE under a staff path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        disposition = response.get("Content-Disposition", "")
        if "filename" in disposition:
            security_log.record(
                "download",
                request=request,
                status=response.status_code,
                content_type=response.get("Content-Type", ""),
                filename=disposition.split("filename", 1)[1].lstrip("*=\"'").split('"')[0][:200],
            )
        elif (
            request.method in {"POST", "PUT", "PATCH", "DELETE"}
            and response.status_code < 400
            and request.path.startswith(tuple(settings.STAFF_ADMIN_PREFIXES))
        ):
            security_log.record("staff_change", request=request, status=response.status_code)
        return response
