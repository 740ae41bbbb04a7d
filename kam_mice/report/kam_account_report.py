from odoo import api, fields, models
from odoo.tools import SQL


class KamAccountReport(models.Model):
    """Confirmed MICE requests in the key-account analysis, per event month."""

    _inherit = "kam.account.report"

    mice_amount = fields.Monetary(string="MICE Bookings", readonly=True)
    mice_event_count = fields.Integer(string="MICE Events", readonly=True)

    @api.model
    def _selection_source(self):
        return [*super()._selection_source(), ("mice", self.env._("MICE Requests"))]

    def _measure_columns(self):
        return [*super()._measure_columns(), "mice_amount", "mice_event_count"]

    def _sources(self):
        # The confirmed proposal's untaxed amount in the company's currency, as for orders.
        return [
            *super()._sources(),
            self._source(
                "mice",
                "mice_request",
                SQL("src.date_start"),
                SQL(
                    "src.state = 'open' AND src.stage_id IN (SELECT id FROM mice_request_stage WHERE is_won)"
                ),
                ["state", "stage_id", "date_start", "order_id", "company_id"],
                mice_amount=SQL(
                    "COALESCE((SELECT o.amount_untaxed_company FROM sale_order o "
                    "WHERE o.id = src.order_id), 0)"
                ),
                mice_event_count=SQL("1"),
            ),
        ]
