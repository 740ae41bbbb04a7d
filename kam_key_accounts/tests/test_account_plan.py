import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import KamCommon


class PlanCommon(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = cls.today.year
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "name": "Aurore 2026-2027",
                "partner_id": cls.group.id,
                "date_start": date(cls.year, 1, 1),
                "date_end": date(cls.year + 1, 12, 31),
            }
        )

    def _objective(self, measure, target, year=None, plan=None):
        return self.env["kam.plan.objective"].create(
            {
                "plan_id": (plan or self.plan).id,
                "measure": measure,
                "target": target,
                "year": year or self.year,
            }
        )

    def _approve(self, plan=None):
        plan = plan or self.plan
        plan.action_submit()
        plan.with_user(self.kam_manager).action_approve()
        return plan


@tagged("post_install", "-at_install")
class TestAccountPlanWorkflow(PlanCommon):
    def test_form_defaults_the_kam_from_the_account(self):
        with Form(self.env["kam.account.plan"].with_user(self.kam)) as plan:
            plan.name = "Plan"
            plan.partner_id = self.group
            self.assertEqual(plan.user_id, self.kam)
        self.assertEqual(plan.record.state, "draft")

    def test_submit_approve_activate_close(self):
        self.plan.with_user(self.kam).action_submit()
        self.assertEqual(self.plan.state, "submitted")
        with self.assertRaises(AccessError):
            self.plan.with_user(self.kam).action_approve()
        self.plan.with_user(self.kam_manager).action_approve()
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.plan.approved_by_id, self.kam_manager)
        self.plan.with_user(self.kam).action_activate()
        self.assertEqual(self.group.kam_active_plan_id, self.plan)
        self.plan.with_user(self.kam).action_close()
        self.assertEqual(self.plan.state, "closed")
        with self.assertUserError("this step is not possible now", UserError):
            self.plan.action_submit()

    def test_one_active_plan_per_key_account(self):
        self._approve().action_activate()
        other = self._approve(self.plan.copy({"name": "Second plan"}))
        with self.assertUserError("one active plan at a time", UserError):
            other.action_activate()
        self.assertEqual(other.state, "approved")
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE kam_account_plan SET state = 'active' WHERE id = %s", [other.id]
            ),
            "A key account has one active plan at a time.",
        )

    def test_unflagging_needs_the_plan_closed(self):
        self._approve().action_activate()
        with self.assertUserError("before removing the key-account flag", UserError):
            self.group.is_key_account = False
        self.assertTrue(self.group.is_key_account)
        self.plan.action_close()
        self.group.is_key_account = False
        self.assertFalse(self.subsidiary.key_account_id)

    def test_bad_periods(self):
        with self.assertUserError("cannot end before it starts"):
            self.plan.date_end = date(self.year - 1, 1, 1)
        with self.assertUserError("five years at most"):
            self.plan.date_end = date(self.year + 5, 1, 1)
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE kam_account_plan SET date_end = date_start + interval '6 years' WHERE id = %s",
                [self.plan.id],
            ),
            "A plan covers five years at most.",
        )
        with self.assertUserError("not a key account"):
            self.env["kam.account.plan"].create({"name": "Wrong", "partner_id": self.outsider.id})

    def test_bad_objectives(self):
        with self.assertUserError("outside the plan"):
            self._objective("ordered_revenue", 100, year=self.year + 3)
        # refused before the INSERT, with our message rather than PostgreSQL's
        with self.assertUserError("cannot be negative"):
            self._objective("ordered_revenue", -5)
        objective = self._objective("ordered_revenue", 100)
        with self.assertUserError("cannot be negative"):
            objective.target = -5
        with self.assertUserError("one objective per measure and year"):
            self._objective("ordered_revenue", 200)
        with self.assertUserError("one objective per measure and year"):
            self._objective("invoiced_revenue", 200).measure = "ordered_revenue"
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "INSERT INTO kam_plan_objective (plan_id, measure, year, target) VALUES (%s, %s, %s, 5)",
                [self.plan.id, "ordered_revenue", self.year],
            ),
            "A plan has one objective per measure and year.",
        )
        # qualitative objectives may be several a year
        self._objective("qualitative", 100).name = "Meet the CEO"
        self._objective("qualitative", 100).name = "Sign a referencing"

    def test_approved_objectives_are_locked(self):
        objective = self._objective("qualitative", 100)
        self._approve()
        with self.assertUserError("set the plan back to draft", UserError):
            objective.target = 50
        with self.assertUserError("set the plan back to draft", UserError):
            self._objective("invoiced_revenue", 10)
        with self.assertUserError("set the plan back to draft", UserError):
            objective.unlink()
        objective.manual_actual = 40  # piloting the plan is still possible
        self.assertEqual(objective.actual, 40)
        self.plan.action_reset_draft()
        objective.target = 50
        self.assertEqual(objective.achievement, 80)

    def test_french_error(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertUserError("ne peut pas finir avant de commencer"):
            self.plan.with_context(lang="fr_FR").date_end = date(self.year - 1, 1, 1)


@tagged("post_install", "-at_install")
class TestPlanObjectiveActuals(PlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreign = cls.env["res.currency"].create({"name": "KZY", "symbol": "Y", "rounding": 0.01})
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.foreign.id,
                "name": date(cls.year - 2, 1, 1),
                "rate": 0.25,
                "company_id": cls.company.id,
            }
        )
        pricelist = cls.env["product.pricelist"].create({"name": "KZY", "currency_id": cls.foreign.id})
        cls.other_product = cls.env["product.product"].create(
            {"name": "Audit", "type": "service", "list_price": 10}
        )
        cls._order(cls.group, 1000.0)
        cls._order(cls.sub_subsidiary, 250.0)
        cls._order(cls.contact, 100.0, pricelist=pricelist)  # 400 in the company's currency
        cls._order(cls.subsidiary, 5000.0, confirm=False)  # quotation
        cls._order(cls.subsidiary, 700.0, when=cls.today - relativedelta(years=1))  # last year
        order = cls._order(cls.subsidiary, 0.0, confirm=False)
        order.order_line = [Command.create({"product_id": cls.other_product.id, "price_unit": 80.0})]
        order.action_confirm()
        cls._invoice(cls.subsidiary, 900.0)
        cls._invoice(cls.sub_subsidiary, 150.0, refund=True)
        cls._invoice(cls.outsider, 9999.0)
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.env["crm.lead"].create(
            {
                "name": "Won",
                "type": "opportunity",
                "partner_id": cls.subsidiary.id,
                "expected_revenue": 3000,
                "stage_id": won_stage.id,
                "date_closed": fields.Datetime.now(),
            }
        )
        cls.env["crm.lead"].create(
            {
                "name": "Open",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "expected_revenue": 2000,
                "probability": 50,
                "date_deadline": date(cls.year, 12, 31),
            }
        )

    def test_actuals_match_the_hand_computed_figures(self):
        expected = {
            "ordered_revenue": 1000 + 250 + 400 + 80,
            "invoiced_revenue": 900 - 150,
            "won_count": 1,
            "won_amount": 3000,
            "pipeline_weighted": 1000,
            "pipeline_amount": 2000,
            "new_products": 1,  # the audit; the consulting day was first sold to the group last year
        }
        objectives = {measure: self._objective(measure, 100) for measure in expected}
        last_year_plan = self.plan.copy({"name": "Earlier", "date_start": date(self.year - 1, 1, 1)})
        last_year = self._objective("ordered_revenue", 100, year=self.year - 1, plan=last_year_plan)
        for measure, objective in objectives.items():
            self.assertAlmostEqual(objective.actual, expected[measure], msg=measure)
        self.assertAlmostEqual(last_year.actual, 700)
        self.assertAlmostEqual(objectives["won_amount"].achievement, 3000)

    def test_status_follows_the_time_elapsed(self):
        plan = self.plan.copy({"name": "Past", "date_start": date(self.year - 1, 1, 1)})
        objective = self._objective("ordered_revenue", 700 / 0.95, year=self.year - 1, plan=plan)
        self.assertEqual(objective.expected_progress, 100)
        self.assertEqual(objective.status, "on_track")
        objective.target = 700 / 0.75
        self.assertEqual(objective.status, "at_risk")
        objective.target = 700 / 0.5
        self.assertEqual(objective.status, "off_track")
        future = self._objective("ordered_revenue", 1e9, year=self.year + 1)
        self.assertEqual(future.expected_progress, 0)
        self.assertEqual(future.status, "on_track")

    def _actual_queries(self, objectives):
        objectives.invalidate_recordset()
        before = self.env.cr.sql_log_count
        objectives.mapped("actual")
        return self.env.cr.sql_log_count - before

    def test_many_plans_take_a_fixed_number_of_queries(self):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Compte {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
                for i in range(60)
            ]
        )
        plans = self.env["kam.account.plan"].create(
            [
                {
                    "name": f"Plan {i}",
                    "partner_id": account.id,
                    "date_start": date(self.year, 1, 1),
                    "date_end": date(self.year + 1, 12, 31),
                }
                for i, account in enumerate(accounts)
            ]
        )
        measures = ["ordered_revenue", "invoiced_revenue", "won_count", "pipeline_weighted", "new_products"]
        objectives = self.env["kam.plan.objective"].create(
            [
                {"plan_id": plan.id, "measure": measure, "year": year, "target": 10}
                for plan in plans
                for measure in measures
                for year in (self.year, self.year + 1)
            ]
        )
        self.assertEqual(len(objectives), 600)
        self.env.flush_all()
        self._actual_queries(objectives)  # warm the caches (companies, fields) once
        few = self._actual_queries(objectives.filtered(lambda objective: objective.plan_id in plans[:5]))
        many = self._actual_queries(objectives)
        self.assertEqual(few, many)
        objectives.invalidate_recordset()
        # the objectives, the ledger's check for changed documents, then per year one sum of the
        # ledger's columns, one for the open pipeline and one for new products
        with self.assertQueryCount(8):
            objectives.mapped("actual")


