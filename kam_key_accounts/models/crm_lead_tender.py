from odoo import fields, models


class CrmLead(models.Model):
    """The calls for tenders answered within an opportunity."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    kam_tender_ids = fields.One2many(
        "kam.tender", "lead_id", string="Calls for Tenders", groups="kam_key_accounts.group_kam_user"
    )
    kam_tender_count = fields.Integer(
        string="Tenders", compute="_compute_kam_tender_count", groups="kam_key_accounts.group_kam_user"
    )

    def _compute_kam_tender_count(self):
        counts = dict(
            self.env["kam.tender"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.kam_tender_count = counts.get(lead, 0)

    def action_view_kam_tenders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_tender_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_name": self.name,
            "default_company_id": self.company_id.id or self.env.company.id,
        }
        if self.kam_tender_count == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.kam_tender_ids.id
        return action
