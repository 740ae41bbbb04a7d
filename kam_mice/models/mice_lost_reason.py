from odoo import fields, models


class MiceLostReason(models.Model):
    """Why a MICE request was lost or cancelled."""

    _name = "mice.lost.reason"
    _description = "MICE Lost Reason"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
