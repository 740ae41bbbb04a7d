from odoo import fields, models
from odoo.exceptions import AccessError

from ..models.kam_pay_statement import STATEMENT_PERIODS


class KamPayStatementGenerate(models.TransientModel):
    """A period's statements for every pay scheme of the company, made and computed in one go."""

    _name = "kam.pay.statement.generate"
    _description = "Generate Pay Statements"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: self._default_period()[0])
    period = fields.Selection(
        STATEMENT_PERIODS, required=True, default=lambda self: self._default_period()[1]
    )

    def _default_period(self):
        """The last quarter that has ended."""
        today = fields.Date.context_today(self)
        quarter = (today.month - 1) // 3
        return (today.year, f"q{quarter}") if quarter else (today.year - 1, "q4")

    def action_generate(self):
        self.ensure_one()
        if not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a Key Accounts manager handles pay statements."))
        Statement = self.env["kam.pay.statement"]
        schemes = self.env["kam.pay.scheme"].search(
            [("company_id", "=", self.company_id.id), ("year", "=", self.year)]
        )
        # the year's statement and the fourth quarter's end on the same day: either stands for both
        same_end = ["q4", "year"] if self.period in ("q4", "year") else [self.period]
        existing = Statement.search([("scheme_id", "in", schemes.ids), ("period", "in", same_end)])
        new = Statement.create(
            [{"scheme_id": scheme.id, "period": self.period} for scheme in schemes - existing.scheme_id]
        )
        new.action_compute()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_pay_statement_action")
        action["domain"] = [("id", "in", (existing | new).ids)]
        action["context"] = {}
        return action
