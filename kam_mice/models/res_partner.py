from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _kam_linked_models(self):
        # MICE requests store their client's key account too: move them with the group.
        return {**super()._kam_linked_models(), "mice.request": "partner_id"}
