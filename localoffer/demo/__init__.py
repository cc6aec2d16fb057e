"""The demo Local Offer for Camden: site tree, taxonomies, organisations, services, information pages,
"you said, we did" comments and demo accounts.

`load(stdout=..., stderr=...)` is idempotent: every record has a stable key (a UUID derived from its
name, a slug, or a username), existing records are updated or left alone, never duplicated. It returns
the demo accounts so `manage.py load_demo` can print them after every other demo step has run.
"""

import csv
import datetime
import random
import sys
import time
import uuid
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Page, Site, Workflow, WorkflowPage
from wagtail.signals import page_published, page_unpublished, post_page_move

from places.postcodes import DATA_DIR

from ..models import (
    CostOption,
    DirectoryIndexPage,
    Feedback,
    HomePage,
    InformationPage,
    Location,
    Organization,
    Schedule,
    ServiceAtLocation,
    ServiceContact,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
    YouSaidWeDidPage,
)
from . import feedback, information, organisations, services, taxonomies

NAMESPACE = services.NAMESPACE
DEMO_BOROUGH = "Camden"
SITE_NAME = "Camden SEND Local Offer"
NEED_PARENTS = {code: parent for code, _name, _description, parent in taxonomies.NEEDS}


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    note: str = ""


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


ACCOUNTS = [
    # (role, username, email, password, group, note)
    (
        "Editor",
        "editor",
        "editor@camden-demo.example",
        "demo-editor-2025",
        "Editors",
        "Wagtail admin at /admin/; sets up two-step verification at first sign-in",
    ),
    (
        "Approver",
        "approver",
        "approver@camden-demo.example",
        "demo-approver-2025",
        "Moderators",
        "approves and publishes in /admin/; sets up two-step verification at first sign-in",
    ),
    ("Parent", "parent", "parent@camden-demo.example", "demo-parent-2025", None, "a parent carer"),
    (
        "Young person",
        "young.person",
        "young.person@camden-demo.example",
        "demo-young-2025",
        None,
        "aged 17, holds their own budget",
    ),
]


def load(*, stdout=None, stderr=None) -> DemoResult:
    """Load (or refresh) the demo Local Offer. Safe to run any number of times."""
    stderr = stderr or sys.stderr
    result = DemoResult()
    started = time.monotonic()
    with _search_index_deferred(stderr) as deferred, transaction.atomic():
        home, directory, you_said = _site_tree()
        needs, categories = _taxonomies()
        orgs = _organisations()
        places = _places()
        created = _services(directory, needs, categories, orgs, places, stderr)
        _information_pages(home)
        _feedback()
        _ensure_workflow(home)
        result.accounts = _accounts()
        deferred.extend([ServicePage, InformationPage, Organization, Location])
    result.counts = {
        "organisations": Organization.objects.count(),
        "services": ServicePage.objects.live().count(),
        "new services": created,
        "information pages": InformationPage.objects.live().count(),
        "published comments": Feedback.objects.filter(status=Feedback.PUBLISHED).count(),
    }
    if stdout is not None:
        summary = ", ".join(f"{count} {name}" for name, count in result.counts.items())
        stdout.write(f"Demo Local Offer loaded in {time.monotonic() - started:.1f}s: {summary}.\n")
    return result


class _search_index_deferred:
    """Index once at the end instead of on every save while loading.

    Wagtail's own index (used by the admin's page search) is updated per save by modelsearch, and the
    directory's search app queues a task per published page (receivers with `search.*` dispatch uids):
    thousands of single-row writes for 200 services. Both are switched off while loading; afterwards the
    loaded models are added to Wagtail's index in bulk and `manage.py search_index rebuild` is run once.
    """

    SIGNALS = [post_save, post_delete, page_published, page_unpublished, post_page_move]

    def __init__(self, stderr):
        self.stderr = stderr

    def __enter__(self):
        from modelsearch.signal_handlers import post_save_signal_handler

        self.saved = {signal: list(signal.receivers) for signal in self.SIGNALS}
        for signal in self.SIGNALS:
            with signal.lock:
                signal.receivers = [r for r in signal.receivers if not self._deferred(r, post_save_signal_handler)]
                signal.sender_receivers_cache.clear()
        self.to_index = []
        return self.to_index

    @staticmethod
    def _deferred(receiver_entry, modelsearch_handler) -> bool:
        (receiver_key, _sender_key), receiver, *_ = receiver_entry
        if isinstance(receiver_key, str):
            return receiver_key.startswith("search.")
        target = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        return target is modelsearch_handler

    def __exit__(self, exc_type, exc, traceback):
        for signal, receivers in self.saved.items():
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()
        if exc_type is None:
            from wagtail.search.backends import get_search_backends

            for backend in get_search_backends(with_auto_update=True):
                for model in self.to_index:
                    backend.add_bulk(model, list(model.objects.all()))
            try:
                call_command("search_index", "rebuild", stdout=StringIO(), stderr=self.stderr)
            except (CommandError, LookupError) as error:
                self.stderr.write(
                    f"The directory search index was not rebuilt ({error}). Run: manage.py search_index rebuild\n"
                )
        return False