@tagged("post_install", "-at_install")
class TestPlanPiloting(PlanCommon):
    def test_an_action_reminds_its_owner(self):
        action = self.env["kam.plan.action"].create(
            {
                "plan_id": self.plan.id,
                "name": "Meet the CFO",
                "user_id": self.kam_other.id,
                "date_deadline": self.today + timedelta(days=10),
            }
        )
        activity = action.activity_ids
        self.assertEqual(activity.user_id, self.kam_other)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=10))
        self.assertFalse(action.is_overdue)
        action.date_deadline = self.today - timedelta(days=1)
        self.assertTrue(action.is_overdue)
        self.assertIn(action, self.env["kam.plan.action"].search([("is_overdue", "=", True)]))
        self.assertEqual(self.plan.overdue_action_count, 1)
        upcoming = self.env["kam.plan.action"].create(
            {"plan_id": self.plan.id, "name": "Later", "date_deadline": self.today + timedelta(days=30)}
        )
        not_overdue = self.env["kam.plan.action"].search([("is_overdue", "=", False)])
        self.assertIn(upcoming, not_overdue)
        self.assertNotIn(action, not_overdue)
        action.action_done()
        self.assertFalse(action.activity_ids)
        self.assertFalse(action.is_overdue)

    def test_external_owner_is_followed_by_the_kam(self):
        agency = self.env["res.partner"].create({"name": "Agence", "is_company": True})
        member = self.env["kam.team.member"].create(
            {
                "partner_id": self.group.id,
                "member_type": "external",
                "contact_id": agency.id,
                "role_id": self.role_sponsor.id,
            }
        )
        action = self.env["kam.plan.action"].create(
            {"plan_id": self.plan.id, "name": "Workshop", "member_id": member.id, "date_deadline": self.today}
        )
        self.assertEqual(action.activity_ids.user_id, self.kam)

    def test_stakeholder_map_and_last_interaction(self):
        boss = self.env["res.partner"].create({"name": "Jeanne Directrice", "parent_id": self.group.id})
        decision = self.env["kam.stakeholder"].create(
            {
                "key_account_id": self.group.id,
                "partner_id": boss.id,
                "buying_role": "decision_maker",
                "influence": 5,
                "attitude": "supporter",
            }
        )
        champion = self.env["kam.stakeholder"].create(
            {
                "key_account_id": self.group.id,
                "partner_id": self.contact.id,
                "buying_role": "champion",
                "reports_to_id": decision.id,
            }
        )
        self.assertFalse(champion.last_interaction_date)
        self.env["calendar.event"].create(
            {
                "name": "Lunch",
                "start": fields.Datetime.now() - timedelta(days=3),
                "stop": fields.Datetime.now() - timedelta(days=3) + timedelta(hours=1),
                "partner_ids": [Command.set(self.contact.ids)],
            }
        )
        boss.message_post(body="Call notes", message_type="comment")
        (decision | champion).invalidate_recordset()
        self.assertEqual(champion.last_interaction_date, self.today - timedelta(days=3))
        self.assertEqual(decision.last_interaction_date, self.today)
        self.assertEqual(decision.attitude_color, 10)
        with self.assertUserError("report to themselves"):
            decision.reports_to_id = champion
        with self.assertUserError("from 1 to 5"):
            champion.influence = 7

    def test_health_score_factors(self):
        plan = self.plan
        # only "no overdue invoice" and "no escalation" (weight 10 each, out of 110) score
        self.assertEqual(plan.health_score, round(100 * (10 + 10) / 110))
        plan.write(
            {
                "market_context": "<p>Energy transition</p>",
                "client_strategy": "<p>Cost savings</p>",
                "competitor_ids": [Command.create({"name": "Rival", "share_of_wallet": 30})],
                "swot_ids": [
                    Command.create({"kind": kind, "name": kind})
                    for kind in ("strength", "weakness", "opportunity", "threat")
                ],
                "objective_ids": [
                    Command.create(
                        {"measure": "qualitative", "year": self.year, "target": 100, "manual_actual": 100}
                    )
                ],
                "stakeholder_ids": [
                    Command.create({"partner_id": self.contact.id, "buying_role": "decision_maker"}),
                ],
            }
        )
        self.env["kam.plan.action"].create(
            {
                "plan_id": plan.id,
                "name": "Done",
                "user_id": self.kam.id,
                "date_deadline": self.today,
                "state": "done",
            }
        )
        plan.invalidate_recordset()
        self.assertEqual(plan.health_completeness, 1.0)
        self.assertEqual(plan.health_roles, 0.5)
        self.assertEqual(plan.health_actions, 1.0)
        self.assertEqual(plan.health_objectives, 1.0)
        self.assertEqual(plan.health_recency, 0.0)
        self.assertEqual(plan.health_invoices, 1.0)
        self.assertEqual(plan.health_score, round(100 * (20 + 7.5 + 15 + 25 + 0 + 10 + 10) / 110))
        overdue = self._invoice(self.subsidiary, 1000.0, when=self.today - timedelta(days=90))
        overdue.invoice_date_due = self.today - timedelta(days=60)
        plan.invalidate_recordset()
        self.assertEqual(plan.health_invoices, 0.0)

    def test_printed_plan_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._objective("ordered_revenue", 1000)
        html, _format = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html("kam_key_accounts.kam_account_plan_report", self.plan.ids)
        )
        html = html.decode()
        self.assertIn("Aurore 2026-2027", html)
        self.assertIn("Plan d&#39;action", html.replace("'", "&#39;"))

    def test_printed_plan_figures(self):
        """Amounts print in the company's currency, counts as whole numbers, shares as "85 %"."""
        self.assertEqual(self.currency.name, "USD")  # the test database's company
        self._order(self.subsidiary, 12750.0)
        self._objective("ordered_revenue", 15000)
        self._objective("won_count", 2)
        self.env["kam.plan.competitor"].create(
            {"plan_id": self.plan.id, "name": "Concurrent SA", "share_of_wallet": 35}
        )
        self.env.flush_all()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "kam_key_accounts.kam_account_plan_report", self.plan.ids
        )
        # the text a reader sees: no tags, one space between words (no-break spaces included)
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        year = self.year
        self.assertIn(f"{year} Ordered Revenue $ 15,000.00 $ 12,750.00 85 %", text)
        self.assertIn(f"{year} Won Opportunities (Number) 2 0 0 %", text)
        self.assertIn("Concurrent SA 35 %", text)
        self.assertIn(f"Health: {self.plan.health_score} / 100", text)


