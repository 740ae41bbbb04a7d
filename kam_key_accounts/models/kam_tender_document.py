from odoo import fields, models


class KamTenderDocument(models.Model):
    """A line of a tender's checklist: a document to provide before submitting the bid."""

    _name = "kam.tender.document"
    _description = "Tender Checklist Line"
    _order = "tender_id, sequence, id"

    tender_id = fields.Many2one("kam.tender", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="tender_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Document", required=True)
    user_id = fields.Many2one("res.users", string="Responsible", domain="[('share', '=', False)]")
    attachment_ids = fields.Many2many(
        "ir.attachment", "kam_tender_document_attachment_rel", "document_id", "attachment_id", string="Files"
    )
    is_done = fields.Boolean(string="Done")