def stable_uuid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


# Site tree --------------------------------------------------------------------------------------


def _site_tree():
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
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME)
    elif site.root_page_id != home.pk or site.site_name != SITE_NAME:
        site.root_page, site.site_name = home, SITE_NAME
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page with no children, no longer a root.
    for welcome in root.get_children().exact_type(Page):
        if not welcome.get_children().exists() and not Site.objects.filter(root_page=welcome).exists():
            welcome.delete()

    directory = DirectoryIndexPage.objects.child_of(home).first()
    if directory is None:
        directory = DirectoryIndexPage(
            title="Find services",
            slug="services",
            introduction="Every service in Camden's Local Offer for children and young people with SEND. Narrow "
            "the list by need, type of service, age and cost.",
        )
        home.add_child(instance=directory)
        directory.save_revision().publish()
    you_said = YouSaidWeDidPage.objects.child_of(home).first()
    if you_said is None:
        you_said = YouSaidWeDidPage(
            title="You said, we did",
            slug="you-said-we-did",
            introduction="What families and young people told us about the Local Offer, what we said back, and "
            "what we changed. We publish comments and our responses at least once a year.",
        )
        home.add_child(instance=you_said)
        you_said.save_revision().publish()
    return home, directory, you_said


# Taxonomies, organisations and places ------------------------------------------------------------


def _taxonomies():
    terms = {}
    for vocabulary, meta, rows in [
        (Taxonomy.NEEDS, taxonomies.NEEDS_TAXONOMY, [(c, n, d) for c, n, d, _ in taxonomies.NEEDS]),
        (Taxonomy.CATEGORIES, taxonomies.CATEGORIES_TAXONOMY, taxonomies.CATEGORIES),
    ]:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            vocabulary=vocabulary,
            defaults={"name": meta["name"], "description": meta["description"], "version": "1"},
        )
        terms[vocabulary] = {}
        for code, name, description in rows:
            term, _ = TaxonomyTerm.objects.update_or_create(
                id=stable_uuid(f"term:{vocabulary}", code),
                defaults={"taxonomy": taxonomy, "code": code, "name": name, "description": description},
            )
            terms[vocabulary][code] = term
    for code, _name, _description, parent in taxonomies.NEEDS:
        if parent:
            TaxonomyTerm.objects.filter(pk=terms[Taxonomy.NEEDS][code].pk).update(parent=terms[Taxonomy.NEEDS][parent])
    return terms[Taxonomy.NEEDS], terms[Taxonomy.CATEGORIES]


def _organisations():
    orgs = {}
    for number, (key, (name, description)) in enumerate(organisations.ORGANISATIONS.items()):
        orgs[key], _ = Organization.objects.update_or_create(
            id=stable_uuid("organisation", key),
            defaults={
                "name": name,
                "description": description,
                "email": f"hello@{key}.camden-demo.example",
                "website": f"https://{key}.camden-demo.example/",
                "phone": f"020 7946 0{number:03d}",
            },
        )
    return orgs


