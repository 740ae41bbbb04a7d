"""Workbench: sets up Odoo 18.0, PostgreSQL and the browser, then runs or tests the add-ons.

Entry points are ``make run`` and ``make test`` (see README.md). Everything slow is cached:
the Odoo source and the virtual environment in ``$KAM_CACHE`` (default ``~/.cache/kam-odoo``),
the PostgreSQL cluster and the template databases in the git-ignored ``.local/`` folder.
"""
