from odoo import api, fields, models


class KamHealthSnapshot(models.Model):
    """A key account's health score on one day: the history behind its trend.

    Written by the daily cron and by the plan's explicit "Record Score" action, never by a read;
    users only read it.
    """

    _name = "kam.health.snapshot"
    _inherit = ["kam.checked.mixin"]
    _description = "Key Account Health Snapshot"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Key Account", required=True, index=True, ondelete="cascade", readonly=True
    )
    plan_id = fields.Many2one("kam.account.plan", string="Account Plan", ondelete="set null", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Key Account Manager", index=True, readonly=True, help="The KAM on that day."
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    score = fields.Integer(string="Health Score", aggregator="avg", readonly=True, help="0 to 100.")

    _sql_constraints = [
        ("one_per_account_and_day", "UNIQUE(partner_id, date)", "A key account has one health score a day."),
    ]

    @api.model
    def _cron_record(self):
        """Today's score of every key account with an active plan."""
        plans = self.env["kam.account.plan"].search(
            [("state", "=", "active"), ("partner_id.is_key_account", "=", True)]
        )
        self._record(plans)

    @api.model
    def _record(self, plans):
        """Write today's score of these active plans' key accounts: one row per account and day,
        rewritten when recorded again the same day (cron and action are idempotent in a day)."""
        plans = plans.filtered(lambda plan: plan.state == "active")
        if not plans:
            return self.browse()
        today = fields.Date.today()  # UTC calendar days, as the figures ledger's
        # the score is computed, not stored: one read earlier in this transaction may be stale
        plans.invalidate_recordset(["health_score"])
        values = {}
        # each plan's score in its own company, as its KAM reads it on the plan
        for company, company_plans in plans.grouped("company_id").items():
            for plan in company_plans.with_context(allowed_company_ids=company.ids):
                values[plan.partner_id.id] = {
                    "plan_id": plan.id,
                    "user_id": plan.partner_id.key_account_manager_id.id,
                    "company_id": company.id,
                    "score": plan.health_score,
                }
        existing = self.search([("partner_id", "in", list(values)), ("date", "=", today)])
        changed = existing.filtered(
            lambda snapshot: snapshot._recorded_values() != values[snapshot.partner_id.id]
        )
        # one UPDATE per distinct value, not one per account
        for new_values, snapshots in changed.grouped(
            lambda snapshot: tuple(values[snapshot.partner_id.id].items())
        ).items():
            snapshots.write(dict(new_values))
        recorded = set(existing.partner_id.ids)
        created = self.create(
            [
                {"partner_id": partner_id, "date": today, **account_values}
                for partner_id, account_values in values.items()
                if partner_id not in recorded
            ]
        )
        return existing | created

    def _recorded_values(self):
        self.ensure_one()
        return {
            "plan_id": self.plan_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "score": self.score,
        }
