"""The pages an import needs: a home page and the directory under it.

A council's first step on a fresh install is often to bring its directory in, before anyone has
built the site. The import then creates the two pages (published, with plain titles an editor can
change) instead of stopping with "there is no directory page". It never touches a site that has
them: the demo loader and editors find and keep these pages.
"""

from wagtail.models import Page, Site

from ..models import DirectoryIndexPage, HomePage

SITE_NAME = "SEND Local Offer"


def ensure_directory() -> tuple[DirectoryIndexPage, bool]:
    """The directory page, and whether it (and perhaps the home page) had to be created."""
    directory = DirectoryIndexPage.objects.first()
    if directory is not None:
        return directory, False
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=SITE_NAME,
            slug="local-offer",
            introduction="Services, support and information for children and young people aged 0 to 25 with "
            "special educational needs and disabilities (SEND), and their families.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
            )
        elif not site.root_page.specific_class or site.root_page.specific_class is Page:
            site.root_page = home  # Wagtail's "Welcome" placeholder: the new home replaces it
            site.save()
    directory = DirectoryIndexPage(
        title="Find services",
        slug="services",
        introduction="Every service in the Local Offer for children and young people with SEND.",
    )
    home.add_child(instance=directory)
    directory.save_revision().publish()
    return directory, True
