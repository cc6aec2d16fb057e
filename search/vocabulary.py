"""The words in the published directory, for the database backend's typo tolerance and "did you
mean". Read from the search table (`SearchEntry.text`, the same text Elasticsearch indexes), kept
per process, and rebuilt after a service's row changes (`search/entries.py` calls `invalidate()`),
or after ten minutes at most.
"""

import threading
import uuid
from collections import Counter

from django.core.cache import cache

from .text import FUZZY_PREFIX_LENGTH, tokenize

VERSION_KEY = "search:vocabulary:version"
TIMEOUT_SECONDS = 600
_local = threading.local()


class Vocabulary:
    def __init__(self, frequencies: Counter):
        self.frequencies = frequencies
        self.by_prefix: dict[str, list[str]] = {}
        for word in frequencies:
            self.by_prefix.setdefault(word[:FUZZY_PREFIX_LENGTH], []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequencies

    def candidates(self, word: str) -> list[str]:
        """Words sharing the fixed prefix: the only ones a fuzzy match may reach."""
        return self.by_prefix.get(word[:FUZZY_PREFIX_LENGTH], [])


def build_frequencies() -> Counter:
    """{word: how many published services use it}, from the search table's text."""
    from .models import SearchEntry

    frequencies: Counter = Counter()
    for text in SearchEntry.objects.values_list("text", flat=True).iterator(chunk_size=2000):
        frequencies.update(set(tokenize(text)))
    return frequencies


def current() -> Vocabulary:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    memo = getattr(_local, "memo", None)
    if memo and memo[0] == version and memo[1] is not None and memo[2] > _now() - TIMEOUT_SECONDS:
        return memo[1]
    vocabulary = Vocabulary(build_frequencies())
    _local.memo = (version, vocabulary, _now())
    return vocabulary


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _local.memo = None


def _now() -> float:
    import time

    return time.monotonic()
