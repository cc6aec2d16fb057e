"""Same-origin check for the "Save" button, which posts without a CSRF token.

The button sits on the home, results and service pages, which are kept whole in the shared page cache
for visitors without a session (localoffer/caching.py). A CSRF token would make each of those pages
belong to one visitor and never be cached, so the button's form carries none. Instead the save view
refuses a post another site made the browser send: modern browsers say so in Sec-Fetch-Site, and every
browser sends Origin (or at least Referer) with a form post, which must then name this host. A post with
none of these (an old browser with referrers switched off) is let through: the worst another site could
do is add a service to someone's shortlist, which they can see and undo.
"""

from urllib.parse import urlsplit


def is_cross_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if not value:
            continue
        parts = urlsplit(value)
        if parts.netloc.lower() != request.get_host().lower() or parts.scheme != request.scheme:
            return True  # "null" (a sandboxed frame, a data: page) has no host and is refused too
    return False
