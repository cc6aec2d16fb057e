from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

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