@tagged("post_install", "-at_install")
class TestAccountPlanSecurity(PlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_account = cls.env["res.partner"].create(
            {
                "name": "Groupe Sirius",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls.other_plan = cls.env["kam.account.plan"].create(
            {"name": "Sirius", "partner_id": cls.other_account.id}
        )
        cls.team_member = new_test_user(cls.env, "kam_plan_team", groups="kam_key_accounts.group_kam_user")
        cls.group.kam_team_member_ids = [
            Command.create({"user_id": cls.team_member.id, "role_id": cls.role_sponsor.id})
        ]

    def test_kam_sees_and_edits_own_plans_only(self):
        Plan = self.env["kam.account.plan"].with_user(self.kam)
        self.assertEqual(Plan.search([]), self.plan)
        self.plan.with_user(self.kam).write({"market_context": "<p>Mine</p>"})
        with self.assertRaises(AccessError):
            self.other_plan.with_user(self.kam).read(["name"])
        with self.assertRaises(AccessError):
            self.other_plan.with_user(self.kam).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            Plan.create({"name": "Not mine", "partner_id": self.other_account.id})
        with self.assertRaises(AccessError):
            self.env["kam.plan.objective"].with_user(self.kam).create(
                {"plan_id": self.other_plan.id, "measure": "ordered_revenue", "target": 1, "year": self.year}
            )
        rows = self.env["kam.account.plan"].with_user(self.kam).search_read([], ["name"])
        self.assertEqual([row["name"] for row in rows], [self.plan.name])

    def test_team_member_reads_the_plan(self):
        self.assertTrue(self.plan.with_user(self.team_member).read(["name"]))
        self.assertFalse(
            self.env["kam.account.plan"].with_user(self.team_member).search([("id", "=", self.other_plan.id)])
        )

    def test_manager_sees_all_salesman_none(self):
        self.assertEqual(
            self.env["kam.account.plan"].with_user(self.kam_manager).search([])
            & (self.plan | self.other_plan),
            self.plan | self.other_plan,
        )
        with self.assertRaises(AccessError):
            self.env["kam.account.plan"].with_user(self.salesman).search([])

    def test_other_company_plans_are_invisible(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        manager_b = new_test_user(
            self.env,
            "kam_manager_b",
            groups="kam_key_accounts.group_kam_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertFalse(self.env["kam.account.plan"].with_user(manager_b).search([]))
        with self.assertRaises(AccessError):
            self.plan.with_user(manager_b).read(["name"])


@tagged("post_install", "-at_install")
class TestPlanPeriod(KamCommon):
    """A new plan proposes whole calendar years: this year, or next year when this year has a plan."""

    def _plan_form(self, partner):
        form = Form(self.env["kam.account.plan"].with_user(self.kam))
        form.name = "Next plan"
        form.partner_id = partner
        return form

    def _plan(self, start, end):
        return self.env["kam.account.plan"].create(
            {
                "name": f"Aurore {start.year}",
                "partner_id": self.group.id,
                "date_start": start,
                "date_end": end,
            }
        )

    def test_a_first_plan_covers_this_year(self):
        year = self.today.year
        form = self._plan_form(self.group)
        self.assertEqual((form.date_start, form.date_end), (date(year, 1, 1), date(year, 12, 31)))
        plan = form.save()
        self.assertEqual((plan.date_start, plan.date_end), (date(year, 1, 1), date(year, 12, 31)))

    def test_with_a_plan_this_year_the_next_plan_is_for_next_year(self):
        year = self.today.year
        self._plan(date(year, 1, 1), date(year, 12, 31))
        form = self._plan_form(self.group)
        self.assertEqual((form.date_start, form.date_end), (date(year + 1, 1, 1), date(year + 1, 12, 31)))

    def test_a_multi_year_plan_gives_its_length(self):
        # the reported case: this year and the next were planned; the new plan is for next year,
        # over two calendar years like the last one (not from January 1 of this year)
        year = self.today.year
        self._plan(date(year, 1, 1), date(year + 1, 12, 31))
        form = self._plan_form(self.group)
        self.assertEqual((form.date_start, form.date_end), (date(year + 1, 1, 1), date(year + 2, 12, 31)))

    def test_an_old_plan_gives_its_length_from_this_year(self):
        year = self.today.year
        self._plan(date(year - 3, 1, 1), date(year - 2, 12, 31))
        plan = self.env["kam.account.plan"].create({"name": "Aurore again", "partner_id": self.group.id})
        self.assertEqual((plan.date_start, plan.date_end), (date(year, 1, 1), date(year + 1, 12, 31)))

    def test_a_given_start_sets_the_end_and_a_saved_plan_keeps_its_period(self):
        year = self.today.year
        plan = self.env["kam.account.plan"].create(
            {"name": "Aurore", "partner_id": self.group.id, "date_start": date(year + 2, 3, 1)}
        )
        self.assertEqual(plan.date_end, date(year + 2, 12, 31))
        # a duplicate keeps the period its objectives belong to
        copy = plan.copy()
        self.assertEqual((copy.date_start, copy.date_end), (date(year + 2, 3, 1), date(year + 2, 12, 31)))
        other_account = self.env["res.partner"].create(
            {
                "name": "Groupe Sirius",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam.id,
            }
        )
        plan.partner_id = other_account  # a saved plan keeps its period
        self.assertEqual((plan.date_start, plan.date_end), (date(year + 2, 3, 1), date(year + 2, 12, 31)))

    def test_a_new_objective_is_for_the_plan_year(self):
        year = self.today.year
        self._plan(date(year, 1, 1), date(year, 12, 31))
        form = self._plan_form(self.group)
        with form.objective_ids.new() as objective:
            objective.measure = "ordered_revenue"
            objective.target = 1000
            self.assertEqual(objective.year, year + 1)
        plan = form.save()
        self.assertEqual(plan.objective_ids.year, year + 1)
