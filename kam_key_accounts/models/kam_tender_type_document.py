from odoo import fields, models


class KamTenderTypeDocument(models.Model):
    """A document every tender of a type must provide: the template of its checklist lines."""

    _name = "kam.tender.type.document"
    _description = "Tender Type Required Document"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one("kam.tender.type", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Document", required=True, translate=True)
    description = fields.Char(translate=True)
