"""The judged relevance set: a real directory (North Lincolnshire's Open Referral UK feed, see
README.md), the queries families type, graded by reading the records, and the measures.

Used by tests/search/test_relevance.py (which fails when a figure falls below the recorded level)
and bench/relevance.py (which prints every figure per backend, split and query kind).
"""

import json
import math
import re
from collections import defaultdict
from pathlib import Path

from .judgments import QUERIES

HERE = Path(__file__).resolve().parent
SERVICES_FILE = HERE / "north_lincolnshire_services.json"
KINDS = ("plain", "natural", "jargon", "typo")


def records() -> list[dict]:
    return json.loads(SERVICES_FILE.read_text(encoding="utf-8"))


def first_sentence(text: str) -> str:
    """As the ORUK feed import makes a summary (localoffer/oruk/importer.py)."""
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= 300 else sentence[:297].rstrip() + "..."


def load_directory(directory) -> int:
    """Publish every record under `directory` as the feed import would: name, description, a
    first-sentence summary, the organisation, and the audience tags as who the service is for."""
    from django.utils.html import escape
    from django.utils.text import slugify

    from localoffer.models import Organization, ServicePage

    organizations = {}
    for number, record in enumerate(records()):
        name = record["organization"]
        if name not in organizations:
            organizations[name] = Organization.objects.create(name=name, description="")
        page = ServicePage(
            title=record["name"],
            slug=f"{slugify(record['name'])[:40]}-{number}",
            summary=first_sentence(record["description"]) or record["name"],
            description=f"<p>{escape(record['description'])}</p>",
            organization=organizations[name],
            eligibility_description=", ".join(record["audience"]),
            minimum_age=0,
            maximum_age=25,
        )
        directory.add_child(instance=page)
    return len(records())


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def measure(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    """nDCG@10, P@5 and R@20 (relevant: graded 1 or more), and whether nothing came back."""
    found = [grades.get(title, 0) for title in ranked]
    ideal = dcg(sorted(grades.values(), reverse=True)[:10])
    relevant = sum(1 for grade in grades.values() if grade > 0)
    return {
        "ndcg@10": dcg(found[:10]) / ideal if ideal else 0.0,
        "p@5": sum(1 for grade in found[:5] if grade > 0) / 5,
        "r@20": sum(1 for grade in found[:20] if grade > 0) / relevant if relevant else 0.0,
        "zero": float(not ranked),
    }


def run(backend, queries=QUERIES) -> list[dict]:
    """Each query's measures on a backend: the first 20 services, best match first."""
    from search.api import ServiceQuery

    rows = []
    for item in queries:
        results = backend.find_services(ServiceQuery(text=item["text"], page_size=20))
        ranked = [hit.title for hit in results.hits]
        grades = {name: grade for name, (grade, _) in item["grades"].items()}
        rows.append({**item, "ranked": ranked, **measure(ranked, grades)})
    return rows


def summarise(rows: list[dict]) -> dict[tuple[str, str], dict[str, float]]:
    """Mean of each measure by (split, kind), with "all" for either."""
    groups = defaultdict(list)
    for row in rows:
        for split in (row["split"], "all"):
            for kind in (row["kind"], "all"):
                groups[(split, kind)].append(row)
    summary = {}
    for key, members in groups.items():
        summary[key] = {
            "queries": len(members),
            **{name: sum(row[name] for row in members) / len(members) for name in ("ndcg@10", "p@5", "r@20")},
            "zero": sum(row["zero"] for row in members),
        }
    return summary
