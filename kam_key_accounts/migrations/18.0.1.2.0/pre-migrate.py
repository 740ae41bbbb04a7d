"""Global accounts: the topmost key account of each company, on the companies and on their
assignments, before the models load (the figures ledger is rebuilt from the assignments by its own
``init``, which reads them)."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    for table, column in (
        ("res_partner", "kam_global_account_id"),
        ("kam_account_assignment", "global_account_id"),
        ("kam_figure", "global_account_id"),
    ):
        if not column_exists(cr, table, column):
            create_column(cr, table, column, "int4")
    # every company's chain up to its root: the topmost key account on it is its global account
    cr.execute(
        SQL(
            """
            WITH RECURSIVE chain AS (
                SELECT partner.id AS partner_id, partner.id AS ancestor_id, partner.parent_id,
                       COALESCE(partner.is_key_account, FALSE) AS is_key, 0 AS depth
                  FROM res_partner partner
                 WHERE partner.key_account_id IS NOT NULL  -- only a key account's group has one
                UNION ALL
                SELECT chain.partner_id, parent.id, parent.parent_id,
                       COALESCE(parent.is_key_account, FALSE), chain.depth + 1
                  FROM chain JOIN res_partner parent ON parent.id = chain.parent_id
            ), resolved AS (
                SELECT partner_id, (array_agg(ancestor_id ORDER BY depth DESC) FILTER (WHERE is_key))[1]
                       AS global_account_id
                  FROM chain GROUP BY partner_id
            )
            UPDATE res_partner SET kam_global_account_id = resolved.global_account_id
              FROM resolved
             WHERE res_partner.id = resolved.partner_id AND resolved.global_account_id IS NOT NULL
            """
        )
    )
    # the history is not known: each assignment counts for its key account's global account of today
    cr.execute(
        SQL(
            """
            UPDATE kam_account_assignment assignment
               SET global_account_id = account.kam_global_account_id
              FROM res_partner account
             WHERE account.id = assignment.key_account_id
               AND assignment.global_account_id IS DISTINCT FROM account.kam_global_account_id
            """
        )
    )
