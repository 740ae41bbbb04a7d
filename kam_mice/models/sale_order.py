from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Quotations built from MICE programmes: proposal versions, attendee updates, confirmation."""

    _inherit = "sale.order"

    mice_request_id = fields.Many2one(
        "mice.request", string="MICE Request", index="btree_not_null", copy=False, check_company=True
    )
    mice_version = fields.Integer(string="Proposal Version", copy=False)
    mice_is_chosen = fields.Boolean(string="Chosen Proposal", compute="_compute_mice_is_chosen")
    mice_pending_attendees = fields.Integer(
        string="Proposed Attendee Count",
        copy=False,
        readonly=True,
        help="The request's attendee count changed after confirmation: apply it to update per-person lines.",
    )

    @api.depends("mice_request_id.order_id")
    def _compute_mice_is_chosen(self):
        for order in self:
            order.mice_is_chosen = bool(order.mice_request_id) and order.mice_request_id.order_id == order

    def _mice_per_person_lines(self):
        return self.order_line.filtered(
            lambda line: line.mice_programme_line_id.quantity_basis in ("person", "person_night")
        )

    def _mice_apply_attendees(self, attendees):
        for order in self:
            for line in order._mice_per_person_lines():
                quantity = line.mice_programme_line_id._quantity_for(attendees)
                if line.product_uom_qty != quantity:
                    line.product_uom_qty = quantity
        self.mice_pending_attendees = 0

    def _mice_propose_attendees(self, attendees):
        for order in self:
            lines = order._mice_per_person_lines()
            if all(
                line.product_uom_qty == line.mice_programme_line_id._quantity_for(attendees) for line in lines
            ):
                order.mice_pending_attendees = 0
                continue
            order.mice_pending_attendees = attendees
            order.message_post(
                body=self.env._(
                    "The attendee count of %(request)s is now %(count)s: "
                    "per-person lines wait for your approval.",
                    request=order.mice_request_id.name,
                    count=attendees,
                )
            )

    def action_mice_apply_attendees(self):
        """Apply a proposed attendee count to the per-person lines of a confirmed order."""
        self.check_access("write")
        for order in self.filtered("mice_pending_attendees"):
            if order.locked:
                raise UserError(
                    self.env._("Unlock %(order)s to apply the attendee update.", order=order.name)
                )
            order._mice_apply_attendees(order.mice_pending_attendees)
        return True

    def action_mice_choose(self):
        """Make this proposal the chosen one of its request."""
        self.check_access("write")
        for order in self.filtered("mice_request_id"):
            order.mice_request_id.order_id = order
        return True

    def action_confirm(self):
        res = super().action_confirm()
        for order in self.filtered("mice_request_id"):
            request = order.mice_request_id
            if request.order_id != order:
                request.order_id = order
            request._mark_confirmed()
        return res