def camden_postcodes() -> dict[str, list[tuple[str, Decimal, Decimal]]]:
    """Camden's live postcodes placed to the building (quality 10), by outcode, sorted."""
    by_outcode: dict[str, list] = {}
    with open(DATA_DIR / "demo-borough-postcodes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["local_authority"] == DEMO_BOROUGH and row["positional_quality"] == "10":
                outcode = row["postcode"].split()[0]
                by_outcode.setdefault(outcode, []).append(
                    (row["postcode"], Decimal(row["latitude"]), Decimal(row["longitude"]))
                )
    return {outcode: sorted(rows) for outcode, rows in by_outcode.items()}


def _places():
    postcodes = camden_postcodes()
    rng = random.Random(2014)  # the year of the Children and Families Act
    places = {}
    for key, name, street, outcode, accessibility in organisations.PLACES:
        postcode, latitude, longitude = rng.choice(postcodes[outcode])
        places[key], _ = Location.objects.update_or_create(
            id=stable_uuid("location", key),
            defaults={
                "name": name,
                "address_1": street,
                "city": "London",
                "postal_code": postcode,
                "latitude": latitude,
                "longitude": longitude,
                "accessibility_description": accessibility,
            },
        )
    return places


# Services -----------------------------------------------------------------------------------------


def _services(directory, needs, categories, orgs, places, stderr) -> int:
    existing = set(ServicePage.objects.values_list("uuid", flat=True))
    specs = services.service_specs({key: loc.name for key, loc in places.items()}, timezone.localdate())
    created = 0
    for number, spec in enumerate(specs, start=1):
        if spec.uuid in existing:
            continue
        kind = spec.kind
        page = ServicePage(
            uuid=spec.uuid,
            title=spec.title,
            slug=spec.slug,
            summary=kind.summary,
            description=spec.description,
            organization=orgs[kind.organisation],
            minimum_age=spec.minimum_age,
            maximum_age=spec.maximum_age,
            eligibility_description=kind.eligibility,
            referral_route=kind.referral,
            is_free=not spec.costs,
            fees_description=kind.fees,
            delivery_methods=kind.delivery,
            website=f"https://{kind.organisation}.camden-demo.example/{kind.key}/",
            email=spec.email,
            phone=spec.phone,
            languages=spec.languages,
            accessibility_description=(
                places[spec.place].accessibility_description
                if spec.place
                else "Tell us about any adjustments you need when you contact us."
            ),
            assured_date=spec.assured_date,
        )
        # A service for autism also serves the broader "Communication and interaction" need.
        codes = list(dict.fromkeys(kind.needs + [NEED_PARENTS[c] for c in kind.needs if NEED_PARENTS.get(c)]))
        page.needs = [needs[code] for code in codes]
        page.categories = [categories[code] for code in kind.categories]
        page.cost_options = [
            CostOption(option=option, amount=amount, amount_description=unit) for option, amount, unit in spec.costs
        ]
        page.schedules = [
            Schedule(
                byday=day,
                opens_at=datetime.time.fromisoformat(opens),
                closes_at=datetime.time.fromisoformat(closes),
                description=note,
            )
            for day, opens, closes, note in spec.schedules
        ]
        page.contacts = [
            ServiceContact(
                name="Duty officer" if kind.referral != "self" else "Service coordinator",
                title=orgs[kind.organisation].name,
                email=spec.email,
                phone=spec.phone,
            )
        ]
        if spec.place:
            page.service_at_locations = [ServiceAtLocation(location=places[spec.place])]
        directory.add_child(instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        created += 1
        if number % 50 == 0:
            stderr.write(f"  {number}/{len(specs)} services\n")
    return created


# Information pages, feedback, accounts -----------------------------------------------------------


def _information_pages(home):
    import json

    def ensure(parent, spec):
        page = InformationPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if page is None:
            page = InformationPage(
                title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=json.dumps(spec["body"])
            )
            parent.add_child(instance=page)
            page.save_revision(log_action=False).publish(log_action=False)
        for child in spec.get("children", []):
            ensure(page, child)

    for spec in information.PAGES:
        ensure(home, spec)


def _feedback():
    now = timezone.now()
    for days_ago, about, comment, published, response, action, status in feedback.COMMENTS:
        submitted = now - datetime.timedelta(days=days_ago)
        Feedback.objects.get_or_create(
            comment=comment,
            defaults={
                "about": about,
                "submitted_at": submitted,
                "status": status,
                "published_comment": published,
                "response": response,
                "action_taken": action,
                "moderated_at": submitted + datetime.timedelta(days=14) if status != Feedback.NEW else None,
            },
        )


def _accounts() -> list[DemoAccount]:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    accounts = []
    for role, username, email, password, group_name, note in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.first_name = role.split()[0]
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if group_name:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        accounts.append(DemoAccount(role, email, password, note))
    return accounts


def _ensure_workflow(home):
    """Every page goes through "Moderators approval": an editor submits, a moderator approves and publishes."""
    if home.get_workflow() is not None:
        return
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is None:
        from wagtail.models import GroupApprovalTask, WorkflowTask

        workflow = Workflow.objects.create(name="Moderators approval")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
