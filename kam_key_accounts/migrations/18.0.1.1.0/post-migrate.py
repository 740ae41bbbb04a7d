from odoo import SUPERUSER_ID, api
from odoo.tools import sql

HOLD = "kam_stakeholder_mig_18_0_1_1_0"


def migrate(cr, version):
    """The stakeholder rows of the plans past draft become those plans' frozen copies
    (kam.plan.stakeholder), reporting lines included, dated by the plan's approval."""
    if not sql.table_exists(cr, HOLD):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        SELECT hold.id, hold.plan_id, hold.partner_id, partner.function, hold.buying_role,
               hold.influence, hold.attitude, hold.reports_to_id, hold.owner_id, hold.notes,
               hold.frozen_date, current.id
          FROM kam_stakeholder_mig_18_0_1_1_0 hold
          JOIN res_partner partner ON partner.id = hold.partner_id
          LEFT JOIN kam_stakeholder current
                 ON current.key_account_id = hold.key_account_id AND current.partner_id = hold.partner_id
         ORDER BY hold.id
        """
    )
    rows = cr.fetchall()
    values = [
        {
            "plan_id": plan_id,
            "partner_id": partner_id,
            "function": function,
            "buying_role": buying_role,
            "influence": influence,
            "attitude": attitude,
            "owner_id": owner_id,
            "notes": notes,
            "frozen_date": frozen_date,
            "stakeholder_id": current_id,
        }
        for (
            _old_id,
            plan_id,
            partner_id,
            function,
            buying_role,
            influence,
            attitude,
            _reports_to_id,
            owner_id,
            notes,
            frozen_date,
            current_id,
        ) in rows
    ]
    copies = env["kam.plan.stakeholder"].create(values)
    copies.flush_recordset()
    # the old reporting lines stayed within one plan, as the copies do: one statement sets them
    copy_of = {row[0]: copy.id for row, copy in zip(rows, copies, strict=True)}
    lines = [(copy_of[row[0]], copy_of[row[7]]) for row in rows if row[7] in copy_of]
    if lines:
        cr.execute(
            """
            UPDATE kam_plan_stakeholder copy SET reports_to_id = line.boss_id
              FROM unnest(%s::int[], %s::int[]) AS line(copy_id, boss_id)
             WHERE copy.id = line.copy_id
            """,
            [[copy_id for copy_id, _boss in lines], [boss_id for _copy, boss_id in lines]],
        )
    copies.invalidate_recordset(["reports_to_id"])
    cr.execute("DROP TABLE kam_stakeholder_mig_18_0_1_1_0")
