from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTenderType(models.Model):
    """A kind of call for tenders (public, private, referencing...): reminders and required documents."""

    _name = "kam.tender.type"
    _inherit = ["kam.checked.mixin"]
    _description = "Tender Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    questions_reminder_days = fields.Integer(
        string="Remind Before Questions Deadline (Days)",
        default=3,
        help="The tender's owner gets an activity this many days before the deadline for questions.",
    )
    submission_reminder_days = fields.Integer(
        string="Remind Before Submission Deadline (Days)",
        default=7,
        help="The tender's owner gets an activity this many days before the submission deadline.",
    )
    go_threshold = fields.Float(
        string="Go Threshold (%)",
        default=60.0,
        help="A go/no-go scorecard at or above this score recommends answering the tender.",
    )
    document_template_ids = fields.One2many(
        "kam.tender.type.document", "type_id", string="Required Documents", copy=True
    )
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the type.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "reminder_days_positive",
            "CHECK(questions_reminder_days >= 0 AND submission_reminder_days >= 0)",
            "Reminder days cannot be negative.",
        ),
        (
            "go_threshold_range",
            "CHECK(go_threshold >= 0 AND go_threshold <= 100)",
            "The go threshold must be between 0 and 100 %.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_values",)

    @api.constrains("questions_reminder_days", "submission_reminder_days", "go_threshold")
    def _check_values(self):
        for tender_type in self:
            if tender_type.questions_reminder_days < 0 or tender_type.submission_reminder_days < 0:
                raise ValidationError(self.env._("Reminder days cannot be negative."))
            if not 0 <= tender_type.go_threshold <= 100:
                raise ValidationError(self.env._("The go threshold must be between 0 and 100 %."))
