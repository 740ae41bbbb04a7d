from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MiceEventType(models.Model):
    """Kind of MICE event: a type (Meeting, Incentive, Conference, Event) and its sub-types."""

    _name = "mice.event.type"
    _description = "MICE Event Type"
    _parent_store = True
    _rec_names_search = ["complete_name"]
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("mice.event.type", string="Type", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mice.event.type", "parent_id", string="Sub-types")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for event_type in self:
            if event_type.parent_id:
                event_type.complete_name = f"{event_type.parent_id.complete_name} / {event_type.name}"
            else:
                event_type.complete_name = event_type.name

    def write(self, vals):
        # Checked before the write: Odoo's parent store would only say "Recursion Detected".
        if vals.get("parent_id") and self.search_count(
            [("id", "child_of", self.ids), ("id", "=", vals["parent_id"])]
        ):
            raise ValidationError(self.env._("An event type cannot be its own sub-type."))
        return super().write(vals)
