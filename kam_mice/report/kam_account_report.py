from odoo import fields, models


class KamAccountReport(models.Model):
    """The MICE share of ordered revenue in the key-account analysis (kam.figure's MICE columns)."""

    _inherit = "kam.account.report"

    mice_amount = fields.Monetary(string="of which MICE", readonly=True)
    mice_event_count = fields.Integer(string="MICE Events", readonly=True)
