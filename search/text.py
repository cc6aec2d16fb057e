"""One text pipeline for both backends: how services' text is indexed and how a query is read.

Both backends index the same Python-made terms and compile the same `QueryPlan`, so a production
Elasticsearch node, the integration-test node (which has no analysis-common module, so no English
analyzer) and the database backend all agree on what a word matches.

Indexing (`index_words`, `index_stems`): text is folded (accents removed, lower case, possessive
"'s" dropped, "don't" -> "dont"), split into words of letters and digits, and each word stemmed
with the English Snowball stemmer ("dancing" and "dance" -> "danc", "disabilities" and "disabled"
-> "disabl"). Each field keeps its stems (ranked by field); all fields' unstemmed words are kept
too, for exact matches and the vocabulary.

Reading a query (`plan_query`): one `Group` per idea typed, glossary phrases found first (longest
first, compared as stems, so "autistic" finds the Autism entry). Each group has alternatives
(`Term`s) at four tiers that the score ranks in this order:

- EXACT: the typed word itself among the service's unstemmed words;
- STEMMED: the typed word's stem (or the typed glossary phrase's stems, as a phrase);
- SYNONYM: the other phrases of the glossary entry;
- TYPO: for a word the directory does not know, words within Elasticsearch's AUTO edit distance
  with the same first letter (and, for 4 or more letters, words starting with it, as when a family
  is still typing). Never for a word the directory knows, a word under 4 letters ("BSL", "OT")
  or anything with a digit (postcodes: "BS1" is not a typo of "BSL").

A service matches when it matches any group. Coverage ranks first (all groups beat most beat
one); then the tiers of the matches; then BM25 over the weighted fields. Common words ("and",
"for", "near") make no group, so they never count against coverage.
"""

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import Stemmer

