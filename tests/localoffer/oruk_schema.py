"""Assert a response against the ORUK profile's official schemas."""

from localoffer.oruk import schemas

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
PAGE_TYPES = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}


def assert_valid(name, instance):
    problems = schemas.errors(name, instance)
    assert problems == [], f"{name}: {problems}"


def assert_no_empty_values(value, path="$"):
    """The profile's rule: a field with no value is left out, never null (or an empty list)."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None and item != [], f"{path}.{key} is {item!r}"
            assert_no_empty_values(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_no_empty_values(item, f"{path}[{index}]")


def assert_valid_page(body, item_schema):
    """The spec's Page envelope (openapi.json components/schemas/Page) with each item validated."""
    assert set(body) == PAGE_KEYS
    for key, kind in PAGE_TYPES.items():
        assert isinstance(body[key], kind), key
    assert body["size"] == len(body["contents"])
    assert body["empty"] == (body["size"] == 0)
    for item in body["contents"]:
        assert_valid(item_schema, item)
    assert_no_empty_values(body)


def assert_valid_response(path, body):
    problems = schemas.response_errors(path, body)
    assert problems == [], f"{path}: {problems}"
