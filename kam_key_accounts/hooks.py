from odoo.tools import SQL

from .models.kam_figure import MARK_FUNCTION


def uninstall_hook(env):
    """The figures ledger's triggers are not ORM objects: drop them (and their function) here."""
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(MARK_FUNCTION)))
