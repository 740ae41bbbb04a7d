from datetime import datetime, time, timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .test_account_plan import PlanCommon


@tagged("post_install", "-at_install")
class TestRelationshipMap(PlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.boss_contact = Partner.create(
            {"name": "Jeanne Directrice", "function": "Directrice générale", "parent_id": cls.group.id}
        )
        cls.stranger = Partner.create({"name": "Paul Ailleurs", "parent_id": cls.outsider.id})
        Stakeholder = cls.env["kam.stakeholder"]
        cls.boss = Stakeholder.create(
            {
                "key_account_id": cls.group.id,
                "partner_id": cls.boss_contact.id,
                "buying_role": "decision_maker",
                "influence": 5,
                "attitude": "supporter",
                "owner_id": cls.kam_manager.id,
            }
        )
        # Léa Martin works for Aurore Lyon, two levels under the group
        cls.champion = Stakeholder.create(
            {
                "key_account_id": cls.group.id,
                "partner_id": cls.contact.id,
                "buying_role": "champion",
                "influence": 3,
                "attitude": "neutral",
                "owner_id": cls.kam.id,
                "reports_to_id": cls.boss.id,
                "notes": "Veut réduire les déplacements",
            }
        )

    @staticmethod
    def _at(day, hour=12):
        """Noon UTC of ``day``: the same calendar day for a reader in Europe."""
        return datetime.combine(day, time(hour))

    def newcomer(self):
        return self.env["res.partner"].create({"name": "Marc Nouveau", "parent_id": self.subsidiary.id})

    def _copies(self, plan):
        return {copy.partner_id.name: copy for copy in plan.stakeholder_snapshot_ids}

    def test_plans_show_the_account_map_and_freeze_it(self):
        self.assertEqual(self.plan.stakeholder_ids, self.boss | self.champion)
        self.assertEqual(self.group.kam_stakeholder_count, 2)
        # a new plan of the account starts with the map, nothing to re-enter
        next_plan = self.env["kam.account.plan"].create(
            {"name": "Aurore suivant", "partner_id": self.group.id}
        )
        self.assertEqual(next_plan.stakeholder_ids, self.boss | self.champion)
        self.assertFalse(self.plan.stakeholder_snapshot_ids)

        self.plan.with_user(self.kam).action_submit()
        copies = self._copies(self.plan)
        self.assertEqual(set(copies), {"Jeanne Directrice", "Léa Martin"})
        boss, champion = copies["Jeanne Directrice"], copies["Léa Martin"]
        self.assertEqual(
            (
                boss.buying_role,
                boss.influence,
                boss.attitude,
                boss.owner_id,
                boss.function,
                boss.reports_to_id,
            ),
            ("decision_maker", 5, "supporter", self.kam_manager, "Directrice générale", boss.browse()),
        )
        self.assertEqual(
            (champion.buying_role, champion.influence, champion.attitude, champion.owner_id),
            ("champion", 3, "neutral", self.kam),
        )
        self.assertEqual(champion.reports_to_id, boss)  # the copy's boss is the boss's copy
        self.assertEqual(champion.stakeholder_id, self.champion)
        self.assertEqual(champion.notes, "Veut réduire les déplacements")
        self.assertEqual(self.plan.stakeholder_snapshot_date, self.today)

        # the map moves on; the submitted plan keeps what it was submitted with
        newcomer = self.newcomer()
        self.champion.write({"attitude": "opponent", "reports_to_id": False})
        self.env["kam.stakeholder"].create({"key_account_id": self.group.id, "partner_id": newcomer.id})
        self.boss.unlink()
        self.assertEqual(len(self.plan.stakeholder_ids), 2)
        copies = self._copies(self.plan)
        self.assertEqual(set(copies), {"Jeanne Directrice", "Léa Martin"})
        self.assertEqual(copies["Léa Martin"].attitude, "neutral")
        self.assertEqual(copies["Léa Martin"].reports_to_id, copies["Jeanne Directrice"])
        self.assertFalse(copies["Jeanne Directrice"].stakeholder_id)  # gone from the map, kept here

        # approval freezes the map of that day instead
        self.plan.with_user(self.kam_manager).action_approve()
        copies = self._copies(self.plan)
        self.assertEqual(set(copies), {"Léa Martin", "Marc Nouveau"})
        self.assertEqual(copies["Léa Martin"].attitude, "opponent")
        self.assertFalse(copies["Léa Martin"].reports_to_id)
        self.assertEqual(
            (copies["Marc Nouveau"].buying_role, copies["Marc Nouveau"].influence), ("influencer", 3)
        )
        # the other plan, still a draft, froze nothing
        self.assertFalse(next_plan.stakeholder_snapshot_ids)

    def test_frozen_copies_are_read_only(self):
        self.plan.with_user(self.kam).action_submit()
        copy = self.plan.with_user(self.kam).stakeholder_snapshot_ids[:1]
        self.assertTrue(copy.partner_id)
        with self.assertRaises(AccessError):
            copy.write({"attitude": "opponent"})
        with self.assertRaises(AccessError):
            self.env["kam.plan.stakeholder"].with_user(self.kam_manager).create(
                {"plan_id": self.plan.id, "partner_id": self.contact.id}
            )

    def test_contacts_come_from_the_group(self):
        with self.assertUserError("Paul Ailleurs does not work for a company of the Groupe Aurore group."):
            self.env["kam.stakeholder"].create(
                {"key_account_id": self.group.id, "partner_id": self.stranger.id}
            )
        with self.assertUserError("does not work for a company of the Groupe Aurore group"):
            self.champion.partner_id = self.stranger
        # the field's domain offers the group's people (any depth), and no one else
        domain = safe_eval(
            self.env["kam.stakeholder"]._fields["partner_id"].domain, {"key_account_id": self.group.id}
        )
        offered = self.env["res.partner"].search(domain)
        self.assertIn(self.contact, offered)
        self.assertIn(self.boss_contact, offered)
        self.assertNotIn(self.stranger, offered)
        self.assertNotIn(self.subsidiary, offered)
        # the same person twice on one account's map is refused before PostgreSQL
        self.assertRefusedBeforeSql(
            lambda: self.env["kam.stakeholder"].create(
                {"key_account_id": self.group.id, "partner_id": self.contact.id}
            ),
            "already on the account's relationship map",
        )

    def test_reporting_lines(self):
        other = self.env["res.partner"].create(
            {
                "name": "Autre Groupe",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam.id,
            }
        )
        elsewhere = self.env["kam.stakeholder"].create(
            {
                "key_account_id": other.id,
                "partner_id": self.env["res.partner"]
                .create({"name": "Chef Ailleurs", "parent_id": other.id})
                .id,
            }
        )
        # dragging a card onto a new boss in the org chart writes reports_to_id
        self.boss.with_user(self.kam).write({"reports_to_id": False})
        with self.assertUserError("report to themselves"):
            self.boss.reports_to_id = self.champion
        with self.assertUserError("same account's relationship map"):
            self.champion.reports_to_id = elsewhere
        self.assertEqual(self.boss.report_ids, self.champion)

    def test_last_interaction_from_meetings_emails_and_calls(self):
        today = self.today
        Event = self.env["calendar.event"]
        meeting = Event.create(
            {
                "name": "Déjeuner",
                "start": self._at(today - timedelta(days=10)),
                "stop": self._at(today - timedelta(days=10), 13),
                "partner_ids": [Command.set(self.contact.ids)],
            }
        )
        self.assertEqual(self.champion.last_interaction_date, today - timedelta(days=10))
        # a meeting she declined, and one still to come, are not interactions
        declined = Event.create(
            {
                "name": "Comité",
                "start": self._at(today - timedelta(days=4)),
                "stop": self._at(today - timedelta(days=4), 13),
                "partner_ids": [Command.set(self.contact.ids)],
            }
        )
        declined.attendee_ids.filtered(lambda attendee: attendee.partner_id == self.contact).do_decline()
        Event.create(
            {
                "name": "Visite",
                "start": self._at(today + timedelta(days=5)),
                "stop": self._at(today + timedelta(days=5), 13),
                "partner_ids": [Command.set(self.contact.ids)],
            }
        )
        self.champion.invalidate_recordset(["last_interaction_date"])
        self.assertEqual(self.champion.last_interaction_date, today - timedelta(days=10))
        self.assertTrue(meeting)

        # an email from her, 7 days ago
        email = self.contact.message_post(body="Bonjour", message_type="email", author_id=self.contact.id)
        email.sudo().date = self._at(today - timedelta(days=7))
        self.champion.invalidate_recordset(["last_interaction_date"])
        self.assertEqual(self.champion.last_interaction_date, today - timedelta(days=7))

        # a call done on her opportunity, 3 days ago: the done activity's message carries its type
        lead = self.env["crm.lead"].create({"name": "Séminaire 2027", "partner_id": self.contact.id})
        activity = lead.activity_schedule("mail.mail_activity_data_call", user_id=self.kam.id)
        activity.action_feedback(feedback="Intéressée")
        call = lead.message_ids.filtered("mail_activity_type_id")
        self.assertEqual(len(call), 1)
        call.sudo().date = self._at(today - timedelta(days=3))
        # a done activity of another type (an email to send) is not a call
        todo = lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.kam.id)
        todo.action_feedback(feedback="Fait")
        (lead.message_ids - call).filtered("mail_activity_type_id").sudo().date = self._at(
            today - timedelta(days=1)
        )
        self.champion.invalidate_recordset(["last_interaction_date"])
        self.assertEqual(self.champion.last_interaction_date, today - timedelta(days=3))

        # a call done on her own contact card, yesterday
        activity = self.contact.activity_schedule("mail.mail_activity_data_call", user_id=self.kam.id)
        activity.action_feedback(feedback="Rappel")
        self.contact.message_ids.filtered("mail_activity_type_id").sudo().date = self._at(
            today - timedelta(days=1)
        )
        stakeholders = self.boss | self.champion
        stakeholders.invalidate_recordset(["last_interaction_date"])
        stakeholders.mapped("partner_id")
        self.env.flush_all()
        self.assertTrue(self.env.user.tz)  # the reader's day: their time zone, read once
        with self.assertQueryCount(1):  # one query for all the stakeholders
            self.assertEqual(stakeholders.mapped("last_interaction_date"), [False, today - timedelta(days=1)])

    def test_a_kam_of_another_account_cannot_read_the_map(self):
        self.plan.with_user(self.kam).action_submit()
        Stakeholder = self.env["kam.stakeholder"]
        self.assertEqual(
            Stakeholder.with_user(self.kam).search([("key_account_id", "=", self.group.id)]),
            self.boss | self.champion,
        )
        self.assertFalse(
            Stakeholder.with_user(self.kam_other).search([("key_account_id", "=", self.group.id)])
        )
        with self.assertRaises(AccessError):
            self.champion.with_user(self.kam_other).read(["attitude"])
        with self.assertRaises(AccessError):
            self.plan.stakeholder_snapshot_ids.with_user(self.kam_other).read(["attitude"])
        with self.assertRaises(AccessError):
            Stakeholder.with_user(self.kam_other).create(
                {"key_account_id": self.group.id, "partner_id": self.newcomer().id}
            )
        # a member of the account team reads it; the manager reads it all
        self.env["kam.team.member"].create(
            {"partner_id": self.group.id, "user_id": self.kam_other.id, "role_id": self.role_sponsor.id}
        )
        self.assertEqual(
            Stakeholder.with_user(self.kam_other).search([("key_account_id", "=", self.group.id)]),
            self.boss | self.champion,
        )
        self.assertEqual(len(self.plan.with_user(self.kam_manager).stakeholder_snapshot_ids), 2)


