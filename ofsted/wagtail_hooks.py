from django.contrib import messages
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .models import OfstedRegistration
from .views import IMPORT_PERMISSION, RegistrationViewSet, admin_urls

registrations = RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_registrations():
    return registrations


@hooks.register("register_admin_urls")
def register_ofsted_urls():
    return admin_urls()


class PermittedItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_ofsted_menu():
    menu = Menu(
        items=[
            PermittedItem(
                "Import Ofsted's file", reverse("ofsted_upload"), icon_name="upload", permission=IMPORT_PERMISSION
            ),
            PermittedItem(
                "Ofsted imports", reverse("ofsted_history"), icon_name="history", permission=IMPORT_PERMISSION
            ),
            PermittedItem(
                "Ofsted registrations",
                reverse("ofsted_registration:index"),
                icon_name="tick-inverse",
                permission="ofsted.view_ofstedregistration",
            ),
        ]
    )
    return SubmenuMenuItem("Ofsted register", menu, icon_name="clipboard-list", order=310)


@hooks.register("before_edit_page")
def warn_of_an_ended_registration(request, page):
    """An editor opening a service whose Ofsted registration has ended is told, with the reason: the
    import never unpublishes it, so someone decides whether the service still runs."""
    if request.method != "GET":
        return
    registration = OfstedRegistration.objects.filter(service_id=page.pk, ended=True).first()
    if registration is not None:
        when = f" on {registration.ended_on:%d %B %Y}" if registration.ended_on else ""
        messages.warning(
            request,
            f"Ofsted's register: registration {registration.urn} ended{when} ({registration.ended_reason}). "
            "Check whether the service still runs; close or unpublish it if not.",
        )
