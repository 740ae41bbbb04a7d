from odoo import api, fields, models
from odoo.exceptions import ValidationError

ATTITUDE_COLORS = {"supporter": 10, "neutral": 0, "opponent": 1}


class KamStakeholder(models.Model):
    """An entry of a plan's decision-maker map: who decides, who influences, and how they see us."""

    _name = "kam.stakeholder"
    _inherit = ["kam.checked.mixin"]
    _description = "Stakeholder"
    _order = "plan_id, influence desc, id"
    _check_company_auto = True

    plan_id = fields.Many2one("kam.account.plan", required=True, index=True, ondelete="cascade")
    key_account_id = fields.Many2one(
        related="plan_id.partner_id", string="Key Account", store=True, index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        domain="[('is_company', '=', False)]",
    )
    function = fields.Char(related="partner_id.function", readonly=False)
    buying_role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("influencer", "Influencer"),
            ("champion", "Champion"),
            ("gatekeeper", "Gatekeeper"),
            ("user", "User"),
            ("detractor", "Detractor"),
        ],
        required=True,
        default="influencer",
    )
    influence = fields.Integer(default=3, help="From 1 (little) to 5 (decisive).")
    attitude = fields.Selection(
        [("supporter", "Supporter"), ("neutral", "Neutral"), ("opponent", "Opponent")],
        required=True,
        default="neutral",
    )
    attitude_color = fields.Integer(compute="_compute_attitude_color")
    reports_to_id = fields.Many2one("kam.stakeholder", domain="[('plan_id', '=', plan_id), ('id', '!=', id)]")
    owner_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        domain="[('share', '=', False)]",
        help="The colleague who owns our relationship with this person.",
    )
    last_interaction_date = fields.Date(
        string="Last Interaction",
        compute="_compute_last_interaction_date",
        help="Latest message with the contact or calendar meeting they attended.",
    )
    notes = fields.Text()

    _sql_constraints = [
        ("influence_range", "CHECK(influence BETWEEN 1 AND 5)", "Influence goes from 1 to 5."),
        (
            "contact_unique",
            "UNIQUE(plan_id, partner_id)",
            "This contact is already on the plan's stakeholder map.",
        ),
    ]

    @api.depends("attitude")
    def _compute_attitude_color(self):
        for stakeholder in self:
            stakeholder.attitude_color = ATTITUDE_COLORS.get(stakeholder.attitude, 0)

    def _compute_last_interaction_date(self):
        """Latest of: messages on or by the contact, past meetings they attended (three queries in all)."""
        contacts = self.partner_id.ids
        latest = {}

        def keep(partner, moment):
            if moment:
                day = fields.Date.context_today(self, moment)  # the reader's day, not UTC's
                latest[partner.id] = max(latest.get(partner.id, day), day)

        Message = self.env["mail.message"].sudo()  # dates only, across chatters the user may not open
        for partner_id, moment in Message._read_group(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", contacts),
                ("message_type", "in", ("email", "comment")),
            ],
            ["res_id"],
            ["date:max"],
        ):
            keep(self.env["res.partner"].browse(partner_id), moment)
        for author, moment in Message._read_group(
            [("author_id", "in", contacts), ("message_type", "in", ("email", "comment"))],
            ["author_id"],
            ["date:max"],
        ):
            keep(author, moment)
        for attendee, moment in (
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [("partner_ids", "in", contacts), ("start", "<=", fields.Datetime.now())],
                ["partner_ids"],
                ["start:max"],
            )
        ):
            keep(attendee, moment)
        for stakeholder in self:
            stakeholder.last_interaction_date = latest.get(stakeholder.partner_id.id, False)

    def _checks_before_sql(self):
        return ("_check_influence",)

    @api.constrains("influence")
    def _check_influence(self):
        if any(not 1 <= stakeholder.influence <= 5 for stakeholder in self):
            raise ValidationError(self.env._("Influence goes from 1 to 5."))

    @api.constrains("reports_to_id")
    def _check_reports_to(self):
        if self._has_cycle("reports_to_id"):
            raise ValidationError(self.env._("A stakeholder cannot report to themselves, even indirectly."))
