from odoo import api, models


class KamMeasure(models.AbstractModel):
    """MICE measures for key-account plan objectives: confirmed MICE revenue and events."""

    _inherit = "kam.measure"

    @api.model
    def _selection_measure(self):
        selection = super()._selection_measure()
        mice = [
            ("mice_revenue", self.env._("MICE Bookings (Confirmed Revenue)")),
            ("mice_events", self.env._("MICE Bookings (Confirmed Events)")),
        ]
        # keep "qualitative" last, where users expect it
        return (
            [item for item in selection if item[0] != "qualitative"]
            + mice
            + [item for item in selection if item[0] == "qualitative"]
        )

    @api.model
    def _count_measures(self):
        return super()._count_measures() | {"mice_events"}

    def _mice_confirmed_domain(self, account_ids, date_from, date_to):
        return [
            ("key_account_id", "in", account_ids),
            ("stage_id.is_won", "=", True),
            ("state", "=", "open"),
            *self._period_domain("date_start", date_from, date_to),
        ]

    def _measure_mice_revenue(self, account_ids, date_from, date_to):
        domain = self._mice_confirmed_domain(account_ids, date_from, date_to)
        return self._sum_by_account(
            "mice.request", domain, "amount_untaxed:sum", currency_field="currency_id"
        )

    def _measure_mice_events(self, account_ids, date_from, date_to):
        return self._count_by_account(
            "mice.request", self._mice_confirmed_domain(account_ids, date_from, date_to)
        )
