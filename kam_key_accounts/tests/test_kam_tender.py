from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import KamCommon


class KamTenderCommon(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.tender_type = cls.env["kam.tender.type"].create(
            {
                "name": "Public test type",
                "questions_reminder_days": 3,
                "submission_reminder_days": 7,
                "go_threshold": 60.0,
                "document_template_ids": [
                    Command.create({"name": "Application form", "sequence": 1}),
                    Command.create({"name": "Technical proposal", "sequence": 2}),
                ],
            }
        )
        # Only our criteria: the scorecard maths below must not depend on the data file's.
        cls.env["kam.tender.criterion"].search([]).active = False
        cls.criterion_fit = cls.env["kam.tender.criterion"].create({"name": "Fit", "weight": 3.0})
        cls.criterion_margin = cls.env["kam.tender.criterion"].create({"name": "Margin", "weight": 1.0})
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Too expensive"})

    @classmethod
    def _tender(cls, **values):
        return cls.env["kam.tender"].create(
            {
                "name": "Catering framework",
                "partner_id": cls.subsidiary.id,
                "type_id": cls.tender_type.id,
                "questions_deadline": cls.now + timedelta(days=5),
                "submission_deadline": cls.now + timedelta(days=20),
                "estimated_value": 100000.0,
                **values,
            }
        )

    def _score(self, tender, fit, margin):
        for line in tender.score_ids:
            line.score = str(fit if line.criterion_id == self.criterion_fit else margin)


@tagged("post_install", "-at_install")
class TestKamTender(KamTenderCommon):
    def test_create_prepares_checklist_scorecard_and_owner(self):
        tender = self._tender()
        self.assertEqual(tender.key_account_id, self.group)
        self.assertEqual(tender.user_id, self.kam, "the key account's KAM owns its tenders")
        self.assertEqual(tender.document_ids.mapped("name"), ["Application form", "Technical proposal"])
        self.assertEqual(tender.score_ids.criterion_id, self.criterion_fit | self.criterion_margin)
        self.assertEqual(tender.recommendation, "incomplete")
        self.assertFalse(tender.checklist_complete)
        self.assertEqual(tender.checklist_progress, 0.0)
        tender.document_ids[0].is_done = True
        self.assertEqual(tender.checklist_progress, 50.0)

    def test_scorecard_gives_score_and_recommendation(self):
        tender = self._tender()
        self._score(tender, 5, 0)  # (3 * 5 + 1 * 0) / (4 * 5) = 75 %
        self.assertAlmostEqual(tender.go_score, 75.0)
        self.assertEqual(tender.recommendation, "go")
        self._score(tender, 2, 2)  # 40 %
        self.assertAlmostEqual(tender.go_score, 40.0)
        self.assertEqual(tender.recommendation, "no_go")

    def test_full_answer_to_won_marks_the_opportunity_won(self):
        tender = self._tender()
        tender.action_create_opportunity()
        lead = tender.lead_id
        self.assertEqual(lead.partner_id, self.subsidiary)
        self.assertEqual(lead.key_account_id, self.group)
        self.assertEqual(lead.kam_tender_count, 1)
        tender.action_start_analysis()
        self.assertEqual(tender.state, "analysis")
        tender.action_ask_decision()
        self.assertEqual(tender.state, "decision")
        tender.with_user(self.kam_manager).action_decide_go()
        self.assertEqual(tender.state, "preparing")
        self.assertEqual(tender.decision, "go")
        self.assertEqual(tender.decision_user_id, self.kam_manager)
        self.assertTrue(tender.decision_date)
        tender.document_ids.is_done = True
        tender.bid_amount = 90000.0
        tender.action_submit()
        self.assertEqual(tender.state, "submitted")
        tender.action_mark_won()
        self.assertEqual(tender.state, "won")
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.expected_revenue, 90000.0)
        self.assertEqual(self.group.kam_won_count, 1, "the won tender counts in the group's figures")

    def test_lost_needs_a_reason_and_loses_the_opportunity(self):
        tender = self._tender(state="submitted", bid_amount=80000.0)
        tender.action_create_opportunity()
        with self.assertUserError("lost reason", UserError):
            tender.action_mark_lost()
        tender.write(
            {"lost_reason_id": self.lost_reason.id, "winner_id": self.outsider.id, "winning_price": 70000}
        )
        tender.action_mark_lost()
        self.assertEqual(tender.state, "lost")
        lead = tender.with_context(active_test=False).lead_id
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_reason_id, self.lost_reason)
        self.assertEqual(self.group.kam_lost_count, 1)

    def test_no_go_abandon_and_reopen(self):
        tender = self._tender()
        tender.action_start_analysis()
        tender.with_user(self.kam_manager).action_decide_no_go()
        self.assertEqual(tender.state, "no_bid")
        self.assertEqual(tender.decision, "no_go")
        with self.assertRaises(AccessError):
            tender.with_user(self.kam).action_reopen()
        tender.with_user(self.kam_manager).action_reopen()
        self.assertEqual(tender.state, "analysis")
        self.assertFalse(tender.decision)
        tender.action_abandon()
        self.assertEqual(tender.state, "abandoned")

    def test_wrong_transitions_are_refused(self):
        tender = self._tender()
        with self.assertUserError("submitted", UserError):
            tender.action_submit()
        with self.assertUserError("won", UserError):
            tender.action_mark_won()
        with self.assertUserError("go/no-go", UserError):
            tender.with_user(self.kam_manager).action_decide_go()
        self.assertEqual(tender.state, "new")

    def test_decision_only_by_kam_manager(self):
        tender = self._tender()
        tender.action_start_analysis()
        with self.assertUserError("Only a Key Accounts manager", AccessError):
            tender.with_user(self.kam).action_decide_go()
        # the decision and the states it leads to are the action's only, for anyone
        for user in (self.kam, self.kam_manager):
            with self.assertUserError("changes only through its buttons", UserError):
                tender.with_user(user).write({"decision": "go"})
            with self.assertUserError("changes only through its buttons", UserError):
                tender.with_user(user).write({"state": "preparing"})
        self.assertFalse(tender.decision)
        self.assertEqual(tender.state, "analysis")

    def test_submit_needs_complete_checklist_and_bid(self):
        tender = self._tender(state="preparing")
        with self.assertUserError("Technical proposal", UserError):
            tender.action_submit()
        tender.document_ids.is_done = True
        with self.assertUserError("bid amount", UserError):
            tender.action_submit()
        self.assertEqual(tender.state, "preparing")

    def test_bad_deadlines_and_amounts(self):
        with self.assertUserError("before the deadline for questions"):
            self._tender(questions_deadline=self.now + timedelta(days=30))
        with self.assertUserError("already past"):
            self._tender(questions_deadline=False, submission_deadline=self.now - timedelta(hours=1))
        with self.assertUserError("cannot be negative"):
            self._tender(bid_amount=-5.0)
        tender = self._tender()
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE kam_tender SET questions_deadline = submission_deadline + interval '1 day' "
                "WHERE id = %s",
                [tender.id],
            ),
            "The submission deadline cannot be before the deadline for questions.",
        )
        self.assertSqlConstraint(
            lambda: self.env.cr.execute("UPDATE kam_tender SET bid_amount = -1 WHERE id = %s", [tender.id]),
            "The amounts of a tender cannot be negative.",
        )

    def test_overdue_flag_is_searchable(self):
        tender = self._tender()
        self.env.cr.execute(
            "UPDATE kam_tender SET questions_deadline = NULL, submission_deadline = %s WHERE id = %s",
            [self.now - timedelta(days=1), tender.id],
        )
        tender.invalidate_recordset()
        self.assertTrue(tender.is_overdue)
        self.assertIn(tender, self.env["kam.tender"].search([("is_overdue", "=", True)]))
        self.assertNotIn(tender, self.env["kam.tender"].search([("is_overdue", "=", False)]))
        tender.action_abandon()
        self.assertFalse(tender.is_overdue)

    def test_reminder_cron_is_idempotent(self):
        soon = self._tender(
            questions_deadline=self.now + timedelta(days=2), submission_deadline=self.now + timedelta(days=6)
        )
        later = self._tender(questions_deadline=False, submission_deadline=self.now + timedelta(days=30))
        Tender = self.env["kam.tender"]
        Tender._cron_deadline_reminders()
        self.assertEqual(len(soon.activity_ids), 2, "questions and submission reminders")
        self.assertEqual(soon.activity_ids.user_id, self.kam)
        self.assertFalse(later.activity_ids)
        Tender._cron_deadline_reminders()
        self.assertEqual(len(soon.activity_ids), 2, "a second run creates nothing")
        # A postponed deadline gets its own reminder when it comes close.
        soon.submission_deadline = self.now + timedelta(days=5)
        Tender._cron_deadline_reminders()
        self.assertEqual(len(soon.activity_ids), 3)

    def test_form_fills_owner_and_checklist(self):
        with Form(self.env["kam.tender"].with_user(self.kam)) as form:
            form.name = "Form tender"
            form.partner_id = self.sub_subsidiary
            form.type_id = self.tender_type
            form.submission_deadline = self.now + timedelta(days=10)
            self.assertEqual(form.user_id, self.kam)
            self.assertEqual(form.key_account_id, self.group)
        tender = form.record
        self.assertEqual(len(tender.document_ids), 2)
        with Form(tender.with_user(self.kam)) as form:
            with form.score_ids.edit(0) as line:
                line.score = "5"
            with form.score_ids.edit(1) as line:
                line.score = "5"
            self.assertEqual(form.recommendation, "go")
            self.assertEqual(form.go_score, 100.0)

    def test_won_tender_leads_to_a_contract(self):
        tender = self._tender(
            state="submitted", bid_amount=80000.0, client_reference="AO-2030-17", award_date=date(2030, 3, 15)
        )
        with self.assertUserError("Only a won tender", UserError):
            tender.with_user(self.kam).action_create_contract()
        tender.with_user(self.kam).action_mark_won()
        action = tender.with_user(self.kam).action_create_contract()
        contract = self.env["kam.contract"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "kam.contract")
        self.assertEqual(contract.partner_id, self.group, "signed with the key account of the subsidiary")
        self.assertEqual(contract.tender_id, tender)
        self.assertEqual((contract.name, contract.reference), ("Catering framework", "AO-2030-17"))
        self.assertEqual(contract.user_id, self.kam)
        self.assertEqual(contract.committed_volume, 80000.0)
        self.assertEqual((contract.date_start, contract.date_end), (date(2030, 3, 15), date(2031, 3, 14)))
        self.assertEqual(contract.state, "draft")
        self.assertEqual(tender.contract_count, 1)
        self.assertEqual(self.env["kam.contract"].search(tender.action_view_contracts()["domain"]), contract)

    def test_won_tender_creates_its_opportunity_won(self):
        tender = self._tender(state="submitted", bid_amount=80000.0)
        tender.with_user(self.kam).action_mark_won()
        action = tender.with_user(self.kam).action_create_opportunity()
        lead = tender.lead_id
        self.assertEqual(action["res_id"], lead.id)
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.probability, 100)
        self.assertEqual(lead.expected_revenue, 80000.0)
        self.assertEqual(tender.with_user(self.kam).action_view_opportunity()["res_id"], lead.id)
        # a tender lost before its opportunity existed gives a lost opportunity, with its reason
        lost = self._tender(state="submitted", bid_amount=50000.0, lost_reason_id=self.lost_reason.id)
        lost.action_mark_lost()
        lost.action_create_opportunity()
        lost_lead = lost.with_context(active_test=False).lead_id
        self.assertFalse(lost_lead.active)
        self.assertEqual(lost_lead.lost_reason_id, self.lost_reason)

    def test_checklist_copied_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        application, technical = self.tender_type.document_template_ids
        application.update_field_translations("name", {"fr_FR": "Formulaire de candidature"})
        technical.update_field_translations("name", {"fr_FR": "Mémoire technique"})
        self.kam.lang = "fr_FR"
        values = {
            "partner_id": self.subsidiary.id,
            "type_id": self.tender_type.id,
            "submission_deadline": self.now + timedelta(days=20),
        }
        # the web client sends the user's language; a call without one (external API) is in the user's
        from_web = self.env["kam.tender"].with_user(self.kam).with_context(lang="fr_FR")
        from_api = self.env["kam.tender"].with_user(self.kam)
        self.assertFalse(from_api.env.context.get("lang"))
        french = ["Formulaire de candidature", "Mémoire technique"]
        for tenders in (from_web, from_api):
            tender = tenders.create({**values, "name": "Appel d'offres restauration"})
            self.assertEqual(tender.document_ids.mapped("name"), french)
        english = self.env["kam.tender"].with_user(self.kam_manager).create({**values, "name": "Catering"})
        self.assertEqual(english.document_ids.mapped("name"), ["Application form", "Technical proposal"])
        # a type chosen later: its documents in French, those already listed not twice
        other_type = self.tender_type.copy({"name": "Private test type"})
        other_type.document_template_ids[1].update_field_translations("name", {"fr_FR": "Références clients"})
        tender.type_id = other_type
        self.assertEqual(
            tender.document_ids.mapped("name"),
            ["Formulaire de candidature", "Mémoire technique", "Références clients"],
        )

    def test_opportunity_smart_button(self):
        tender = self._tender()
        tender.action_create_opportunity()
        action = tender.lead_id.action_view_kam_tenders()
        self.assertEqual(action["res_id"], tender.id)

    def test_reparenting_moves_tenders_escalations_and_negotiations(self):
        tender = self._tender()
        escalation = self.env["kam.escalation"].create(
            {"name": "Moved", "partner_id": self.sub_subsidiary.id}
        )
        negotiation = self.env["kam.negotiation"].create({"name": "Moved", "tender_id": tender.id})
        other = self.env["res.partner"].create(
            {
                "name": "Groupe Zénith",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam.id,
            }
        )
        self.subsidiary.parent_id = other
        self.env.flush_all()
        self.assertEqual(tender.key_account_id, other)
        self.assertEqual(escalation.key_account_id, other)
        self.assertEqual(negotiation.key_account_id, other)
        self.assertEqual(self.env["kam.tender"].search([("key_account_id", "=", other.id)]), tender)

    def test_deadline_calendar_lists_both_deadlines(self):
        tender = self._tender()
        self.env.flush_all()
        deadlines = (
            self.env["kam.tender.deadline"].with_user(self.kam).search([("tender_id", "=", tender.id)])
        )
        self.assertEqual(sorted(deadlines.mapped("kind")), ["questions", "submission"])
        self.assertEqual(
            deadlines.filtered(lambda row: row.kind == "submission").deadline, tender.submission_deadline
        )
        self.assertFalse(
            self.env["kam.tender.deadline"].with_user(self.kam_other).search([("tender_id", "=", tender.id)])
        )
