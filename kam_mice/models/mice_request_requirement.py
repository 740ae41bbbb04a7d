from odoo import api, fields, models
from odoo.exceptions import ValidationError

LAYOUTS = [
    ("theatre", "Theatre"),
    ("classroom", "Classroom"),
    ("ushape", "U-shape"),
    ("boardroom", "Boardroom"),
    ("banquet", "Banquet"),
    ("cocktail", "Cocktail"),
    ("cabaret", "Cabaret"),
]

REQUIREMENT_CATEGORIES = [
    ("accommodation", "Accommodation"),
    ("meeting_space", "Meeting Space"),
    ("catering", "Catering"),
    ("av", "Audio-visual"),
    ("transport", "Transport"),
    ("activity", "Activity"),
    ("other", "Other"),
]


class MiceRequestRequirement(models.Model):
    """A structured requirement of the client: rooms, spaces, catering, AV, transport, activities."""

    _name = "mice.request.requirement"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Requirement"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("mice.request", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    category = fields.Selection(REQUIREMENT_CATEGORIES, required=True, default="meeting_space")
    name = fields.Char(string="Description", required=True)
    quantity = fields.Integer(default=1, help="How many: rooms, people, coaches...")
    room_type = fields.Char(help="For accommodation: single, double, suite...")
    nights = fields.Integer(help="For accommodation: number of nights.")
    layout = fields.Selection(LAYOUTS, help="For meeting spaces: the seating layout.")
    capacity = fields.Integer(help="For meeting spaces: the number of seats needed.")

    _sql_constraints = [
        (
            "requirement_quantity_positive",
            "CHECK (quantity >= 0)",
            "A requirement quantity cannot be negative.",
        ),
        ("requirement_nights_positive", "CHECK (nights >= 0)", "A number of nights cannot be negative."),
        ("requirement_capacity_positive", "CHECK (capacity >= 0)", "A capacity cannot be negative."),
    ]

    def _checks_before_sql(self):
        return ("_check_quantities",)

    @api.constrains("quantity", "nights", "capacity")
    def _check_quantities(self):
        for requirement in self:
            if requirement.quantity < 0:
                raise ValidationError(self.env._("A requirement quantity cannot be negative."))
            if requirement.nights < 0:
                raise ValidationError(self.env._("A number of nights cannot be negative."))
            if requirement.capacity < 0:
                raise ValidationError(self.env._("A capacity cannot be negative."))
