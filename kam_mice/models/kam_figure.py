from odoo import fields, models
from odoo.tools import SQL


class KamFigure(models.Model):
    """MICE in the figures ledger: a confirmed order of a MICE request is ordered revenue (counted
    once, on the order's row) of which these columns say how much, and how many events, are MICE."""

    _inherit = "kam.figure"

    mice_amount = fields.Monetary(string="MICE Revenue", readonly=True)
    mice_event_count = fields.Integer(string="MICE Events", readonly=True)

    def _sources(self):
        sources = super()._sources()
        for source in sources:
            if source["source"] == "order":
                source["measures"].update(
                    mice_amount=SQL(
                        "CASE WHEN src.mice_request_id IS NOT NULL THEN src.amount_untaxed_company ELSE 0 END"
                    ),
                    mice_event_count=SQL("CASE WHEN src.mice_request_id IS NOT NULL THEN 1 ELSE 0 END"),
                )
        return sources
