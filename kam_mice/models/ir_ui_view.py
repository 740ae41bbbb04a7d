from odoo import fields, models
from odoo.tools import format_list

# The attributes the function diary's root node takes (the web client reads them, see
# static/src/views/mice_diary/mice_diary_arch_parser.js).
MICE_DIARY_ATTRIBUTES = {"__validate__", "string", "js_class", "create", "edit", "delete", "scale"}
MICE_DIARY_SCALES = {"day", "week", "two_weeks"}


class IrUiView(models.Model):
    """The function diary: a room-by-time grid of the bookings, a view type of its own."""

    _inherit = "ir.ui.view"

    type = fields.Selection(selection_add=[("mice_diary", "Function Diary")])

    def _get_view_info(self):
        return {"mice_diary": {"icon": "fa fa-tasks"}} | super()._get_view_info()

    def _validate_tag_mice_diary(self, node, name_manager, node_info):
        if not node_info["validate"]:
            return
        unknown = set(node.attrib) - MICE_DIARY_ATTRIBUTES
        if unknown:
            self._raise_view_error(
                self.env._(
                    "Invalid attributes (%(invalid)s) in a function diary view: use %(valid)s.",
                    invalid=format_list(self.env, sorted(unknown)),
                    valid=format_list(self.env, sorted(MICE_DIARY_ATTRIBUTES - {"__validate__"})),
                ),
                node,
            )
        if node.get("scale", "day") not in MICE_DIARY_SCALES:
            self._raise_view_error(
                self.env._(
                    "A function diary's scale is one of %(scales)s.",
                    scales=format_list(self.env, sorted(MICE_DIARY_SCALES)),
                ),
                node,
            )
