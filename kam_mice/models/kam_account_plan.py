from datetime import timedelta

from odoo import fields, models

# Odoo's rating scale (1, 3, 5) read as a health factor from 0 to 1
SATISFACTION_FACTOR = {"1": 0.0, "3": 0.5, "5": 1.0}


class KamAccountPlan(models.Model):
    """The clients' ratings of their events count in the key account's health."""

    _inherit = "kam.account.plan"

    health_satisfaction = fields.Float(string="Event Satisfaction", compute="_compute_health")

    def _kam_health_factors(self):
        factors = super()._kam_health_factors()
        since = fields.Date.context_today(self) - timedelta(days=365)
        # sudo: the score is the plan's, the same for whoever reads it (access is checked on the plan)
        rows = (
            self.env["mice.request"]
            .sudo()
            ._read_group(
                [
                    ("key_account_id", "in", self.partner_id.ids),
                    ("satisfaction", "!=", False),
                    ("date_end", ">=", since),
                ],
                ["key_account_id", "satisfaction"],
                ["__count"],
            )
        )
        ratings = {}
        for account, satisfaction, count in rows:
            total, weight = ratings.get(account.id, (0.0, 0))
            ratings[account.id] = (total + SATISFACTION_FACTOR[satisfaction] * count, weight + count)
        values = {}
        for plan in self:
            total, count = ratings.get(plan.partner_id.id, (0.0, 0))
            # no event rated in the last twelve months: the factor does not apply (None)
            values[plan.id] = total / count if count else None
        factors["satisfaction"] = (10, values)
        return factors
