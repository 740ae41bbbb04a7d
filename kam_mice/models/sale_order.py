from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Quotations built from MICE programmes: proposal versions, attendee updates, confirmation."""

    _name = "sale.order"
    _inherit = ["sale.order", "kam.workflow.mixin"]

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
    mice_attendees_billable = fields.Integer(
        related="mice_request_id.attendees_billable", string="Attendees Priced"
    )
    mice_amount_per_person = fields.Monetary(
        string="Price per Person",
        compute="_compute_mice_amount_per_person",
        help="The untaxed total divided by the attendees the request prices on.",
    )

    _sql_constraints = [
        (
            "mice_one_confirmed_proposal",
            "EXCLUDE (mice_request_id WITH =) WHERE (state = 'sale')",
            "A MICE request has one confirmed proposal: cancel it before confirming another version.",
        ),
    ]

    # ------------------------------------------------------------------ workflow
    def _workflow_fields(self):
        return {"state", "mice_version", "mice_pending_attendees"}

    def _check_workflow_values(self, vals_list, creating=False):
        """MICE proposals only: confirming one confirms its request, so a proposal reaches each
        status through Odoo's own buttons (Send, Confirm, Cancel, Set to Quotation), never by a
        bare write. Other orders keep Odoo's rules."""
        if self._workflow_is_moving():
            return
        if creating:
            proposals = [vals for vals in vals_list if vals.get("mice_request_id")]
            if proposals:
                super()._check_workflow_values(proposals, creating=True)
            return
        if self.filtered("mice_request_id") or vals_list[0].get("mice_request_id"):
            super()._check_workflow_values(vals_list)
        if "mice_request_id" in vals_list[0]:
            confirmed = self.filtered(lambda order: order.mice_request_id and order.state == "sale")
            if confirmed:
                raise UserError(
                    self.env._(
                        "%(order)s confirmed %(request)s: it stays that request's order.",
                        order=confirmed[0].name,
                        request=confirmed[0].mice_request_id.name,
                    )
                )
            if vals_list[0]["mice_request_id"] and self.filtered(lambda order: order.state == "sale"):
                # a confirmed order would count as the request's revenue without its confirmation
                raise UserError(
                    self.env._("A confirmed order cannot become a proposal of a MICE request: quote it anew.")
                )

    def action_draft(self):
        with self._workflow_moving():
            return super().action_draft()

    def action_quotation_sent(self):
        with self._workflow_moving():
            return super().action_quotation_sent()

    def _action_cancel(self):
        with self._workflow_moving():
            return super()._action_cancel()

    def message_post(self, **kwargs):
        # the mail composer's "mark as sent" moves a quotation to Sent
        with self._workflow_moving():
            return super().message_post(**kwargs)

    @api.depends("mice_request_id.order_id")
    def _compute_mice_is_chosen(self):
        for order in self:
            order.mice_is_chosen = bool(order.mice_request_id) and order.mice_request_id.order_id == order

    @api.depends("amount_untaxed", "mice_request_id.attendees_billable")
    def _compute_mice_amount_per_person(self):
        for order in self:
            attendees = order.mice_request_id.attendees_billable
            order.mice_amount_per_person = order.amount_untaxed / attendees if attendees else 0.0

    def _mice_following(self):
        """The proposals whose lines follow what they charge (bookings, room blocks): open
        quotations, and confirmed orders while they are not locked."""
        return self.filtered(
            lambda order: order.state in ("draft", "sent") or (order.state == "sale" and not order.locked)
        )

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
            # the food and beverage served may now reach (or miss) a space's minimum spend
            order.mice_request_id.booking_ids._sync_lines_of(order)
        self._workflow_write({"mice_pending_attendees": 0})

    def _mice_propose_attendees(self, attendees):
        for order in self:
            lines = order._mice_per_person_lines()
            if all(
                line.product_uom_qty == line.mice_programme_line_id._quantity_for(attendees) for line in lines
            ):
                order._workflow_write({"mice_pending_attendees": 0})
                continue
            order._workflow_write({"mice_pending_attendees": attendees})
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
        self._check_one_confirmed_proposal()
        with self._workflow_moving():
            res = super().action_confirm()
        proposals = self.filtered("mice_request_id")
        for order in proposals:
            request = order.mice_request_id
            if request.order_id != order:
                request.order_id = order
            request._mark_confirmed()
        proposals._cancel_other_versions()
        return res

    def _check_one_confirmed_proposal(self):
        """A request's revenue is its one confirmed proposal: a second confirmed version would count
        twice in the key account's figures, its contract's consumption and its KAM's pay."""
        proposals = self.filtered("mice_request_id")
        if not proposals:
            return
        confirmed = self.search(
            [
                ("mice_request_id", "in", proposals.mice_request_id.ids),
                ("state", "=", "sale"),
                ("id", "not in", proposals.ids),
            ]
        )
        for request in proposals.mice_request_id:
            versions = proposals.filtered(lambda order, request=request: order.mice_request_id == request)
            already = confirmed.filtered(lambda order, request=request: order.mice_request_id == request)
            if already or len(versions) > 1:
                raise UserError(
                    self.env._(
                        "%(request)s already has a confirmed proposal (%(order)s): a request has one. "
                        "Cancel it before confirming another version.",
                        request=request.display_name,
                        order=(already or versions)[0].name,
                    )
                )

    def _cancel_other_versions(self):
        """Confirming a version cancels the request's other open versions, and says so."""
        others = self.mice_request_id.order_ids.filtered(
            lambda order: order.state in ("draft", "sent") and order not in self
        )
        if not others:
            return
        others._action_cancel()
        chosen = {order.mice_request_id: order for order in self}
        others._message_log_batch(
            bodies={
                other.id: self.env._(
                    "Cancelled: %(order)s (version %(version)s) was confirmed for %(request)s.",
                    order=chosen[other.mice_request_id].name,
                    version=chosen[other.mice_request_id].mice_version,
                    request=other.mice_request_id.name,
                )
                for other in others
            }
        )
        requests = others.mice_request_id
        requests._message_log_batch(
            bodies={
                request.id: self.env._(
                    "%(order)s confirmed; other versions cancelled: %(others)s.",
                    order=chosen[request].name,
                    others=", ".join(
                        others.filtered(lambda o, r=request: o.mice_request_id == r).mapped("name")
                    ),
                )
                for request in requests
            }
        )
