from odoo import api, models


class KamFigureSource(models.AbstractModel):
    """A model whose documents feed the figures ledger (``kam.figure``): orders, invoices,
    opportunities, tenders.

    PostgreSQL triggers note which documents changed, whatever wrote them (the ORM, a recomputed
    amount, the SQL of the group roll-up); this mixin makes sure the ledger is refreshed before the
    transaction commits, so that readers elsewhere (a read-only replica among them) find it current.
    """

    _name = "kam.figure.source"
    _description = "Source of Key Account Figures"

    @api.model
    def _create(self, data_list):
        records = super()._create(data_list)
        self.env["kam.figure"]._schedule_refresh()
        return records

    def _write_multi(self, vals_list):
        # what every write reaches when the ORM flushes it (_write included)
        self.env["kam.figure"]._schedule_refresh()
        return super()._write_multi(vals_list)

    def unlink(self):
        result = super().unlink()
        self.env["kam.figure"]._schedule_refresh()
        return result
