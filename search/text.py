"""Query analysis shared by both backends, so they agree on what a search means.

A query becomes a `QueryPlan`: one `Group` per idea the family typed. A service matches when it
matches every group; it matches a group when it matches any of the group's alternatives.

- A glossary phrase ("speech and language therapy", "salt") becomes a group of all the
  entry's phrases, each matched as a whole word or phrase.
- Any other word is matched as the start of a word (3 or more letters) or with typos: the same
  edit distance Elasticsearch's `fuzziness: AUTO` allows (none up to 2 letters, 1 up to 5, else 2),
  with the first letter fixed (`prefix_length: 1`).
- Common words ("and", "for", "near") are dropped unless part of a glossary phrase.

Words are ASCII letters and digits in lower case, as Elasticsearch's standard analyzer splits
English text (documented differences: accented letters and apostrophes, see docs/search.md).
"""

import html
import re
from dataclasses import dataclass, field

WORD = re.compile(r"[a-z0-9]+")
NOT_WORD = "[^a-z0-9]"
FUZZY_PREFIX_LENGTH = 1
MINIMUM_PREFIX_LENGTH = 3
STOPWORDS = frozenset(
    "a an and are as at be by for from how i in is it me my near of on or our the their to us we what "
    "where which who with you your".split()
)


def tokenize(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


def fuzziness(word: str) -> int:
    """Elasticsearch's AUTO fuzziness: edits allowed for a word of this length."""
    if len(word) < 3:
        return 0
    return 1 if len(word) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def is_fuzzy_match(query_word: str, word: str) -> bool:
    allowed = fuzziness(query_word)
    if word[:FUZZY_PREFIX_LENGTH] != query_word[:FUZZY_PREFIX_LENGTH]:
        return False
    return edit_distance(query_word, word, allowed) <= allowed


@dataclass(frozen=True)
class Alternative:
    words: tuple[str, ...]
    exact: bool  # a glossary phrase: whole words only. Otherwise a typed word: prefix and typos.

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def allows_prefix(self) -> bool:
        return not self.exact and len(self.words[0]) >= MINIMUM_PREFIX_LENGTH


@dataclass(frozen=True)
class Group:
    typed: str
    alternatives: tuple[Alternative, ...]


@dataclass
class QueryPlan:
    text: str
    groups: list[Group] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def free_words(self) -> list[str]:
        return [a.words[0] for g in self.groups for a in g.alternatives if not a.exact]

    @property
    def glossary_words(self) -> set[str]:
        return {w for g in self.groups for a in g.alternatives if a.exact for w in a.words}


def plan_query(text: str, glossary: dict[tuple[str, ...], tuple[str, ...]]) -> QueryPlan:
    """Split the typed text into groups, expanding glossary phrases (longest first)."""
    words = tokenize(text)
    plan = QueryPlan(text=text)
    longest = max((len(p) for p in glossary), default=1)
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in glossary:
                alternatives = tuple(Alternative(tuple(p.split()), exact=True) for p in glossary[phrase])
                plan.groups.append(Group(" ".join(phrase), alternatives))
                i += size
                break
        else:
            word = words[i]
            if word not in STOPWORDS:
                plan.groups.append(Group(word, (Alternative((word,), exact=False),)))
            i += 1
    return plan


def glossary_map(entries) -> dict[tuple[str, ...], tuple[str, ...]]:
    """{phrase words: every phrase of its entry}, from `GlossaryEntry` objects."""
    mapping: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry in entries:
        phrases = tuple(entry.phrases)
        for phrase in phrases:
            mapping[tuple(phrase.split())] = phrases
    return mapping


def load_glossary() -> dict[tuple[str, ...], tuple[str, ...]]:
    from .models import GlossaryEntry

    return glossary_map(GlossaryEntry.objects.all())


def word_matches(plan: QueryPlan, word: str) -> bool:
    """Whether a word of a document would match one of the plan's single-word alternatives."""
    for group in plan.groups:
        for alternative in group.alternatives:
            if alternative.exact:
                if word in alternative.words:
                    return True
            else:
                typed = alternative.words[0]
                if word == typed or (alternative.allows_prefix and word.startswith(typed)):
                    return True
                if is_fuzzy_match(typed, word):
                    return True
    return False


def highlight(text: str, plan: QueryPlan, *, around: int | None = None) -> str:
    """HTML-escaped text with matching words in <mark>. With `around`, only a window of about that
    many characters around the first match, or "" if nothing matches."""
    if plan.is_empty or not text:
        return ""
    spans = [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text) if word_matches(plan, m.group().lower())]
    if not spans:
        return ""
    start, end = 0, len(text)
    if around is not None and len(text) > around:
        start = max(0, spans[0][0] - around // 3)
        end = min(len(text), start + around)
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[position:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(html.escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix
