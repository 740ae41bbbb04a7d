from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_DATE_OPTIONS = 3


class MiceRequestDateOption(models.Model):
    """An alternative date range the client would accept for the event."""

    _name = "mice.request.date.option"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Request Date Option"
    _order = "sequence, date_start, id"

    request_id = fields.Many2one("mice.request", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "date_option_dates_ordered",
            "CHECK (date_end >= date_start)",
            "A date option cannot end before it starts.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_dates",)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for option in self:
            if option.date_start and option.date_end and option.date_end < option.date_start:
                raise ValidationError(self.env._("A date option cannot end before it starts."))

    @api.constrains("request_id")
    def _check_max_options(self):
        for request in self.request_id:
            if len(request.date_option_ids) > MAX_DATE_OPTIONS:
                raise ValidationError(
                    self.env._(
                        "A request has at most %(count)s alternative date options (%(request)s).",
                        count=MAX_DATE_OPTIONS,
                        request=request.display_name,
                    )
                )
