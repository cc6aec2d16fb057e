"""Open Referral UK 3.0: mapping the directory to and from the standard, import and export.

`serialize` turns published services into ORUK dictionaries (the API and `oruk_export` share it),
`schemas` validates against the profile's compiled JSON schemas in `data/oruk-uk-profile/`,
`importer` reads a feed back into the directory. See docs/oruk.md.
"""

ORUK_VERSION = "3.0"
PROFILE_URL = "https://openreferral.org/open-referral-uk-profile/"
