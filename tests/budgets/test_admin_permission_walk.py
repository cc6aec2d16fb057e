"""Every admin URL that shows or changes budget data or public comments, generated from the URL
resolver, walked as a Wagtail editor, a moderator and the officers of two councils, over objects of
both councils. A new viewset or view for these models is walked automatically, and the walk fails
until it is classified below.

Another council's object is a 404 (never a 200, never a redirect that would confirm it exists);
listings, choosers, exports and bulk actions name only what the person may see.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budgets import services
from budgets.models import AuditEvent, Budget, Council, LedgerEntry, SpendingRule
from budgets.requests import services as requesting
from budgets.requests.models import AdulthoodPrompt, BudgetRequest
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn
from localoffer.models import Feedback
from tests.budgets.factories import UserFactory, make_budget, member
from tests.budgets.staff import officer_group, sign_in_staff, staff_user

# Each council's objects carry its marker; a page shown to one council's officer must never hold
# the other's. Unmoderated comments carry theirs.
MARKERS = {"kestrel": "Kestrel", "osprey": "Osprey", "feedback": "Wren"}
COUNCILS = ("kestrel", "osprey")
BUDGET_MODELS = set(apps.get_app_config("budgets").get_models())
SCOPE_MODELS = BUDGET_MODELS | {Feedback}

# What each kind of admin URL is. Anything in scope that is not here fails the walk.
OBJECT_VIEWS = {"edit", "delete", "usage", "history", "history_results", "copy", "inspect", "chosen"}
LISTINGS = {"list", "list_results", "choose", "choose_results", "chosen_multiple", "site_history"}
LISTINGS |= {"site_history_results", "index", "index_results"}
CLASSIFIED = OBJECT_VIEWS | LISTINGS | {"add", "create", "overview", "review", "schedule", "wagtail_bulk_action"}
# Wagtail's views that take any model by app label and name.
CLASSIFIED |= {"ping", "add_task"}
CHANGING_VIEWS = {"edit", "delete", "copy", "review", "schedule"}
# Reports that list records of every model, whatever the model: in scope because they could name one.
CROSS_MODEL_URLS = {"wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def _model_of_namespace(namespace):
    for model in SCOPE_MODELS:
        if namespace.endswith(f"_{model._meta.app_label}_{model._meta.model_name}"):
            return model
    return None


def in_scope(route, name, pattern):
    namespace = name.rpartition(":")[0]
    module = getattr(pattern.callback, "__module__", "") or ""
    return (
        module.startswith("budgets")
        or _model_of_namespace(namespace) is not None
        or "<str:app_label>" in route
        or name in CROSS_MODEL_URLS
    )


def admin_urls():
    return sorted(
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("admin/") and in_scope(route, name, pattern)
    )


def action_of(name):
    return name.rpartition(":")[2]


# Viewsets named for what they are rather than for their model.
NAMED_VIEWSETS = {"budget_requests": BudgetRequest, "adulthood_prompts": AdulthoodPrompt}


def model_of(name):
    namespace, _, action = name.rpartition(":")
    if namespace == "budget_returns":
        return MonitoringReturn if action == "review" else Budget
    if namespace in NAMED_VIEWSETS:
        return NAMED_VIEWSETS[namespace]
    return _model_of_namespace(namespace)


def test_every_admin_url_in_scope_is_classified():
    urls = admin_urls()
    names = {name for _, name, _ in urls}
    # The walk reaches every kind of screen the issue named.
    assert {
        "wagtailsnippets_budgets_budget:edit",
        "wagtailsnippets_budgets_budget:history",
        "wagtailsnippets_budgets_budget:usage",
        "wagtailsnippets_budgets_spendingrule:add",
        "wagtailsnippets_budgets_council:delete",
        "wagtailsnippets_localoffer_feedback:edit",
        "wagtailsnippetchoosers_budgets_budget:choose",
        "wagtailsnippetchoosers_localoffer_feedback:choose_results",
        "budget_returns:overview",
        "budget_returns:review",
        "budget_requests:index",
        "budget_requests:edit",
        "budget_requests:inspect",
        "adulthood_prompts:index",
        "adulthood_prompts:edit",
        "wagtail_bulk_action",
    } <= names
    unclassified = [name for _, name, _ in urls if action_of(name) not in CLASSIFIED]
    assert unclassified == [], "classify these admin URLs in the walk"
    no_objects = [name for _, name, _ in urls if model_of(name) not in (*WORLD_MODELS, None)]
    assert no_objects == [], "give the walk objects of these models"


# The world: two councils, each with a budget, a rule and a return; one unmoderated comment ----------

WORLD_MODELS = (Budget, SpendingRule, Council, MonitoringReturn, BudgetRequest, AdulthoodPrompt, Feedback)


@pytest.fixture
def world(db):
    group = officer_group()
    objects = {}
    for key in COUNCILS:
        marker = MARKERS[key]
        council = Council.objects.create(name=f"{marker} Borough Council")
        budget = make_budget(council=council, holder_name=f"{marker} Child", reference=f"EHC-{marker}")
        member(budget, UserFactory(username=f"{marker}Parent"))
        rule = SpendingRule.objects.create(
            council=council, name=f"{marker} rule", kind=SpendingRule.Kind.SINGLE_PAYMENT_OVER, reason="Ask first"
        )
        item = returns.set_schedule(budget=budget, actor=None, frequency="quarterly").budget.monitoring_returns.first()
        family = UserFactory(username=f"{marker}Asker")
        asked = requesting.save_answers(
            item=requesting.start_request(user=family),
            actor=family,
            council=council,
            asked_by="parent",
            child_name=f"{marker} Sibling",
            child_date_of_birth=datetime.date(2016, 1, 1),
            plan="being_assessed",
            elements=["health"],
            wishes=f"{marker} therapy",
            holding_arrangement="notional",
            consent=True,
        )
        asked = requesting.submit_request(item=asked, actor=family)
        prompt = AdulthoodPrompt.objects.create(budget=budget, eighteenth_birthday=datetime.date(2027, 1, 1))
        objects[key] = {
            Budget: budget,
            SpendingRule: rule,
            Council: council,
            MonitoringReturn: item,
            BudgetRequest: asked,
            AdulthoodPrompt: prompt,
        }
    objects["feedback"] = {Feedback: Feedback.objects.create(comment="Wren: my son's name is in this comment")}
    users = {
        "editor": staff_user("editor", group="Editors"),
        "moderator": staff_user("moderator", group="Moderators"),
        "officer_kestrel": staff_user("officer-k", group=group, councils=[objects["kestrel"][Council]]),
        "officer_osprey": staff_user("officer-o", group=group, councils=[objects["osprey"][Council]]),
    }
    return {"objects": objects, "users": users}


def sees(role, owner, model):
    """Who may see what, stated independently of the code under test."""
    if model is Feedback:
        return role == "moderator"
    return role == f"officer_{owner}"


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def needed_permissions(pattern):
    view_class = getattr(pattern.callback, "view_class", None)
    needed = getattr(view_class, "permission_required", None)
    if isinstance(needed, str):
        return [needed]
    needed_any = getattr(view_class, "any_permission_required", None)
    return list(needed_any) if isinstance(needed_any, (list, tuple)) else []


def has_permission(user, model, actions):
    return not actions or any(user.has_perm(f"{model._meta.app_label}.{a}_{model._meta.model_name}") for a in actions)


def world_state():
    return (
        sorted(Budget.objects.values_list("pk", "council_id", "holder_name", "monitoring_tier")),
        sorted(SpendingRule.objects.values_list("pk", "council_id", "name", "is_active")),
        sorted(Council.objects.values_list("pk", "name")),
        sorted(MonitoringReturn.objects.values_list("pk", "status")),
        sorted(BudgetRequest.objects.values_list("pk", "status", "council_id")),
        sorted(AdulthoodPrompt.objects.values_list("pk", "dealt_with_at")),
        sorted(Feedback.objects.values_list("pk", "status")),
        AuditEvent.objects.exclude(action__startswith="returns.").count(),
    )


def url_for(name, pattern, obj=None, model=None):
    kwargs = {}
    for converter in pattern.pattern.converters:
        if converter in ("pk", "budget_pk"):
            kwargs[converter] = obj.pk
        elif converter == "app_label":
            kwargs[converter] = model._meta.app_label
        elif converter == "model_name":
            kwargs[converter] = model._meta.model_name
        elif converter == "action":
            kwargs[converter] = "delete"
        elif converter == "object_id":
            kwargs[converter] = str(obj.pk)
        elif converter == "session_id":
            kwargs[converter] = 1
        else:
            raise AssertionError(f"no value for <{converter}> in {name}")
    return reverse(name, kwargs=kwargs)


def owners(world, model):
    return [owner for owner, objects in world["objects"].items() if model in objects]


def assert_lists_only_what_is_seen(response, role, model):
    content = response.content.decode()
    for owner in ("kestrel", "osprey", "feedback"):
        if owner == "feedback" and model is not Feedback:
            continue
        if not sees(role, owner, model if owner != "feedback" else Feedback):
            assert MARKERS[owner] not in content, f"{role} was shown {MARKERS[owner]}'s {model.__name__}"


POST_DATA = {
    "council": "",
    "holder_name": "Moved",
    "name": "Moved",
    "decision": "approve",
    "frequency": "quarterly",
    "step": "considering",
    "note": "Done",
}


@pytest.mark.parametrize("route,name,pattern", admin_urls(), ids=lambda value: value if isinstance(value, str) else "")
def test_admin_url_respects_council_walls(client, world, route, name, pattern):
    action = action_of(name)
    model = model_of(name)
    for role, user in world["users"].items():
        sign_in_staff(client, user)
        if action in OBJECT_VIEWS or action in ("review", "schedule"):
            for owner in owners(world, model):
                obj = world["objects"][owner][model]
                url = url_for(name, pattern, obj)
                response = client.get(url)
                if not sees(role, owner, model):
                    assert response.status_code == 404, (role, url)
                    if action in CHANGING_VIEWS:
                        before = world_state()
                        assert client.post(url, {**POST_DATA, "council": obj.pk}).status_code == 404, (role, url)
                        assert world_state() == before, (role, url)
                elif action != "chosen" and not has_permission(user, model, needed_permissions(pattern)):
                    assert refused(response), (role, url, response.status_code)
                else:
                    assert response.status_code == 200, (role, url, response.status_code)
                    assert_lists_only_what_is_seen(response, role, model)
        elif action == "wagtail_bulk_action":
            for bulk_model in (Budget, SpendingRule, Council, Feedback):
                ids = [world["objects"][owner][bulk_model].pk for owner in owners(world, bulk_model)]
                url = url_for(name, pattern, model=bulk_model) + "?" + "&".join(f"id={pk}" for pk in ids)
                response = client.get(url)
                seen = [owner for owner in owners(world, bulk_model) if sees(role, owner, bulk_model)]
                if not seen:
                    assert response.status_code == 404, (role, url, response.status_code)
                else:
                    assert response.status_code == 200, (role, url, response.status_code)
                    assert_lists_only_what_is_seen(response, role, bulk_model)
        elif action == "ping":  # "who else is editing this": only for those who may edit it
            for ping_model in (Budget, SpendingRule, Council, Feedback):
                for owner in owners(world, ping_model):
                    obj = world["objects"][owner][ping_model]
                    response = client.post(url_for(name, pattern, obj, ping_model))
                    expected = (
                        200 if sees(role, owner, ping_model) and has_permission(user, ping_model, ["change"]) else 404
                    )
                    assert response.status_code == expected, (role, ping_model, owner, response.status_code)
        elif action == "add_task":  # none of these models is a workflow task
            for task_model in (Budget, SpendingRule, Council, Feedback):
                response = client.get(url_for(name, pattern, model=task_model))
                assert response.status_code == 404 or refused(response), (role, task_model, response.status_code)
        elif action == "chosen_multiple":
            ids = [world["objects"][owner][model].pk for owner in owners(world, model)]
            response = client.get(url_for(name, pattern) + "?" + "&".join(f"id={pk}" for pk in ids))
            assert response.status_code == 200
            assert_lists_only_what_is_seen(response, role, model)
        elif action == "create":  # a chooser's own create form: records are created on their walled add page
            response = client.get(url_for(name, pattern))
            assert response.status_code in (403, 404, 405) or refused(response), (role, response.status_code)
        elif action == "add":
            response = client.get(url_for(name, pattern))
            if has_permission(user, model, needed_permissions(pattern)) and (model is not Council):
                assert response.status_code == 200, (role, response.status_code)
                assert_lists_only_what_is_seen(response, role, model)
            else:
                assert response.status_code != 200, (role, response.status_code)
        elif action in LISTINGS or action == "overview":
            url = url_for(name, pattern)
            response = client.get(url)
            if action in ("list", "list_results", "index", "index_results") and not has_permission(
                user, model, needed_permissions(pattern)
            ):
                assert refused(response), (role, url, response.status_code)
                continue
            assert response.status_code == 200, (role, url, response.status_code)
            assert_lists_only_what_is_seen(response, role, model or Budget)
            if action == "overview":  # and its spreadsheet export
                export = client.get(url, {"format": "csv"})
                assert export.status_code == 200
                assert_lists_only_what_is_seen(export, role, Budget)
        else:
            raise AssertionError(f"{name} is classified but not walked")
        client.logout()


def test_the_walk_uses_staff_who_passed_mfa_this_session(client, world):
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    sign_in_staff(client, world["users"]["officer_kestrel"])
    methods = [record["method"] for record in client.session[AUTHENTICATION_METHODS_SESSION_KEY]]
    assert methods == ["password", "mfa"]
    assert client.get(reverse("wagtailsnippets_budgets_budget:list")).status_code == 200


def test_a_budget_with_a_ledger_is_walled_the_same(client, world):
    """A budget with spending in it: the other council's officer still gets a 404 on every view of it."""
    budget = world["objects"]["kestrel"][Budget]
    services.record_entry(
        budget=budget,
        actor=None,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("100.00"),
        spent_on=datetime.date(2025, 4, 1),
        payee="Council",
        element="social_care",
    )
    sign_in_staff(client, world["users"]["officer_osprey"])
    for view in ("edit", "delete", "usage", "history"):
        assert client.get(reverse(f"wagtailsnippets_budgets_budget:{view}", args=[budget.pk])).status_code == 404
