"""Safe repairs and clean text for records coming in from other directories.

Councils' feeds carry the marks of years of copy and paste: empty strings for absent values,
zero-width and non-breaking spaces inside email addresses, websites typed as `example.com` or
`http:www.example.co.uk`, descriptions full of `&nbsp;`. A repair here is one whose meaning is
not in doubt; each is listed in the import report. Anything else is left as it is for the model's
own validators to refuse, so the record is quarantined with the reason rather than guessed at.
"""

import html
import re

import nh3

# Characters that are invisible on screen but break addresses and comparisons.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
WHITESPACE = re.compile(r"[\s\u00a0]+")
DOMAIN = re.compile(
    r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$",
    re.I,
)
SCHEME_TYPO = re.compile(r"^(https?)(?::/?|//|:\\\\)(?!/)", re.I)

# The rich text editor's tags (ServicePage.description's features: h2, h3, bold, italic, ol, ul, link).
RICH_TEXT_TAGS = {"p", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "br", "a"}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
BLOCK_BOUNDARY = re.compile(r"<\s*(?:br|/p|/li|/h[1-6]|/div|/tr|p|li|h[1-6]|div|tr)\b[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^>]*>")


def tidy_string(value: str) -> str:
    """Strip invisible characters and surrounding whitespace (including non-breaking spaces)."""
    return value.translate(INVISIBLE).strip(" \t\r\n\u00a0")


def tidy(value, path: str, repairs: list[tuple[str, str]]):
    """A copy of a JSON value with strings tidied and empty values dropped, noting each repair.

    Empty strings, nulls and empty lists stand for "no value" in ORUK 1.0 feeds; the 3.0 schema and
    our models read them as wrong values, so they are dropped (and listed) rather than refused.
    """
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            where = f"{path}/{key}" if path else key
            cleaned = tidy(item, where, repairs)
            if cleaned in (None, "", [], {}):
                if isinstance(item, str):
                    repairs.append((where, "empty value dropped"))
                continue
            result[key] = cleaned
        return result
    if isinstance(value, list):
        items = (tidy(item, f"{path}/{index}", repairs) for index, item in enumerate(value))
        return [item for item in items if item not in (None, "", [], {})]
    if isinstance(value, str):
        cleaned = tidy_string(value)
        if cleaned != value and cleaned:
            what = "invisible characters removed" if value.translate(INVISIBLE) != value else "spaces trimmed"
            repairs.append((path, what))
        return cleaned
    return value


def repair_email(value: str) -> tuple[str, list[str]]:
    """Spaces of any kind inside, a `mailto:` prefix, a trailing full stop: typing slips, not meaning."""
    notes = []
    cleaned = value.translate(INVISIBLE)
    if cleaned != value:
        notes.append("invisible characters removed")
    if WHITESPACE.search(cleaned):
        cleaned = WHITESPACE.sub("", cleaned)
        notes.append("spaces removed")
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[7:]
        notes.append("'mailto:' removed")
    if cleaned.endswith(".") and "@" in cleaned:
        cleaned = cleaned.rstrip(".")
        notes.append("trailing full stop removed")
    return cleaned, notes


def repair_url(value: str) -> tuple[str, list[str]]:
    """`http:www.x`, `https:/x` and `http//x` get their `//`; a bare domain gets `https://`.

    A value that does not look like a web address at all (a place name, a phone number) is left
    alone, so the model's URL validator refuses it and the record is quarantined with the reason.
    """
    notes = []
    cleaned = value.translate(INVISIBLE).strip(" \t\r\n\u00a0")
    if cleaned != value:
        notes.append("invisible characters removed" if value.translate(INVISIBLE) != value else "spaces trimmed")
    typo = SCHEME_TYPO.match(cleaned)
    if typo:
        scheme = typo.group(1).lower()
        notes.append(f"'{typo.group(0)}' corrected to '{scheme}://'")
        cleaned = f"{scheme}://{cleaned[typo.end() :]}"
    elif not re.match(r"^[a-z][a-z0-9+.-]*://", cleaned, re.I) and DOMAIN.match(cleaned):
        cleaned = "https://" + cleaned
        notes.append("'https://' added")
    return cleaned, notes


# Text -------------------------------------------------------------------------------------------


def rich_text(text: str) -> str:
    """HTML keeping only the rich text editor's tags and ordinary links; plain text becomes paragraphs."""
    if not text:
        return ""
    if HTML_TAG.search(text):
        cleaned = nh3.clean(
            text,
            tags=RICH_TEXT_TAGS,
            attributes=RICH_TEXT_ATTRIBUTES,
            url_schemes=LINK_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
        return cleaned.replace("\u00a0", " ").replace("&nbsp;", " ").strip()
    plain = html.unescape(text).replace("\u00a0", " ")
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", plain.strip()) if part.strip()]
    return "".join(f"<p>{html.escape(part, quote=False).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


def plain_text(text: str) -> str:
    """Words as a reader sees them: tags become spaces (so `are</p><p>homeless` stays two words),
    entities are decoded, runs of whitespace of any kind become one space."""
    spaced = BLOCK_BOUNDARY.sub(" ", text or "")
    unescaped = html.unescape(ANY_TAG.sub("", spaced)).translate(INVISIBLE)
    return WHITESPACE.sub(" ", unescaped).strip()


def first_sentence(text: str, limit: int = 300) -> str:
    """The description's first sentence, for the listing; cut at a word if it runs past `limit`."""
    plain = plain_text(text)
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", plain, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"
