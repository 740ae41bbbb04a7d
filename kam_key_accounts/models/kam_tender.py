from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

OPEN_STATES = ("new", "analysis", "decision", "preparing")
CLOSED_STATES = ("won", "lost", "abandoned", "no_bid")
DECISION_FIELDS = {"decision", "decision_user_id", "decision_date"}


class KamTender(models.Model):
    """A call for tenders (appel d'offres) answered for a key account or one of its subsidiaries."""

    _name = "kam.tender"
    _description = "Call for Tenders"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.approval.mixin",
        "kam.figure.source",
        "kam.workflow.mixin",
        "kam.checked.mixin",
        "kam.client.mixin",
        "kam.deadline.mixin",
    ]
    _order = "submission_deadline desc, id desc"
    _check_company_auto = True
    _deadline_field = "submission_deadline"
    _deadline_open_states = OPEN_STATES

    name = fields.Char(string="Title", required=True, tracking=True)
    client_reference = fields.Char(tracking=True, index="trigram")
    lots = fields.Char(string="Lot(s)", help="The lots of the consultation we answer.")
    type_id = fields.Many2one(
        "kam.tender.type",
        string="Tender Type",
        required=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self._default_type_id(),
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("analysis", "Analysis"),
            ("decision", "Go/No-Go"),
            ("preparing", "Preparing"),
            ("submitted", "Submitted"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("abandoned", "Abandoned"),
            ("no_bid", "No Bid"),
        ],
        required=True,
        default="new",
        copy=False,
        index=True,
        string="Stage",
        tracking=True,
        group_expand=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    partner_id = fields.Many2one(help="The key account, or the subsidiary, that issues the call for tenders.")
    buyer_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="[('is_company', '=', False), ('parent_id', '=', partner_id)]",
        help="The client's buyer in charge of the consultation.",
    )
    user_id = fields.Many2one(help="Gets the deadline reminders; the key account manager by default.")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'opportunity'), ('partner_id', '=', partner_id)]",
    )
    publication_date = fields.Date(string="Published On", help="Publication or reception of the call.")
    questions_deadline = fields.Datetime(tracking=True)
    submission_deadline = fields.Datetime(required=True, tracking=True, index=True)
    award_date = fields.Date(string="Expected Award")
    estimated_value = fields.Monetary(tracking=True)
    bid_amount = fields.Monetary(string="Our Bid", tracking=True)
    dce_attachment_ids = fields.Many2many(
        "ir.attachment",
        "kam_tender_dce_attachment_rel",
        "tender_id",
        "attachment_id",
        string="Consultation File (DCE)",
    )
    specification_attachment_ids = fields.Many2many(
        "ir.attachment",
        "kam_tender_specification_attachment_rel",
        "tender_id",
        "attachment_id",
        string="Specification (Cahier des Charges)",
    )
    document_ids = fields.One2many("kam.tender.document", "tender_id", string="Checklist", copy=True)
    checklist_progress = fields.Float(string="Checklist (%)", compute="_compute_checklist_progress")
    checklist_complete = fields.Boolean(compute="_compute_checklist_progress")
    score_ids = fields.One2many("kam.tender.score", "tender_id", string="Go/No-Go Scorecard", copy=True)
    go_score = fields.Float(
        string="Go/No-Go Score (%)",
        compute="_compute_go_score",
        store=True,
        aggregator="avg",
        help="Weighted average of the criteria's scores, out of 100.",
    )
    recommendation = fields.Selection(
        [("incomplete", "Scorecard Incomplete"), ("go", "Go"), ("no_go", "No Go")],
        compute="_compute_go_score",
        store=True,
    )
    decision = fields.Selection([("go", "Go"), ("no_go", "No Go")], readonly=True, copy=False, tracking=True)
    decision_user_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decision_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    decision_note = fields.Text(string="Decision Notes")
    winner_id = fields.Many2one("res.partner", copy=False, help="The competitor who won.")
    winning_price = fields.Monetary(copy=False)
    lost_reason_id = fields.Many2one("crm.lost.reason", copy=False, index=True)
    outcome_note = fields.Text(string="Outcome Notes", copy=False)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_deadline_passed", search="_search_deadline_passed"
    )
    questions_reminded_at = fields.Datetime(
        copy=False, readonly=True, help="The questions deadline the owner was last reminded of."
    )
    submission_reminded_at = fields.Datetime(
        copy=False, readonly=True, help="The submission deadline the owner was last reminded of."
    )
    contract_ids = fields.One2many("kam.contract", "tender_id", string="Contracts")
    contract_count = fields.Integer(compute="_compute_contract_count")
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "deadlines_order",
            "CHECK(questions_deadline IS NULL OR questions_deadline <= submission_deadline)",
            "The submission deadline cannot be before the deadline for questions.",
        ),
        (
            "amounts_positive",
            "CHECK(COALESCE(estimated_value, 0) >= 0 AND COALESCE(bid_amount, 0) >= 0 "
            "AND COALESCE(winning_price, 0) >= 0)",
            "The amounts of a tender cannot be negative.",
        ),
        (
            "decision_recorded",
            "CHECK(decision IS NULL OR (decision_user_id IS NOT NULL AND decision_date IS NOT NULL))",
            "A go/no-go decision is recorded with who took it and when.",
        ),
    ]

    @api.depends("document_ids.is_done")
    def _compute_checklist_progress(self):
        for tender in self:
            total = len(tender.document_ids)
            done = len(tender.document_ids.filtered("is_done"))
            tender.checklist_progress = 100.0 * done / total if total else 0.0  # nothing listed, nothing done
            tender.checklist_complete = done == total

    @api.depends("score_ids.score", "score_ids.weight", "type_id.go_threshold")
    def _compute_go_score(self):
        for tender in self:
            lines = tender.score_ids
            total_weight = sum(lines.mapped("weight"))
            scored = sum(line.weight * int(line.score) for line in lines if line.score)
            tender.go_score = 100.0 * scored / (5 * total_weight) if total_weight else 0.0
            if not lines or not all(lines.mapped("score")):
                tender.recommendation = "incomplete"
            elif tender.go_score >= tender.type_id.go_threshold:
                tender.recommendation = "go"
            else:
                tender.recommendation = "no_go"

    def _compute_contract_count(self):
        counts = dict(
            self.env["kam.contract"]._read_group([("tender_id", "in", self.ids)], ["tender_id"], ["__count"])
        )
        for tender in self:
            tender.contract_count = counts.get(tender, 0)

    @api.model
    def _default_type_id(self):
        """The first type of the list (its order is the configuration's): a new tender has a checklist."""
        return self.env["kam.tender.type"].search(
            [("company_id", "in", [False, self.env.company.id])], limit=1
        )

    @api.constrains("questions_deadline", "submission_deadline")
    def _check_deadlines(self):
        for tender in self:
            if (
                tender.questions_deadline
                and tender.submission_deadline
                and tender.questions_deadline > tender.submission_deadline
            ):
                raise ValidationError(
                    self.env._(
                        "%(tender)s: the submission deadline cannot be before the deadline for questions.",
                        tender=tender.display_name,
                    )
                )

    @api.constrains("estimated_value", "bid_amount", "winning_price")
    def _check_amounts(self):
        for tender in self:
            # negative once rounded to the currency, as stored (a draft's amounts are not rounded yet)
            amounts = (tender.estimated_value, tender.bid_amount, tender.winning_price)
            currency = tender.currency_id or self.env.company.currency_id
            if any(currency.compare_amounts(amount, 0.0) < 0 for amount in amounts):
                raise ValidationError(
                    self.env._(
                        "%(tender)s: the amounts of a tender cannot be negative.", tender=tender.display_name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            deadline = vals.get("submission_deadline")
            answering = vals.get("state", "new") in OPEN_STATES
            if answering and deadline and fields.Datetime.to_datetime(deadline) < now:
                raise ValidationError(
                    self.env._(
                        "The submission deadline of %(tender)s is already past: check the date and time.",
                        tender=vals.get("name") or self.env._("the new tender"),
                    )
                )
        tenders = super().create(vals_list)
        tenders._prepare_checklist_and_scorecard()
        return tenders

    def _checks_before_sql(self):
        return ("_check_deadlines", "_check_amounts")

    def write(self, vals):
        result = super().write(vals)
        if "type_id" in vals:
            self._prepare_checklist_and_scorecard()
        return result

    # ------------------------------------------------------------------------------------------
    # Actions: the state and the decision move through them only (kam.workflow.mixin)
    # ------------------------------------------------------------------------------------------
    def _workflow_fields(self):
        return {"state", *DECISION_FIELDS}

    def _workflow_actions(self):
        # the kanban's columns; "preparing" and "no bid" follow the go/no-go decision only
        return {
            "analysis": "action_start_analysis",
            "decision": "action_ask_decision",
            "submitted": "action_submit",
            "won": "action_mark_won",
            "lost": "action_mark_lost",
            "abandoned": "action_abandon",
        }

    def action_start_analysis(self):
        self._check_state(("new",), self.env._("Only new tenders can go to analysis."))
        self._prepare_checklist_and_scorecard()
        self._workflow_write({"state": "analysis"})

    def action_ask_decision(self):
        self._check_state(
            ("new", "analysis"), self.env._("Only tenders under analysis await a go/no-go decision.")
        )
        self._workflow_write({"state": "decision"})
        self._kam_request_approval()

    def action_decide_go(self):
        return self._decide("go")

    def action_decide_no_go(self):
        return self._decide("no_go")

    def action_submit(self):
        self._check_state(("preparing",), self.env._("Only tenders being prepared can be submitted."))
        for tender in self:
            missing = tender.document_ids.filtered(lambda line: not line.is_done)
            if missing:
                raise UserError(
                    self.env._(
                        "%(tender)s cannot be submitted: the checklist is not complete (%(documents)s).",
                        tender=tender.display_name,
                        documents=", ".join(missing.mapped("name")),
                    )
                )
            if not tender.bid_amount:
                raise UserError(
                    self.env._(
                        "%(tender)s cannot be submitted without our bid amount.", tender=tender.display_name
                    )
                )
        self._workflow_write({"state": "submitted"})
        for tender in self.filtered("lead_id"):
            tender.lead_id.expected_revenue = tender.bid_amount

    def action_mark_won(self):
        self._check_state(("submitted",), self.env._("Only submitted tenders can be won."))
        self._workflow_write(
            {"state": "won", "winner_id": False, "winning_price": 0.0, "lost_reason_id": False}
        )
        self._outcome_to_opportunity()

    def action_mark_lost(self):
        self._check_state(("submitted",), self.env._("Only submitted tenders can be lost."))
        for tender in self:
            if not tender.lost_reason_id:
                raise UserError(
                    self.env._(
                        "%(tender)s: give the lost reason (and the winner and price if known) first.",
                        tender=tender.display_name,
                    )
                )
        self._workflow_write({"state": "lost"})
        self._outcome_to_opportunity()

    def action_abandon(self):
        self._check_state(
            (*OPEN_STATES, "submitted"), self.env._("Only tenders still in progress can be abandoned.")
        )
        self._workflow_write({"state": "abandoned"})
        self._kam_approval_withdrawn()
        self._outcome_to_opportunity()

    def action_reopen(self):
        self._check_state(
            ("abandoned", "no_bid"), self.env._("Only abandoned or declined tenders can be reopened.")
        )
        if not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a Key Accounts manager can reopen a tender."))
        self._workflow_write(
            {"state": "analysis", "decision": False, "decision_user_id": False, "decision_date": False}
        )
        self.lead_id.with_context(active_test=False).filtered(lambda lead: not lead.active).action_unarchive()

    def action_create_opportunity(self):
        """Create the opportunity of tenders that have none, at the tender's outcome (a won tender's
        opportunity is won), and open it."""
        tenders = self.filtered(lambda tender: not tender.lead_id)
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": tender.name,
                    "type": "opportunity",
                    "partner_id": tender.partner_id.id,
                    "user_id": tender.user_id.id,
                    "company_id": tender.company_id.id,
                    "expected_revenue": tender.bid_amount or tender.estimated_value,
                    "date_deadline": tender.award_date or tender.submission_deadline.date(),
                }
                for tender in tenders
            ]
        )
        for tender, lead in zip(tenders, leads, strict=True):
            tender.lead_id = lead
        tenders._outcome_to_opportunity()
        if len(self) == 1:
            return self._open_record(self.lead_id)
        return True

    def action_view_opportunity(self):
        self.ensure_one()
        return self._open_record(self.lead_id)

    def action_create_contract(self):
        """The framework contract a won tender leads to, prefilled from it (a draft to complete and
        start), and open it."""
        self._check_state(("won",), self.env._("Only a won tender leads to a contract."))
        contracts = self.env["kam.contract"].create([tender._contract_values() for tender in self])
        if len(self) == 1:
            return self._open_record(contracts)
        return True

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_contract_action")
        action["domain"] = [("tender_id", "=", self.id)]
        action["context"] = {
            "default_tender_id": self.id,
            "default_partner_id": self.key_account_id.id,
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------------------
    def _open_record(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _contract_values(self):
        """A contract from the award: the key account, our bid as the committed volume, one year from
        the award (the tender does not say how long the agreement runs)."""
        self.ensure_one()
        start = self.award_date or fields.Date.context_today(self)
        return {
            "name": self.name,
            "reference": self.client_reference,
            "partner_id": self.key_account_id.id,
            "tender_id": self.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "date_start": start,
            "date_end": start + relativedelta(years=1, days=-1),
            "committed_volume": self.bid_amount or self.estimated_value,
        }

    def _outcome_to_opportunity(self):
        """The opportunities take their tender's outcome: won at our bid, lost with the tender's reason,
        lost when we abandon or decline the tender."""
        won = self.filtered(lambda tender: tender.state == "won" and tender.lead_id)
        for tender in won:
            tender.lead_id.expected_revenue = tender.bid_amount or tender.lead_id.expected_revenue
        won.lead_id.action_set_won()
        for tender in self.filtered(lambda tender: tender.state == "lost" and tender.lead_id):
            tender.lead_id.action_set_lost(lost_reason_id=tender.lost_reason_id.id)
        declined = self.filtered(lambda tender: tender.state in ("abandoned", "no_bid"))
        declined.lead_id.filtered("active").action_set_lost()

    def _kam_approval_activity_type(self):
        return "kam_key_accounts.mail_act_kam_tender_decision"

    def _kam_approval_requester(self):
        self.ensure_one()
        return self.key_account_id.key_account_manager_id or self.user_id

    def _check_decision_access(self):
        if self.env.su or self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            return
        raise AccessError(self.env._("Only a Key Accounts manager can take the go/no-go decision."))

    def _decide(self, decision):
        self._check_decision_access()
        self._check_state(
            ("analysis", "decision"),
            self.env._("The go/no-go decision is taken during the analysis of a tender."),
        )
        self._workflow_write(
            {
                "decision": decision,
                "decision_user_id": self.env.uid,
                "decision_date": fields.Datetime.now(),
                "state": "preparing" if decision == "go" else "no_bid",
            }
        )
        self._kam_approval_answered(dict(self._fields["decision"]._description_selection(self.env))[decision])
        if decision == "no_go":
            self._outcome_to_opportunity()
        return True

    def _prepare_checklist_and_scorecard(self):
        """Add the type's required documents and the active criteria the tenders don't have yet."""
        criteria = self.env["kam.tender.criterion"].search([])
        # The lines are the team's own text once copied: copy them in the language of the call (the web
        # client sends the user's), or of the user when the call gives none (external API, server code).
        lang = self.env.lang or self.env.user.lang
        for tender in self:
            names = set(tender.document_ids.mapped("name"))
            scored = tender.score_ids.criterion_id
            commands = [
                Command.create({"name": template.name, "sequence": template.sequence})
                for template in tender.type_id.document_template_ids.with_context(lang=lang)
                if template.name not in names
            ]
            scores = [
                Command.create({"criterion_id": criterion.id})
                for criterion in criteria
                if criterion not in scored
                and criterion.company_id in (tender.company_id, self.env["res.company"])
            ]
            if commands or scores:
                tender.write({"document_ids": commands, "score_ids": scores})

    @api.model
    def _cron_deadline_reminders(self):
        """Schedule an activity for the owner N days before each deadline, once per deadline.

        The reminded deadline is stored on the tender: running the cron again creates nothing, and a
        deadline moved later gets a new reminder.
        """
        now = fields.Datetime.now()
        tenders = self.search(
            [
                ("state", "in", OPEN_STATES),
                "|",
                ("questions_deadline", ">", now),
                ("submission_deadline", ">", now),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("kam.tender")
        # One batch per kind: mail.activity's create subscribes owners per batch and would insert
        # the same follower twice for two reminders of one tender.
        activities, reminded = {"questions": [], "submission": []}, {}
        for tender in tenders:
            for kind, deadline, days, label in (
                (
                    "questions",
                    tender.questions_deadline,
                    tender.type_id.questions_reminder_days,
                    self.env._("Deadline for questions"),
                ),
                (
                    "submission",
                    tender.submission_deadline,
                    tender.type_id.submission_reminder_days,
                    self.env._("Submission deadline"),
                ),
            ):
                if not deadline or deadline <= now or deadline - timedelta(days=days) > now:
                    continue
                if tender[f"{kind}_reminded_at"] == deadline:
                    continue
                activities[kind].append(
                    {
                        "res_model_id": model,
                        "res_id": tender.id,
                        "activity_type_id": todo.id,
                        "summary": f"{label}: {tender.name}",
                        "date_deadline": fields.Date.context_today(tender, deadline),
                        "user_id": (tender.user_id or tender.create_uid).id,
                    }
                )
                reminded.setdefault(tender, {})[f"{kind}_reminded_at"] = deadline
        for batch in activities.values():
            self.env["mail.activity"].create(batch)
        for tender, values in reminded.items():
            tender.write(values)
        return True
