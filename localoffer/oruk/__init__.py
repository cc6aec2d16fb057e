"""Open Referral UK: the directory published in ORUK 3.0, and other directories brought in.

`serialize` turns published services into ORUK dictionaries (the API and `oruk_export` share it),
`schemas` validates against the profile's compiled JSON schemas in `data/oruk-uk-profile/`.
Bringing directories in: `versions` (ORUK 1.0 or 3.0, and 1.0 read into the 3.0 shape),
`cleaning` (safe repairs, clean text), `importer` (record by record), `runs` (a run and its
report), `tasks` and `views` (the worker and the admin), `spreadsheet` (the CSV/XLSX template).
See docs/oruk.md.
"""

ORUK_VERSION = "3.0"
PROFILE_URL = "https://openreferral.org/open-referral-uk-profile/"
