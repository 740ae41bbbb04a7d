from odoo import fields, models


class KamAccountPlan(models.Model):
    """The plan's key account's tenders and contracts at hand; its escalations lower the plan's health."""

    _inherit = "kam.account.plan"  # pylint: disable=consider-merging-classes-inherited

    health_escalations = fields.Float(string="Escalations Under Control", compute="_compute_health")
    kam_tender_open_count = fields.Integer(related="partner_id.kam_tender_open_count", string="Open Tenders")
    kam_contract_running_count = fields.Integer(
        related="partner_id.kam_contract_running_count", string="Running Contracts"
    )

    def action_open_kam_tender_records(self):
        """The key account's tenders or contracts (``kam_model`` in the context), from the plan."""
        self.ensure_one()
        return self.partner_id.action_open_kam_tender_records()

    def _kam_health_factors(self):
        factors = super()._kam_health_factors()
        # The counts come from one _read_group each over all the plans' key accounts.
        accounts = self.partner_id
        open_counts = {account.id: account.kam_escalation_open_count for account in accounts}
        late_counts = {account.id: account.kam_escalation_late_count for account in accounts}
        values = {}
        for plan in self:
            late = late_counts.get(plan.partner_id.id, 0)
            on_time = open_counts.get(plan.partner_id.id, 0) - late
            # An open escalation costs a quarter, a late one half: two late ones empty the factor.
            values[plan.id] = max(0.0, 1.0 - 0.25 * on_time - 0.5 * late)
        factors["escalations"] = (10, values)
        return factors
