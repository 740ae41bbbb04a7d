from odoo.tools import SQL

from odoo.addons.kam_key_accounts.report.kam_account_report import FIGURE_TABLE


def uninstall_hook(env):
    """Take the MICE figures out of the key-account analysis' summary table (not an ORM table)."""
    env.cr.execute(
        SQL(
            "DELETE FROM %(table)s WHERE source = 'mice';"
            "ALTER TABLE %(table)s DROP COLUMN IF EXISTS mice_amount, DROP COLUMN IF EXISTS mice_event_count",
            table=SQL.identifier(FIGURE_TABLE),
        )
    )