EXACT, STEMMED, SYNONYM, TYPO = 1.0, 0.9, 0.75, 0.5
TIERS = (EXACT, STEMMED, SYNONYM, TYPO)
# How a relevance score is made, on both backends: each group matched adds COVERAGE, plus TIER
# times its best tier; BM25 (scaled to 0..RANK over the matches on the database) orders services
# that match alike.
COVERAGE, TIER, RANK = 10_000.0, 300.0, 500.0
FUZZY_PREFIX_LENGTH = 1
MINIMUM_TYPO_LENGTH = 4
MAXIMUM_EXPANSIONS = 50  # Elasticsearch's default max_expansions for fuzzy matching
# Ranked fields, most telling first, with the weight each gives a match (BM25 column weights on
# SQLite, setweight A-D on PostgreSQL, field boosts on Elasticsearch).
FIELDS = ("name", "summary", "needs", "organization", "description", "tags")
FIELD_WEIGHTS = {"name": 10.0, "summary": 5.0, "needs": 3.0, "organization": 2.0, "description": 1.0, "tags": 0.5}
STOPWORDS = frozenset(
    "a about after all also am an and any are as at be been but by can could do does for from get "
    "has have how i if in into is it its just like looking me my near need needs of on or our please "
    "some that the their them there these they this those to us want was we what when where which who "
    "with would you your".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_POSTCODE_LIKE = re.compile(r"[a-z]*\d")
_stemmer = Stemmer.Stemmer("english")


def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def tokenize(text: str) -> list[str]:
    """Folded words: "Asperger's" -> "asperger", "don't" -> "dont", "café" -> "cafe"."""
    words = []
    for word in _WORD.findall(fold(text)):
        if word.endswith("'s"):
            word = word[:-2]
        words.append(word.replace("'", ""))
    return words


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def index_words(text: str) -> str:
    """The unstemmed words of a text, as every engine indexes them (one space between)."""
    return " ".join(tokenize(text))


def index_stems(text: str) -> str:
    """The stems of a text's words, as every engine indexes them (one space between)."""
    return " ".join(stem(word) for word in tokenize(text))


def is_postcode_like(word: str) -> bool:
    return bool(_POSTCODE_LIKE.match(word))


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


# Glossary ------------------------------------------------------------------------------------

_LIST_JOINER = re.compile(r"\s(and|or|&)\s", re.IGNORECASE)


def split_alternatives(text: str) -> list[str]:
    """The phrases of a glossary entry's alternatives: one per line (or separated by semicolons).

    Older entries separate them with commas, and a phrase may hold a comma itself ("social,
    emotional and mental health"): commas separate phrases only when the text has no line break or
    semicolon, and a run of one-word pieces ending in a piece with "and"/"or" is one phrase (a
    list inside a name), so that entry never yields the alternative "social"."""
    text = text or ""
    if "\n" in text or ";" in text:
        return [piece.strip() for piece in re.split(r"[\n;]", text) if piece.strip()]
    pieces = [piece.strip() for piece in text.split(",")]
    phrases: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if len(piece.split()) == 1 and not _LIST_JOINER.search(piece):
            pending.append(piece)
            continue
        if pending and _LIST_JOINER.search(piece) and _LIST_JOINER.search(piece).start() > 0:
            # "social, emotional and mental health": the pending single words start this list.
            first_part = piece[: _LIST_JOINER.search(piece).start()]
            if len(first_part.split()) == 1:
                phrases.append(", ".join([*pending, piece]))
                pending = []
                continue
        phrases += pending
        pending = []
        phrases.append(piece)
    return phrases + pending


def glossary_phrases(term: str, alternatives: str) -> list[str]:
    """Every way of saying a glossary entry, as folded words separated by one space."""
    found = []
    for phrase in [term, *split_alternatives(alternatives)]:
        normal = " ".join(tokenize(phrase))
        if normal and normal not in found:
            found.append(normal)
    return found


Glossary = dict[tuple[str, ...], tuple[tuple[str, ...], ...]]  # stems of a phrase -> every phrase's words


def glossary_map(entries: Iterable[tuple[str, str]]) -> Glossary:
    """{a phrase's stems: the words of every phrase of its entry}, from (term, alternatives) pairs."""
    mapping: Glossary = {}
    for term, alternatives in entries:
        phrases = tuple(tuple(phrase.split()) for phrase in glossary_phrases(term, alternatives))
        for phrase in phrases:
            key = tuple(stem(word) for word in phrase)
            mapping[key] = tuple(dict.fromkeys(mapping.get(key, ()) + phrases))
    return mapping


# Query plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One way a group can match. `stemmed`: `words` are stems, matched in the ranked fields as a
    phrase; otherwise unstemmed words matched among all words (the last as a word start if
    `prefix`)."""

    words: tuple[str, ...]
    stemmed: bool
    tier: float
    prefix: bool = False


@dataclass(frozen=True)
class Group:
    typed: str
    terms: tuple[Term, ...]


@dataclass
class QueryPlan:
    text: str
    groups: list[Group] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)  # typed words the directory does not have
    highlight_words: frozenset[str] = frozenset()  # unstemmed words a match may show as

    @property
    def is_empty(self) -> bool:
        return not self.groups


class KnownWords:
    """What the plan needs to know of the directory's words (see search.vocabulary)."""

    def __contains__(self, word: str) -> bool:
        return False

    def has_stem(self, stem_: str) -> bool:
        return False

    def typo_candidates(self, word: str) -> list[str]:
        return []

    def prefix_candidates(self, word: str) -> list[str]:
        return []

    def surface_forms(self, stem_: str) -> Iterable[str]:
        return ()


def _typo_terms(word: str, vocabulary: KnownWords) -> list[Term]:
    if len(word) < MINIMUM_TYPO_LENGTH or is_postcode_like(word):
        return []
    if word in vocabulary or vocabulary.has_stem(stem(word)):
        return []
    stems = dict.fromkeys(stem(candidate) for candidate in vocabulary.typo_candidates(word))
    terms = [Term((s,), stemmed=True, tier=TYPO) for s in stems]
    if vocabulary.prefix_candidates(word):
        terms.append(Term((word,), stemmed=False, tier=TYPO, prefix=True))
    return terms


def plan_query(text: str, glossary: Glossary, vocabulary: KnownWords | None = None) -> QueryPlan:
    """Split the typed text into groups, expanding glossary phrases (longest first)."""
    vocabulary = vocabulary or KnownWords()
    words = tokenize(text)
    stems = [stem(word) for word in words]
    plan = QueryPlan(text=text)
    longest = max((len(p) for p in glossary), default=1)
    highlight: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(stems[i : i + size])
            if key in glossary and not (size == 1 and words[i] in STOPWORDS):
                typed = tuple(words[i : i + size])
                terms = []
                if size == 1:
                    terms.append(Term(typed, stemmed=False, tier=EXACT))
                terms.append(Term(key, stemmed=True, tier=STEMMED))
                for phrase in glossary[key]:
                    phrase_stems = tuple(stem(word) for word in phrase)
                    if phrase_stems != key:
                        terms.append(Term(phrase_stems, stemmed=True, tier=SYNONYM))
                plan.groups.append(Group(" ".join(typed), tuple(dict.fromkeys(terms))))
                i += size
                break
        else:
            word = words[i]
            if word not in STOPWORDS:
                terms = [Term((word,), stemmed=False, tier=EXACT), Term((stems[i],), stemmed=True, tier=STEMMED)]
                typos = _typo_terms(word, vocabulary)
                if typos or not (word in vocabulary or vocabulary.has_stem(stems[i])):
                    plan.unknown_words.append(word)
                plan.groups.append(Group(word, tuple(terms + typos)))
            i += 1
    for group in plan.groups:
        for term in group.terms:
            if term.stemmed:
                for s in term.words:
                    highlight.add(s)
                    highlight.update(vocabulary.surface_forms(s))
            elif not term.prefix:
                highlight.update(term.words)
    plan.highlight_words = frozenset(highlight)
    return plan


# Highlighting --------------------------------------------------------------------------------


def word_matches(plan: QueryPlan, word: str) -> bool:
    """Whether a word of a service's text is one the plan matched (as typed, stemmed, a synonym,
    a typo's correction, or the start of a word a family is still typing)."""
    words = tokenize(word)
    if not words:
        return False
    word = words[0]
    if word in plan.highlight_words or stem(word) in plan.highlight_words:
        return True
    return any(term.prefix and word.startswith(term.words[0]) for group in plan.groups for term in group.terms)


def highlight(text: str, plan: QueryPlan, *, around: int | None = None) -> str:
    """HTML-escaped text with matching words in <mark>. With `around`, only a window of about that
    many characters around the first match, or "" if nothing matches."""
    if plan.is_empty or not text:
        return ""
    spans = [m.span() for m in re.finditer(r"[^\W_]+(?:['\u2019][^\W_]+)*", text) if word_matches(plan, m.group())]
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
