from odoo import fields, models


class MiceRequestLost(models.TransientModel):
    """Close requests as lost (the client went elsewhere) or cancelled (the event will not happen)."""

    _name = "mice.request.lost"
    _description = "Lose or Cancel MICE Requests"

    request_ids = fields.Many2many(
        "mice.request", string="Requests", default=lambda self: self.env.context.get("active_ids")
    )
    outcome = fields.Selection([("lost", "Lost"), ("cancelled", "Cancelled")], required=True, default="lost")
    lost_reason_id = fields.Many2one("mice.lost.reason", string="Reason", required=True)
    feedback = fields.Text()

    def action_apply(self):
        self.request_ids.check_access("write")
        self.request_ids._workflow_write({"state": self.outcome, "lost_reason_id": self.lost_reason_id.id})
        # Drafts of a lost request can never be accepted: cancel them, leave confirmed orders to sales.
        self.request_ids.order_ids.filtered(lambda o: o.state in ("draft", "sent"))._action_cancel()
        self.request_ids._release_bookings()
        if self.feedback:
            for request in self.request_ids:
                request.message_post(body=self.feedback)
        return {"type": "ir.actions.act_window_close"}
