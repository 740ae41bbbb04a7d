from odoo import fields, models


class KamFigureDirty(models.Model):
    """The queue of documents whose rows of the figures ledger (``kam.figure``) must be rewritten.

    Filled by PostgreSQL triggers on the source tables (and by ``kam.figure._mark_dirty``), emptied
    by ``kam.figure._refresh_figures``; never read or written through the ORM. A model so that its
    table lives and goes with the add-on (uninstalling drops it after the add-on's documents).
    """

    _name = "kam.figure.dirty"
    _description = "Key Account Figures to Refresh"
    _log_access = False

    source = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(string="Document", required=True, readonly=True)

    _sql_constraints = [
        ("document_unique", "UNIQUE(source, res_id)", "A document is queued once."),
    ]
