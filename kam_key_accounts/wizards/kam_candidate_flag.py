from odoo import fields, models
from odoo.exceptions import AccessError

from ..tools import kam_user_domain


class KamCandidateFlag(models.TransientModel):
    """Make a key account candidate a key account, with its KAM and tier, in one step."""

    _name = "kam.candidate.flag"
    _description = "Make a Key Account"

    partner_id = fields.Many2one(
        "res.partner",
        string="Company",
        required=True,
        readonly=True,
        domain="[('is_company', '=', True), ('key_account_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        required=True,
        domain=lambda self: kam_user_domain(self.env),
    )
    tier_id = fields.Many2one("kam.tier")

    def action_apply(self):
        """Flag the company; the partner's own write rolls the group up and checks the settings."""
        self.ensure_one()
        if not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a key account manager can make a company a key account."))
        partner = self.partner_id
        partner.write(
            {
                "is_key_account": True,
                "key_account_manager_id": self.user_id.id,
                "kam_tier_id": self.tier_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": partner.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
