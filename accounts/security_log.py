"""The security log: one JSON object per line on the `security` logger, for the council's SIEM.

Sign-ins, failures, second-factor results, lockouts, staff changes, evidence downloads and exports are
written here by `record()`, so an operations team can alert on them without reading application logs.
Lines never hold passwords, codes or an email address typed into a form: a failed sign-in carries a
keyed hash of what was typed (`login_hash`), which groups attempts on one account without storing it.
"""

import datetime
import hashlib
import hmac
import json
import logging

from django.conf import settings

from accounts.network import client_ip

logger = logging.getLogger("security")

# Fields no caller may put in a line, whatever they pass.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "code", "token", "secret", "key"})


def login_hash(login: str) -> str:
    """A keyed hash of a typed sign-in name: the same account always gives the same value."""
    normalised = (login or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()[:24]


def record(event: str, request=None, user=None, **fields) -> dict:
    """Write one security event; returns what was written (the tests read it back)."""
    entry = {"event": event, "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")}
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "pk", None) is not None and getattr(user, "is_authenticated", True):
        entry["user_id"] = user.pk
    if request is not None:
        entry["ip"] = client_ip(request)
        entry["method"] = request.method
        entry["path"] = request.path[:300]
        entry["user_agent"] = request.META.get("HTTP_USER_AGENT", "")[:200]
    for name, value in fields.items():
        if name in SECRET_FIELDS or value is None:
            continue
        entry[name] = value
    logger.info(json.dumps(entry, default=str, sort_keys=False))
    return entry


class JSONLineFormatter(logging.Formatter):
    """The message is already a JSON object: write it alone, one per line, with nothing around it."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage().replace("\n", " ")
