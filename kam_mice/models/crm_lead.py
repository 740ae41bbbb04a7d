from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Opportunities that turned into MICE requests."""

    _inherit = "crm.lead"

    mice_request_ids = fields.One2many("mice.request", "lead_id", string="MICE Requests")
    mice_request_count = fields.Integer(compute="_compute_mice_request_count", string="MICE Request Count")

    def _compute_mice_request_count(self):
        counts = dict(
            self.env["mice.request"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.mice_request_count = counts.get(lead, 0)

    def action_create_mice_request(self):
        """Create a MICE request from this opportunity and open it."""
        self.ensure_one()
        self.env["mice.request"].check_access("create")
        if not self.partner_id:
            raise UserError(
                self.env._("Set the client of %(lead)s before creating a MICE request.", lead=self.name)
            )
        partner = self.partner_id.commercial_partner_id
        today = fields.Date.context_today(self)
        request = self.env["mice.request"].create(
            {
                "title": self.name,
                "lead_id": self.id,
                "partner_id": partner.id,
                "contact_id": self.partner_id.id if self.partner_id != partner else False,
                "user_id": self.user_id.id or self.env.user.id,
                "company_id": (self.company_id or self.env.company).id,
                "event_type_id": self.env.ref("kam_mice.mice_event_type_meeting").id,
                "date_start": self.date_deadline or today,
                "date_end": self.date_deadline or today,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mice.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_mice_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("MICE Requests"),
            "res_model": "mice.request",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }
