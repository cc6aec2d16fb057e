"""No tables of its own yet: allauth keeps accounts, emails and authenticators.

The module exists so that Django sends this app `post_migrate`, on which `manage.py migrate` creates
the database cache's table (accounts/apps.py).
"""
