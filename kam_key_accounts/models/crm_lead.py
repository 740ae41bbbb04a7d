from odoo import api, fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "kam.figure.source"]  # feeds the figures ledger

    key_account_id = fields.Many2one(
        related="partner_id.key_account_id",
        string="Key Account",
        store=True,
        index=True,
        help="The key account whose group the customer belongs to.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Without a salesperson given, a key account's opportunities go to its KAM.
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id") and "user_id" not in vals}
        )
        managers = {partner.id: partner.key_account_id.key_account_manager_id.id for partner in partners}
        for vals in vals_list:
            if "user_id" not in vals and managers.get(vals.get("partner_id")):
                vals["user_id"] = managers[vals["partner_id"]]
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_id_key_account_manager(self):
        manager = self.partner_id.key_account_id.key_account_manager_id
        if manager and not self._origin.id:
            self.user_id = manager
