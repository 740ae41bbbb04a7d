from collections import defaultdict
from datetime import date

from odoo import api, fields, models


class KamAccountPlan(models.Model):
    """The plan's key account's tenders, contracts and negotiations at hand; its escalations lower the
    plan's health."""

    _inherit = "kam.account.plan"  # pylint: disable=consider-merging-classes-inherited

    health_escalations = fields.Float(string="Escalations Under Control", compute="_compute_health")
    kam_tender_open_count = fields.Integer(related="partner_id.kam_tender_open_count", string="Open Tenders")
    kam_contract_running_count = fields.Integer(
        related="partner_id.kam_contract_running_count", string="Running Contracts"
    )
    # Negotiations of the plan's key account (its group's, in the plan's company)
    kam_negotiation_ids = fields.Many2many(
        "kam.negotiation", string="Negotiations", compute="_compute_kam_negotiations"
    )
    kam_negotiation_open_count = fields.Integer(
        string="Open Negotiations", compute="_compute_kam_negotiations"
    )
    kam_negotiation_open_amount = fields.Monetary(
        string="Value at Stake",
        compute="_compute_kam_negotiations",
        help="The value of the negotiations in progress: our offer of their last round.",
    )
    kam_negotiation_agreed_count = fields.Integer(
        string="Agreed in the Period",
        compute="_compute_kam_negotiations",
        help="Negotiations agreed between the start and the end of the plan.",
    )
    kam_negotiation_agreed_amount = fields.Monetary(
        string="Agreed Value in the Period",
        compute="_compute_kam_negotiations",
        help="The agreed prices of the negotiations agreed between the start and the end of the plan.",
    )

    @api.depends("partner_id", "company_id", "date_start", "date_end")
    def _compute_kam_negotiations(self):
        # sudo: the figures are the plan's, the same for whoever reads it (access is checked on the
        # plan); the list shows the negotiations the reader may open. One search for all the plans.
        negotiations = (
            self.env["kam.negotiation"]
            .sudo()
            .search_fetch(
                [("key_account_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)],
                ["key_account_id", "company_id", "state", "value_amount", "agreement_date", "date_deadline"],
            )
        )
        visible = negotiations.with_env(self.env)._filtered_access("read")
        ids_by_account = defaultdict(list)
        for negotiation in negotiations:
            ids_by_account[negotiation.key_account_id.id, negotiation.company_id.id].append(negotiation.id)
        for plan in self:
            own = negotiations.browse(ids_by_account[plan.partner_id.id, plan.company_id.id])
            running = own.filtered(lambda n: n.state == "open")
            agreed = own.filtered(
                lambda n, plan=plan: n.state == "agreed"
                and n.agreement_date
                and plan.date_start
                and plan.date_end
                and plan.date_start <= n.agreement_date <= plan.date_end
            )
            plan.kam_negotiation_open_count = len(running)
            plan.kam_negotiation_open_amount = sum(running.mapped("value_amount"))
            plan.kam_negotiation_agreed_count = len(agreed)
            plan.kam_negotiation_agreed_amount = sum(agreed.mapped("value_amount"))
            # in progress first, the nearest deadline first
            plan.kam_negotiation_ids = (own & visible).sorted(
                lambda n: (n.state != "open", n.date_deadline or date.max, -n.id)
            )

    def action_open_kam_negotiations(self):
        """The key account's negotiations, those in progress first shown."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_negotiation_action")
        action["domain"] = [("key_account_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "search_default_open": 1}
        return action

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
