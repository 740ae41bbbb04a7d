from odoo import api, models


class KamMeasure(models.AbstractModel):
    """MICE measures for objectives: the confirmed MICE orders, a share of ordered revenue."""

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
    def _measure_columns(self):
        return {
            **super()._measure_columns(),
            "mice_revenue": "mice_amount",
            "mice_events": "mice_event_count",
        }

    @api.model
    def _count_measures(self):
        return super()._count_measures() | {"mice_events"}
