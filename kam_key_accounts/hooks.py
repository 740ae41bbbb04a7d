from odoo.tools import SQL

from .report.kam_account_report import DIRTY_TABLE, FIGURE_TABLE, MARK_FUNCTION


def uninstall_hook(env):
    """The key-account analysis' summary table and triggers are not ORM objects: drop them here."""
    env.cr.execute(
        SQL(
            "DROP FUNCTION IF EXISTS %s() CASCADE; DROP TABLE IF EXISTS %s, %s",
            SQL.identifier(MARK_FUNCTION),
            SQL.identifier(FIGURE_TABLE),
            SQL.identifier(DIRTY_TABLE),
        )
    )