@tagged("post_install", "-at_install")
class TestRelationshipMapDemo(TransactionCase):
    def test_demo_accounts_have_an_org_chart(self):
        if not self.env.ref("kam_key_accounts.demo_partner_aurelys", raise_if_not_found=False):
            self.skipTest("no demo data")
        for name, people in (("aurelys", 6), ("vallorine", 6), ("serane", 6), ("transalpes", 5)):
            account = self.env.ref(f"kam_key_accounts.demo_partner_{name}")
            stakeholders = account.kam_stakeholder_ids
            self.assertEqual(len(stakeholders), people, name)
            self.assertEqual(len(stakeholders.filtered(lambda person: not person.reports_to_id)), 1, name)
            self.assertTrue(all(stakeholders.mapped("owner_id")), name)
        # Hélène Garnier (purchasing) reports to Marc Lefèvre (deputy CEO) at Aurélys
        helene = self.env.ref("kam_key_accounts.demo_plan_aurelys_stakeholder_0")
        self.assertEqual(helene.reports_to_id.partner_id.name, "Marc Lefèvre")
        # the active plan froze the map: the same six people, the same reporting line
        plan = self.env.ref("kam_key_accounts.demo_plan_aurelys")
        self.assertEqual(len(plan.stakeholder_snapshot_ids), 6)
        frozen_helene = plan.stakeholder_snapshot_ids.filtered(lambda copy: copy.stakeholder_id == helene)
        self.assertEqual(frozen_helene.reports_to_id.partner_id.name, "Marc Lefèvre")
        self.assertFalse(self.env.ref("kam_key_accounts.demo_plan_transalpes").stakeholder_snapshot_ids)
