"""The words in the published directory: what a query plan needs to decide whether a typed word is
a typo (never expanded when the directory knows it), what it may be a typo of, and which words a
stem stands for (for highlighting). Read from the search table's unstemmed words (`SearchEntry.words`,
the text both backends index), kept per process, and rebuilt after a service's row changes
(`search/entries.py` calls `invalidate()`), or after ten minutes at most.
"""

import threading
import time
import uuid
from collections import Counter, defaultdict

from django.core.cache import cache

from .text import FUZZY_PREFIX_LENGTH, MAXIMUM_EXPANSIONS, KnownWords, is_fuzzy_match, stem

VERSION_KEY = "search:vocabulary:version"
TIMEOUT_SECONDS = 600
MAXIMUM_SURFACE_FORMS = 20
_local = threading.local()


class Vocabulary(KnownWords):
    def __init__(self, frequencies: Counter):
        self.frequencies = frequencies
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        self.forms: dict[str, list[str]] = defaultdict(list)
        for word in sorted(frequencies, key=lambda w: (-frequencies[w], w)):
            self.by_prefix[word[:FUZZY_PREFIX_LENGTH]].append(word)
            forms = self.forms[stem(word)]
            if len(forms) < MAXIMUM_SURFACE_FORMS:
                forms.append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequencies

    def has_stem(self, stem_: str) -> bool:
        return stem_ in self.forms

    def candidates(self, word: str) -> list[str]:
        """Words sharing the fixed prefix, most frequent first: the only ones a typo may reach."""
        return self.by_prefix.get(word[:FUZZY_PREFIX_LENGTH], [])

    def typo_candidates(self, word: str) -> list[str]:
        found = [
            candidate for candidate in self.candidates(word) if candidate != word and is_fuzzy_match(word, candidate)
        ]
        return found[:MAXIMUM_EXPANSIONS]

    def prefix_candidates(self, word: str) -> list[str]:
        return [candidate for candidate in self.candidates(word) if candidate.startswith(word)][:MAXIMUM_EXPANSIONS]

    def surface_forms(self, stem_: str) -> list[str]:
        return self.forms.get(stem_, [])


def build_frequencies() -> Counter:
    """{word: how many published services use it}, from the search table's words."""
    from .models import SearchEntry

    frequencies: Counter = Counter()
    for words in SearchEntry.objects.values_list("words", flat=True).iterator(chunk_size=2000):
        frequencies.update(set(words.split()))
    return frequencies


def current() -> Vocabulary:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    memo = getattr(_local, "memo", None)
    if memo and memo[0] == version and memo[1] is not None and memo[2] > time.monotonic() - TIMEOUT_SECONDS:
        return memo[1]
    vocabulary = Vocabulary(build_frequencies())
    _local.memo = (version, vocabulary, time.monotonic())
    return vocabulary


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _local.memo = None
