"""The database backend's filter values as sets of services, kept per process per table version.

A directory page counts, for every need, category, cost, delivery method and area, how many of the
matching services have it with every *other* filter applied. Reading each matching row's codes and
counting them in Python costs a full pass over up to 10,000 rows per page. Instead each value's
services are one bit set (a Python int, bit i for the i-th service in the table), read once per
change to the search table; a page then intersects a handful of sets and counts their bits
(`int.bit_count`), whatever the number of services.

The sets are keyed by `SearchTableVersion.token`, which database triggers change in the same
transaction as any change to the search table, and which every search reads in the same SQL
statement as its matching rows: a service published a moment ago counts at once in every app
server, and sets built inside a transaction that was rolled back are never used for another state.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection

from ..entries import parse_points

FACET_COLUMNS = {
    "needs": "need_codes",
    "categories": "category_codes",
    "delivery": "delivery_methods",
    "area": "areas",
}
TOKEN_SQL = "(SELECT token FROM search_searchtableversion WHERE id = 1)"
_lock = threading.Lock()
_current: dict[str, "TermSets"] = {}  # database alias -> the sets of the latest version seen


@dataclass
class TermSets:
    token: str | None
    page_ids: list[int]
    position: dict[int, int]  # page id -> bit
    titles: list[str]
    points: list[list[tuple[float, float]]]
    minimum_ages: list[int]
    maximum_ages: list[int]
    values: dict[str, dict[str, int]]  # facet -> value -> bit set of the services with it
    name_order: list[int]  # bits sorted by (title, page id)
    everyone: int = 0
    name_rank: list[int] = field(default_factory=list)  # bit -> its place in name_order
    _ages: dict[int, int] = field(default_factory=dict)

    def age(self, age: int) -> int:
        """The services for a child of this age (minimum_age <= age <= maximum_age)."""
        found = self._ages.get(age)
        if found is None:
            ranges = enumerate(zip(self.minimum_ages, self.maximum_ages, strict=True))
            found = bits(i for i, (low, high) in ranges if low <= age <= high)
            self._ages[age] = found
        return found

    def members(self, mask: int) -> bytes:
        """The set as bytes, to test many bits cheaply: `byte[i >> 3] >> (i & 7) & 1`."""
        return mask.to_bytes((len(self.page_ids) + 7) // 8 or 1, "little")


def bits(positions) -> int:
    """A bit set from bit positions."""
    positions = list(positions)
    if not positions:
        return 0
    buffer = bytearray(max(positions) // 8 + 1)
    for i in positions:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def has(members: bytes, i: int) -> bool:
    return bool(members[i >> 3] >> (i & 7) & 1)


def current_token() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {TOKEN_SQL}")
        return cursor.fetchone()[0]


def term_sets(token: str | None) -> TermSets:
    """The sets for the table as it is at `token` (read with the search), loading them if this
    process has not seen that version. Without a token (the version row is missing, e.g. a test
    database emptied by flush) they are read afresh each time."""
    known = _current.get(connection.alias)
    if known is not None and token is not None and known.token == token:
        return known
    loaded = _load()
    if loaded.token is not None and loaded.token == token:
        with _lock:
            _current[connection.alias] = loaded
    return loaded


def _load() -> TermSets:
    columns = ", ".join(FACET_COLUMNS.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, title_sort, is_free, minimum_age, maximum_age, points, {columns}, {TOKEN_SQL} "
            "FROM search_searchentry ORDER BY page_id"
        )
        rows = cursor.fetchall()
    if not rows:
        return TermSets(current_token(), [], {}, [], [], [], [], {name: {} for name in (*FACET_COLUMNS, "cost")}, [])
    positions: dict[str, dict[str, list[int]]] = {name: {} for name in (*FACET_COLUMNS, "cost")}
    page_ids, titles, points, minimum_ages, maximum_ages = [], [], [], [], []
    for i, (pk, title, is_free, low, high, where, *codes, _token) in enumerate(rows):
        page_ids.append(pk)
        titles.append(title)
        points.append(parse_points(where) if where else [])
        minimum_ages.append(low)
        maximum_ages.append(high)
        positions["cost"].setdefault("free" if is_free else "paid", []).append(i)
        for name, text in zip(FACET_COLUMNS, codes, strict=True):
            for value in set(text.split()):
                positions[name].setdefault(value, []).append(i)
    values = {name: {value: bits(found) for value, found in by_value.items()} for name, by_value in positions.items()}
    name_order = sorted(range(len(page_ids)), key=lambda i: (titles[i], page_ids[i]))
    return TermSets(
        token=rows[0][-1],
        page_ids=page_ids,
        position={pk: i for i, pk in enumerate(page_ids)},
        titles=titles,
        points=points,
        minimum_ages=minimum_ages,
        maximum_ages=maximum_ages,
        values=values,
        name_order=name_order,
        everyone=(1 << len(page_ids)) - 1,
        name_rank=_places(name_order),
    )


def _places(order: list[int]) -> list[int]:
    places = [0] * len(order)
    for place, i in enumerate(order):
        places[i] = place
    return places
