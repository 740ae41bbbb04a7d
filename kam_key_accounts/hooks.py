from odoo.tools import SQL

from .models.kam_figure import DIRTY_TABLE, MARK_FUNCTION


def uninstall_hook(env):
    """The figures ledger's triggers and their queue are not ORM objects: drop them here."""
    env.cr.execute(
        SQL(
            "DROP FUNCTION IF EXISTS %s() CASCADE; DROP TABLE IF EXISTS %s",
            SQL.identifier(MARK_FUNCTION),
            SQL.identifier(DIRTY_TABLE),
        )
    )
