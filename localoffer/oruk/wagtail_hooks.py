"""Registers the directory imports' admin screens (imported by the app's ready(), since Wagtail
only looks for `wagtail_hooks` at the top of each app)."""

from django.urls import path
from wagtail import hooks

from .views import DirectoryImportsGroup, spreadsheet_export, spreadsheet_template


@hooks.register("register_admin_viewset")
def register_directory_imports():
    return DirectoryImportsGroup()


@hooks.register("register_admin_urls")
def register_spreadsheet_urls():
    return [
        path("directory-imports/template.<str:kind>", spreadsheet_template, name="oruk_spreadsheet_template"),
        path("directory-imports/export.<str:kind>", spreadsheet_export, name="oruk_spreadsheet_export"),
    ]
