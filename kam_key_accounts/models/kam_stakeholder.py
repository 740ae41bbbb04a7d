from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

ATTITUDE_COLORS = {"supporter": 10, "neutral": 0, "opponent": 1}
BUYING_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("influencer", "Influencer"),
    ("champion", "Champion"),
    ("gatekeeper", "Gatekeeper"),
    ("user", "User"),
    ("detractor", "Detractor"),
]
ATTITUDES = [("supporter", "Supporter"), ("neutral", "Neutral"), ("opponent", "Opponent")]


class KamStakeholder(models.Model):
    """A person of the key account's relationship map: who decides, who influences, how they see
    us, whom they report to and who covers them on our side. The map belongs to the account and
    lives across its plans; each plan freezes a copy when it is submitted and approved."""

    _name = "kam.stakeholder"
    _inherit = ["kam.checked.mixin"]
    _description = "Stakeholder"
    _order = "key_account_id, influence desc, id"
    _check_company_auto = True

    key_account_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_key_account', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        domain="[('is_company', '=', False), ('commercial_partner_id.key_account_id', '=', key_account_id)]",
        help="A person of one of the group's companies.",
    )
    contact_name = fields.Char(related="partner_id.name", string="Name")
    avatar_128 = fields.Image(related="partner_id.avatar_128")
    function = fields.Char(related="partner_id.function", readonly=False)
    buying_role = fields.Selection(BUYING_ROLES, required=True, default="influencer")
    influence = fields.Integer(default=3, help="From 1 (little) to 5 (decisive).")
    attitude = fields.Selection(ATTITUDES, required=True, default="neutral")
    attitude_color = fields.Integer(compute="_compute_attitude_color")
    reports_to_id = fields.Many2one(
        "kam.stakeholder",
        index=True,
        ondelete="set null",
        domain="[('key_account_id', '=', key_account_id), ('id', '!=', id)]",
    )
    report_ids = fields.One2many("kam.stakeholder", "reports_to_id", string="Direct Reports")
    owner_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        domain="[('share', '=', False)]",
        help="The colleague who owns our relationship with this person: who covers whom on our side.",
    )
    last_interaction_date = fields.Date(
        string="Last Interaction",
        compute="_compute_last_interaction_date",
        help="Latest meeting the contact attended, email or note on or by them, or call done with them.",
    )
    notes = fields.Text()

    _sql_constraints = [
        ("influence_range", "CHECK(influence BETWEEN 1 AND 5)", "Influence goes from 1 to 5."),
        (
            "contact_unique",
            "UNIQUE(key_account_id, partner_id)",
            "This contact is already on the account's relationship map.",
        ),
    ]

    @api.depends("attitude")
    def _compute_attitude_color(self):
        for stakeholder in self:
            stakeholder.attitude_color = ATTITUDE_COLORS.get(stakeholder.attitude, 0)

    def _compute_last_interaction_date(self):
        latest = self._kam_last_interactions(self.partner_id.ids)
        for stakeholder in self:
            moment = latest.get(stakeholder.partner_id.id)
            # the reader's day, not UTC's
            stakeholder.last_interaction_date = fields.Date.context_today(self, moment) if moment else False

    def _kam_last_interactions(self, contact_ids):
        """``{contact id: datetime}`` of the latest interaction with each contact, in one query:
        past meetings they attended (not declined), emails and notes on their partner or written
        by them, and call activities done on their partner or on their opportunities (the done
        activity's message carries its type)."""
        if not contact_ids:
            return {}
        for model_name, names in (
            (
                "mail.message",
                ["model", "res_id", "author_id", "message_type", "date", "mail_activity_type_id"],
            ),
            ("mail.activity.type", ["category"]),
            ("calendar.event", ["start", "active"]),
            ("calendar.attendee", ["event_id", "partner_id", "state"]),
            ("crm.lead", ["partner_id"]),
        ):
            self.env[model_name].flush_model(names)
        # SQL, not the ORM: dates only, across chatters and calendars the reader may not open
        self.env.cr.execute(
            SQL(
                """
                WITH call_types AS (SELECT id FROM mail_activity_type WHERE category = 'phonecall'),
                moments AS (
                    SELECT msg.res_id AS contact_id, msg.date AS moment
                      FROM mail_message msg
                     WHERE msg.model = 'res.partner' AND msg.res_id = ANY(%(contacts)s)
                       AND (msg.message_type IN ('email', 'comment')
                            OR msg.mail_activity_type_id IN (SELECT id FROM call_types))
                    UNION ALL
                    SELECT msg.author_id, msg.date
                      FROM mail_message msg
                     WHERE msg.author_id = ANY(%(contacts)s) AND msg.message_type IN ('email', 'comment')
                    UNION ALL
                    SELECT lead.partner_id, msg.date
                      FROM mail_message msg
                      JOIN crm_lead lead ON msg.model = 'crm.lead' AND lead.id = msg.res_id
                     WHERE lead.partner_id = ANY(%(contacts)s)
                       AND msg.mail_activity_type_id IN (SELECT id FROM call_types)
                    UNION ALL
                    SELECT attendee.partner_id, event.start
                      FROM calendar_attendee attendee
                      JOIN calendar_event event ON event.id = attendee.event_id
                     WHERE attendee.partner_id = ANY(%(contacts)s)
                       AND attendee.state != 'declined' AND event.active AND event.start <= %(now)s
                )
                SELECT contact_id, MAX(moment) FROM moments GROUP BY contact_id
                """,
                contacts=list(contact_ids),
                now=fields.Datetime.now(),
            )
        )
        return dict(self.env.cr.fetchall())

    def _checks_before_sql(self):
        return ("_check_influence",)

    @api.constrains("influence")
    def _check_influence(self):
        if any(not 1 <= stakeholder.influence <= 5 for stakeholder in self):
            raise ValidationError(self.env._("Influence goes from 1 to 5."))

    @api.constrains("key_account_id", "partner_id")
    def _check_partner_in_group(self):
        """The contact works for one of the account's companies: their commercial partner belongs
        to the key account's group (read in SQL, one query for all the records)."""
        contacts = self.partner_id
        if not contacts:
            return
        self.env["res.partner"].flush_model(["commercial_partner_id", "key_account_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT contact.id, company.key_account_id
                  FROM res_partner contact
                  JOIN res_partner company ON company.id = contact.commercial_partner_id
                 WHERE contact.id = ANY(%s)
                """,
                contacts.ids,
            )
        )
        group_of = dict(self.env.cr.fetchall())
        for stakeholder in self:
            if group_of.get(stakeholder.partner_id.id) != stakeholder.key_account_id.id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s does not work for a company of the %(account)s group.",
                        contact=stakeholder.partner_id.display_name,
                        account=stakeholder.key_account_id.display_name,
                    )
                )

    @api.constrains("reports_to_id", "key_account_id")
    def _check_reports_to(self):
        if self._has_cycle("reports_to_id"):
            raise ValidationError(self.env._("A stakeholder cannot report to themselves, even indirectly."))
        for stakeholder in self:
            if (
                stakeholder.reports_to_id
                and stakeholder.reports_to_id.key_account_id != stakeholder.key_account_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(contact)s can only report to someone on the same account's relationship map.",
                        contact=stakeholder.partner_id.display_name,
                    )
                )

    def _kam_snapshot_values(self):
        """The values a plan freezes of these stakeholders (kam.plan.stakeholder), reporting lines
        aside: they point to other copies, set once every copy exists."""
        return [
            {
                "stakeholder_id": stakeholder.id,
                "partner_id": stakeholder.partner_id.id,
                "function": stakeholder.function,
                "buying_role": stakeholder.buying_role,
                "influence": stakeholder.influence,
                "attitude": stakeholder.attitude,
                "owner_id": stakeholder.owner_id.id,
                "last_interaction_date": stakeholder.last_interaction_date,
                "notes": stakeholder.notes,
            }
            for stakeholder in self
        ]
