from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestFiguresOneTruth(KamCommon):
    """One data set read by every screen, as the KAM and as the manager, against values by hand.

    Last year, Anne managed Groupe Aurore until a hand-over to Bruno on 1 June: what happened
    before counts for Anne, what happened after for Bruno. Orders in two currencies, an invoice and
    a refund, a won opportunity with a closing date and one without, a salesperson and a sales
    team on some documents.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = cls.today.year - 1
        cls.year = year
        cls.before, cls.handover, cls.after = date(year, 3, 15), date(year, 6, 1), date(year, 9, 15)
        cls.foreign = cls.env["res.currency"].create({"name": "KZY", "symbol": "ꝃ", "rounding": 0.01})
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.foreign.id,
                "name": date(year, 1, 1),
                "rate": 0.5,
                "company_id": cls.company.id,
            }
        )
        foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "KZY", "currency_id": cls.foreign.id}
        )
        cls.team = cls.env["crm.team"].create({"name": "Grands Comptes"})
        o1 = cls._order(cls.subsidiary, 1000.0, when=cls.before)
        o2 = cls._order(cls.contact, 1000.0, when=cls.after, pricelist=foreign_pricelist)  # 2,000
        o3 = cls._order(cls.group, 500.0, when=cls.after)
        cls._order(cls.outsider, 9000.0, when=cls.after)  # not in the group
        (o1 | o2).write({"user_id": cls.kam.id})
        o1.team_id = cls.team
        o3.write({"user_id": cls.salesman.id, "team_id": cls.team.id})
        cls._invoice(cls.subsidiary, 800.0, when=cls.before)
        cls._invoice(cls.sub_subsidiary, 100.0, refund=True, when=cls.after)
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = cls.env["crm.lead"]
        won = Lead.create(
            {"name": "Won", "type": "opportunity", "partner_id": cls.group.id, "expected_revenue": 3000.0}
        )
        undated = Lead.create(
            {
                "name": "Won, no date",
                "type": "opportunity",
                "partner_id": cls.subsidiary.id,
                "expected_revenue": 4000.0,
            }
        )
        (won | undated).write({"stage_id": won_stage.id})
        won.date_closed = cls.before
        cls.env.flush_all()
        # a won opportunity without closing date is dated by its last stage change
        cls.env.cr.execute(
            "UPDATE crm_lead SET date_closed = NULL, date_last_stage_update = %s WHERE id = %s",
            [cls.after, undated.id],
        )
        cls.env["kam.figure"]._mark_dirty("opportunity", cls._sql_ids(undated))
        cls.env.invalidate_all()
        cls.group.with_context(kam_handover_date=cls.handover).key_account_manager_id = cls.kam_other
        Objective = cls.env["kam.objective"]
        cls.objectives = {
            (kind, key, measure): Objective.create(
                {
                    "assignee_type": kind,
                    "user_id": user.id if kind != "team" else False,
                    "team_id": cls.team.id if kind == "team" else False,
                    "year": year,
                    "measure": measure,
                    "target": 1000.0,
                }
            )
            for kind, key, user in (
                ("kam", "anne", cls.kam),
                ("kam", "bruno", cls.kam_other),
                ("salesperson", "denis", cls.salesman),
                ("team", "team", None),
            )
            for measure in ("ordered_revenue", "invoiced_revenue", "won_count", "won_amount")
        }

    @classmethod
    def _sql_ids(cls, records):
        return SQL("src.id = ANY(%s)", records.ids)

    EXPECTED = {
        # ordered: o1 before the hand-over (Anne); o2 (2,000 converted at the order's rate) and o3 after
        ("kam", "anne", "ordered_revenue"): 1000.0,
        ("kam", "bruno", "ordered_revenue"): 2500.0,
        ("kam", "anne", "invoiced_revenue"): 800.0,
        ("kam", "bruno", "invoiced_revenue"): -100.0,
        ("kam", "anne", "won_count"): 1,
        ("kam", "bruno", "won_count"): 1,
        ("kam", "anne", "won_amount"): 3000.0,
        ("kam", "bruno", "won_amount"): 4000.0,
        # the documents' salesperson and team, whoever managed the account
        ("salesperson", "denis", "ordered_revenue"): 500.0,
        ("team", "team", "ordered_revenue"): 1500.0,
    }

    def test_objectives_credit_the_kam_of_the_time_for_every_reader(self):
        for reader in (self.kam, self.kam_other, self.kam_manager):
            objectives = (
                self.env["kam.objective"]
                .with_user(reader)
                .search([("id", "in", [objective.id for objective in self.objectives.values()])])
            )
            for key, objective in self.objectives.items():
                if objective not in objectives:
                    continue  # a KAM reads their own objectives only
                with self.subTest(reader=reader.login, objective=key):
                    self.assertAlmostEqual(
                        objective.with_user(reader).actual, self.EXPECTED.get(key, 0.0), places=2
                    )
            if reader == self.kam_manager:
                self.assertEqual(len(objectives), len(self.objectives))

    def test_group_figures_and_analysis_agree_for_kam_and_manager(self):
        start, end = date(self.year, 1, 1), date(self.year, 12, 31)
        for reader in (self.kam, self.kam_other, self.kam_manager):
            with self.subTest(reader=reader.login):
                rows = dict(
                    self.env["kam.account.report"]
                    .with_user(reader)
                    ._read_group(
                        [("key_account_id", "=", self.group.id), ("date", ">=", start), ("date", "<=", end)],
                        ["user_id"],
                        ["ordered_amount:sum"],
                    )
                )
                self.assertAlmostEqual(rows.get(self.kam, 0.0), 1000.0)
                self.assertAlmostEqual(rows.get(self.kam_other, 0.0), 2500.0)
                measure = (
                    self.env["kam.measure"]
                    .with_user(reader)
                    ._compute_measure("ordered_revenue", self.group.ids, start, end + timedelta(days=1))
                )
                self.assertAlmostEqual(measure[self.group.id], 3500.0)

    def test_pay_reads_the_same_achievement_for_the_kam_and_the_manager(self):
        scheme = self.env["kam.pay.scheme"].create(
            {
                "user_id": self.kam.id,
                "year": self.year,
                "annual_pay": 60000.0,
                "variable_share": 20.0,
                "threshold": 0.0,
            }
        )
        anne = [objective for key, objective in self.objectives.items() if key[1] == "anne"]
        # (1000 + 800 + 1 + 3000) / (4 x 1000) targets: 100 % + 80 % + 0.1 % + 300 %, weighted equally
        expected = (100.0 + 80.0 + 0.1 + 300.0) / 4
        self.assertEqual(len(anne), 4)
        for reader in (self.kam, self.kam_manager):
            with self.subTest(reader=reader.login):
                self.assertAlmostEqual(scheme.with_user(reader).achievement, expected, places=2)

    def test_handing_over_moves_only_what_follows(self):
        Measure = self.env["kam.measure"]
        start, end = Measure._year_bounds(self.year)
        values = Measure._compute_measure(
            "ordered_revenue", [self.kam.id, self.kam_other.id], start, end, target="kam"
        )
        self.assertAlmostEqual(values[self.kam.id], 1000.0)
        self.assertAlmostEqual(values[self.kam_other.id], 2500.0)
        assignments = self.env["kam.account.assignment"].search([("partner_id", "=", self.subsidiary.id)])
        self.assertEqual(
            [(a.user_id, a.date_from, a.date_to) for a in assignments.sorted("id")],
            [(self.kam, False, self.handover), (self.kam_other, self.handover, False)],
        )

    def test_dashboard_and_team_table_read_the_measures(self):
        self._order(self.group, 700.0)  # today: Bruno's since the hand-over
        dashboard = self.env["kam.dashboard"].with_user(self.kam_other).get_dashboard_data()
        Measure = self.env["kam.measure"]
        start = date(self.today.year, 1, 1)
        ordered = Measure._compute_measure(
            "ordered_revenue", self.kam_other.ids, start, self.today + timedelta(days=1), target="kam"
        )[self.kam_other.id]
        self.assertAlmostEqual(dashboard["figures"]["ordered"], ordered)
        self.assertGreaterEqual(ordered, 700.0)
        objective = self.env["kam.objective"].create(
            {
                "user_id": self.kam_other.id,
                "year": self.today.year,
                "measure": "ordered_revenue",
                "target": 1400.0,
            }
        )
        scheme = self.env["kam.pay.scheme"].create(
            {
                "user_id": self.kam_other.id,
                "year": self.today.year,
                "annual_pay": 60000.0,
                "variable_share": 20.0,
            }
        )
        team = self.env["kam.dashboard"].with_user(self.kam_manager).get_dashboard_data()["team"]
        row = next(row for row in team if row["id"] == self.kam_other.id)
        self.assertAlmostEqual(row["ordered"], ordered)
        self.assertAlmostEqual(row["achievement"], objective.achievement)
        self.assertAlmostEqual(row["achievement"], scheme.achievement)

    def test_same_number_for_a_kam_without_rights_on_the_orders(self):
        """Anne has Sales' own-documents rights: Denis's order is not hers to read, its figures are."""
        self.assertFalse(
            self.env["sale.order"].with_user(self.kam).search([("partner_id", "=", self.group.id)])
        )
        self.assertAlmostEqual(
            self.group.with_user(self.kam).kam_revenue_ordered_last_year,
            self.group.with_user(self.kam_manager).kam_revenue_ordered_last_year,
        )
        if self.year == self.today.year - 1:
            self.assertAlmostEqual(self.group.with_user(self.kam).kam_revenue_ordered_last_year, 3500.0)

    def test_a_subsidiary_that_becomes_a_key_account_keeps_its_past_with_the_group(self):
        self.subsidiary.write(
            {"parent_id": False, "is_key_account": True, "key_account_manager_id": self.kam.id}
        )
        Measure = self.env["kam.measure"]
        start, end = Measure._year_bounds(self.year)
        values = Measure._compute_measure("ordered_revenue", [self.group.id, self.subsidiary.id], start, end)
        self.assertAlmostEqual(values.get(self.group.id, 0.0), 3500.0)
        self.assertFalse(values.get(self.subsidiary.id))
        # the documents themselves follow the group of today
        order = self.env["sale.order"].search([("partner_id", "=", self.subsidiary.id)], limit=1)
        self.assertEqual(order.key_account_id, self.subsidiary)

    def test_the_handover_wizard_moves_the_credit_from_its_date(self):
        Wizard = self.env["kam.handover"].with_context(active_model="res.partner", active_ids=self.group.ids)
        values = {"user_id": self.kam.id, "date": date(self.year, 9, 1)}
        with self.assertRaises(AccessError):
            Wizard.with_user(self.kam_other).create(values).action_apply()
        too_early = Wizard.with_user(self.kam_manager).create(
            dict(values, date=self.handover - timedelta(days=1))
        )
        with self.assertRaisesRegex(UserError, "hand it over from that day or later"):
            too_early.action_apply()
        wizard = Wizard.with_user(self.kam_manager).create(values)
        self.assertEqual(wizard.partner_ids, self.group)
        wizard.action_apply()
        self.assertEqual(self.group.key_account_manager_id, self.kam)
        Measure = self.env["kam.measure"]
        start, end = Measure._year_bounds(self.year)
        values = Measure._compute_measure(
            "ordered_revenue", [self.kam.id, self.kam_other.id], start, end, target="kam"
        )
        # o2 and o3 (15 September) follow the hand-over of 1 September back to Anne
        self.assertAlmostEqual(values[self.kam.id], 3500.0)
        self.assertFalse(values.get(self.kam_other.id))
        self.assertIn("Handed over from Bruno KAM to Anne KAM", self.group.message_ids[0].body)

    def test_the_roll_up_keeps_every_stored_dependant_current(self):
        """Stored fields that follow the key account through another record (negotiation rounds,
        escalation deadlines by tier) move with it when the group changes in SQL."""
        lead = self.env["crm.lead"].create(
            {"name": "Renewal", "type": "opportunity", "partner_id": self.sub_subsidiary.id}
        )
        negotiation = self.env["kam.negotiation"].create(
            {
                "name": "Rates",
                "lead_id": lead.id,
                "partner_id": self.sub_subsidiary.id,
                "user_id": self.kam.id,
            }
        )
        negotiation.round_ids = [Command.create({"our_offer": 100.0})]
        escalation = self.env["kam.escalation"].create(
            {"name": "Late deliveries", "partner_id": self.sub_subsidiary.id, "escalation_type": "delivery"}
        )
        self.assertEqual(negotiation.round_ids.key_account_id, self.group)
        strategic = self.env["kam.tier"].create({"name": "Stratégique 4 h", "escalation_response_hours": 4})
        self.assertNotEqual(strategic.escalation_response_hours, self.tier_key.escalation_response_hours)
        self.subsidiary.write(
            {
                "parent_id": False,
                "is_key_account": True,
                "key_account_manager_id": self.kam_other.id,
                "kam_tier_id": strategic.id,
            }
        )
        self.env.flush_all()
        self.env.invalidate_all()  # read what the database holds
        self.assertEqual(negotiation.round_ids.key_account_id, self.subsidiary)
        self.assertEqual(escalation.key_account_id, self.subsidiary)
        self.assertEqual(
            escalation.response_deadline,
            escalation.date_open + timedelta(hours=strategic.escalation_response_hours),
        )
