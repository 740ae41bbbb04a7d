import subprocess
from datetime import date

from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KamCommon


def pdf_text(env, report, records):
    """The text of a report printed as a real PDF (wkhtmltopdf), in the order of the HTML, one
    space between words (no-break and narrow no-break spaces included)."""
    Report = env["ir.actions.report"].with_context(force_report_rendering=True)
    pdf, kind = Report._render_qweb_pdf(report, records.ids)
    assert kind == "pdf" and pdf.startswith(b"%PDF-"), pdf[:60]
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True)
    # Odoo puts a zero-width space between a minus sign and the amount
    return " ".join(result.stdout.decode().replace("\u200b", "").split())


@tagged("post_install", "-at_install")
class TestKamPayStatement(KamCommon):
    """Last year's statements of a KAM paid on one objective: 400,000 of ordered revenue, 12,000 of
    variable pay at target, linear from the 80 % threshold. Year to date: a quarter's statement
    reads the orders from the 1st of January to its end against a quarter of the target per
    quarter elapsed, and pays that share of the variable target at the payout rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = cls.today.year - 1
        cls.scheme = cls.env["kam.pay.scheme"].create(
            {"user_id": cls.kam.id, "year": cls.year, "annual_pay": 60000, "variable_share": 20}
        )
        cls.objective = cls.env["kam.objective"].create(
            {"user_id": cls.kam.id, "year": cls.year, "target": 400000, "name": "CA commandé"}
        )
        # Q1: 100,000 ordered (60,000 + 40,000), the second order cancelled in Q2
        cls._order(cls.subsidiary, 60000.0, when=date(cls.year, 2, 15))
        cls.q1_order = cls._order(cls.sub_subsidiary, 40000.0, when=date(cls.year, 3, 10))
        cls.Statement = cls.env["kam.pay.statement"].with_user(cls.kam_manager)

    def _statement(self, period):
        statement = self.Statement.create({"scheme_id": self.scheme.id, "period": period})
        statement.action_compute()
        return statement

    def _close(self, statement):
        statement.action_submit()
        statement.action_approve()

    def test_a_quarter_reads_the_year_to_date(self):
        q1 = self._statement("q1")
        self.assertEqual((q1.date_from, q1.date_to), (date(self.year, 1, 1), date(self.year, 3, 31)))
        self.assertEqual(q1.name, f"Q1 {self.year} - Anne KAM")
        line = q1.line_ids
        self.assertEqual(line.objective_id, self.objective)
        # a quarter of the yearly target; 100,000 ordered: 100 %, paid linearly
        self.assertEqual((line.target, line.actual, line.achievement), (100000, 100000, 100))
        self.assertEqual((q1.achievement, q1.payout_rate, q1.variable_target), (100, 100, 12000))
        self.assertEqual(q1.ytd_payout, 3000)  # 12,000 x 1/4 x 100 %
        self.assertEqual((q1.paid_before, q1.adjustment_amount, q1.amount_due), (0, 0, 3000))

    def test_the_third_quarter_pays_what_the_first_two_did_not(self):
        """400,000 a year, 300,000 ordered at the end of Q3: 100 %, 9,000 year to date."""
        self._order(self.subsidiary, 100000.0, when=date(self.year, 5, 15))
        self._order(self.subsidiary, 100000.0, when=date(self.year, 8, 15))
        self._order(self.subsidiary, 50000.0, when=date(self.year, 10, 1))  # Q4: not in Q3's statement
        q1 = self._statement("q1")
        self._close(q1)
        q2 = self._statement("q2")
        self.assertEqual((q2.achievement, q2.ytd_payout, q2.paid_before), (100, 6000, 3000))
        self._close(q2)
        q3 = self._statement("q3")
        self.assertEqual((q3.line_ids.target, q3.line_ids.actual), (300000, 300000))
        self.assertEqual((q3.achievement, q3.payout_rate, q3.ytd_payout), (100, 100, 9000))
        self.assertEqual((q3.previous_statement_id, q3.paid_before), (q2, 6000))
        self.assertEqual((q3.previous_payout_now, q3.adjustment_amount), (6000, 0))
        self.assertEqual((q3.period_amount, q3.amount_due), (3000, 3000))
        # the year: 350,000 of 400,000 is 87.5 %, paid 87.5 % of 12,000 = 10,500, 1,500 more than Q3
        self._close(q3)
        year = self._statement("year")
        self.assertEqual((year.achievement, year.ytd_payout, year.amount_due), (87.5, 10500, 1500))

    def test_a_cancelled_order_of_an_approved_quarter_shows_on_the_next(self):
        q1 = self._statement("q1")
        self._close(q1)
        self.assertEqual((q1.state, q1.approved_by_id, q1.amount_due), ("approved", self.kam_manager, 3000))
        # in Q2: Q1's 40,000 order is cancelled, 100,000 more ordered
        self.q1_order._action_cancel()
        self._order(self.subsidiary, 100000.0, when=date(self.year, 5, 15))
        q2 = self._statement("q2")
        # Q1 stays as approved
        self.assertEqual((q1.line_ids.actual, q1.achievement, q1.amount_due), (100000, 100, 3000))
        # Q2 year to date: 160,000 of 200,000 = 80 %, at the threshold: 12,000 x 2/4 x 80 % = 4,800
        self.assertEqual((q2.line_ids.target, q2.line_ids.actual), (200000, 160000))
        self.assertEqual((q2.achievement, q2.payout_rate, q2.ytd_payout), (80, 80, 4800))
        # Q1 recomputed today: 60,000 of 100,000 = 60 %, below the threshold: nothing, 3,000 paid
        self.assertEqual((q2.previous_statement_id, q2.previous_achievement), (q1, 100))
        self.assertEqual((q2.previous_achievement_now, q2.previous_payout_now), (60, 0))
        self.assertEqual((q2.paid_before, q2.adjustment_amount), (3000, -3000))
        self.assertEqual((q2.period_amount, q2.amount_due), (4800, 1800))

    def test_objectives_count_from_their_own_period(self):
        """A quarterly objective and a qualitative one count, whole, once their period has ended."""
        Objective = self.env["kam.objective"]
        quarterly = Objective.create(
            {
                "user_id": self.kam.id,
                "year": self.year,
                "period_type": "quarter",
                "quarter": "2",
                "measure": "won_count",
                "target": 4,
                "weight": 2,
            }
        )
        qualitative = Objective.create(
            {
                "user_id": self.kam.id,
                "year": self.year,
                "measure": "qualitative",
                "name": "Référencement",
                "target": 100,
                "manual_actual": 50,
            }
        )
        self.assertEqual(self._statement("q1").line_ids.objective_id, self.objective)
        q2 = self._statement("q2")
        self.assertEqual(q2.line_ids.objective_id, self.objective | quarterly)
        # (50 % x 1 + 0 % x 2) / 3: below the threshold
        self.assertAlmostEqual(q2.achievement, 50 / 3)
        self.assertEqual(q2.ytd_payout, 0)
        year = self._statement("year")
        self.assertEqual(year.line_ids.objective_id, self.objective | quarterly | qualitative)
        self.assertEqual(year.line_ids.filtered(lambda line: line.objective_id == qualitative).target, 100)

    def test_approved_statements_are_read_only(self):
        q1 = self._statement("q1")
        self._close(q1)
        for user in (self.kam_manager, self.kam):
            for vals in ({"note": "changed"}, {"state": "draft"}, {"ytd_payout": 0}, {"period": "q2"}):
                with self.subTest(user=user.name, vals=vals), self.assertNoLogs("odoo.sql_db", "ERROR"):
                    with self.assertRaises(UserError) as caught:
                        # what a JSON-RPC call_kw does with a write
                        api.call_kw(
                            self.env["kam.pay.statement"].with_user(user), "write", [q1.ids, vals], {}
                        )
                    self.assertIn("no longer a draft", str(caught.exception))
            with self.subTest(user=user.name, lines=True), self.assertRaises(UserError):
                api.call_kw(
                    self.env["kam.pay.statement.line"].with_user(user),
                    "write",
                    [q1.line_ids.ids, {"actual": 0}],
                    {},
                )
        with self.assertRaises(UserError):
            q1.unlink()
        with self.assertRaises(UserError):
            q1.action_reset_draft()
        self.assertEqual((q1.state, q1.amount_due, q1.line_ids.actual), ("approved", 3000, 100000))

    def test_states_move_by_their_buttons(self):
        draft = self.Statement.create({"scheme_id": self.scheme.id, "period": "q1"})
        with self.assertUserError("changes only through its buttons", UserError):
            draft.write({"state": "approved"})
        with self.assertUserError("changes only through its buttons", UserError):
            draft.write({"amount_due": 0, "ytd_payout": 50000})
        with self.assertUserError("come from its Compute button", UserError):
            self.env["kam.pay.statement.line"].with_user(self.kam_manager).create(
                {"statement_id": draft.id, "name": "Bonus", "measure": "qualitative", "actual": 1}
            )
        with self.assertUserError("Compute", UserError):
            draft.action_submit()
        draft.action_compute()
        draft.action_submit()
        draft.action_reset_draft()
        draft.action_cancel()
        draft.action_reset_draft()
        draft.action_submit()
        # an earlier period waits: the later one is not approved before it
        self.scheme.variable_share = 30  # the terms change after Q1's statement: Q1 keeps its own
        q2 = self._statement("q2")
        q2.action_submit()
        with self.assertUserError("earlier statements first", UserError):
            q2.action_approve()
        draft.action_approve()
        self.assertEqual((draft.variable_target, draft.amount_due), (12000, 3000))
        with self.assertUserError("compute it again", UserError):
            q2.action_approve()
        q2.action_reset_draft()
        q2.action_compute()
        q2.action_submit()
        q2.action_approve()
        # 18,000 x 2/4 x 50 % (100,000 of 200,000: below the threshold, nothing)
        self.assertEqual((q2.variable_target, q2.ytd_payout, q2.amount_due), (18000, 0, -3000))

    def test_one_statement_per_period(self):
        self.Statement.create({"scheme_id": self.scheme.id, "period": "q4"})
        self.assertRefusedBeforeSql(
            lambda: self.Statement.create({"scheme_id": self.scheme.id, "period": "q4"}),
            "one statement per period",
        )
        self.assertRefusedBeforeSql(
            lambda: self.Statement.create({"scheme_id": self.scheme.id, "period": "year"}),
            "closes the fourth quarter",
        )
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "INSERT INTO kam_pay_statement (scheme_id, period, date_to, state) "
                "VALUES (%s, 'year', %s, 'draft')",
                [self.scheme.id, date(self.year, 12, 31)],
            ),
            "closes the fourth quarter",
        )

    def test_the_manager_approves_the_kam_reads_their_own(self):
        q1 = self._statement("q1")
        other_scheme = self.env["kam.pay.scheme"].create({"user_id": self.kam_other.id, "year": self.year})
        other = self.Statement.create({"scheme_id": other_scheme.id, "period": "q1"})
        q1.action_submit()
        # the submitted statement waits for the managers, in their queue
        queue = self.Statement.search([("kam_awaiting_my_approval", "=", True)])
        self.assertIn(q1, queue)
        as_kam = self.env["kam.pay.statement"].with_user(self.kam)
        self.assertEqual(as_kam.search([("scheme_id.year", "=", self.year)]), q1)
        self.assertEqual(q1.with_user(self.kam).amount_due, 3000)
        with self.assertRaises(AccessError):
            other.with_user(self.kam).read(["amount_due"])
        with self.assertUserError("Only a Key Accounts manager", AccessError):
            q1.with_user(self.kam).action_approve()
        with self.assertRaises(AccessError):
            as_kam.create({"scheme_id": self.scheme.id, "period": "q2"})
        with self.assertRaises(AccessError):
            self.env["kam.pay.statement"].with_user(self.salesman).search([])
        q1.action_approve()
        self.assertFalse(self.Statement.search([("kam_awaiting_my_approval", "=", True), ("id", "=", q1.id)]))
        self.assertEqual(self.scheme.statement_count, 1)

    def test_generate_a_period_for_every_scheme(self):
        other_scheme = self.env["kam.pay.scheme"].create(
            {"user_id": self.kam_other.id, "year": self.year, "annual_pay": 50000, "variable_share": 10}
        )
        made = self._statement("q1")
        wizard = Form(self.env["kam.pay.statement.generate"].with_user(self.kam_manager))
        wizard.year = self.year
        wizard.period = "q1"
        action = wizard.save().action_generate()
        statements = self.Statement.search(action["domain"])
        self.assertEqual(statements.scheme_id, self.scheme | other_scheme)
        self.assertIn(made, statements)  # kept, not made twice
        new = statements - made
        self.assertTrue(new.computed_date)
        # Bruno has no objective: no achievement, nothing to pay
        self.assertEqual((new.achievement, new.amount_due, new.state), (0, 0, "draft"))
        with self.assertRaises(AccessError):
            self.env["kam.pay.statement.generate"].with_user(self.kam).create(
                {"year": self.year, "period": "q1"}
            )

    def _print(self, statement, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.kam.lang = lang
        return pdf_text(self.env, "kam_key_accounts.kam_pay_statement_report_action", statement)

    def test_the_statement_prints_in_english_and_french(self):
        self.assertEqual(self.currency.name, "USD")  # the test database's company
        q1 = self._statement("q1")
        self._close(q1)
        self.q1_order._action_cancel()
        self._order(self.subsidiary, 100000.0, when=date(self.year, 5, 15))
        q2 = self._statement("q2")

        text = self._print(q2, "en_US")
        self.assertIn(f"Q2 {self.year} - Anne KAM", text)
        self.assertIn(
            f"CA commandé Ordered Revenue 06/30/{self.year} $ 200,000.00 $ 160,000.00 80.0 % 1", text
        )
        self.assertIn("Weighted achievement 80.0 %", text)
        self.assertIn("Year-to-date payout $ 4,800.00", text)
        self.assertIn("Paid for earlier periods $ 3,000.00", text)
        self.assertIn("achievement 100.0 % then, 60.0 % today) $ 0.00", text)
        self.assertIn("Difference on earlier periods $ -3,000.00", text)
        self.assertIn("Amount due $ 1,800.00", text)

        # in the KAM's language, whoever prints it: French words and figures
        template = self.env.ref("kam_key_accounts.kam_pay_statement_report_document")
        template.update_field_translations("arch_db", {"fr_FR": {"Amount due": "Montant dû"}})
        text = self._print(q2, "fr_FR")
        # the measure's French name, French dates and numbers (the dollar keeps its place before them)
        self.assertIn(f"CA commandé CA commandé 30/06/{self.year} $ 200 000,00 $ 160 000,00 80,0 % 1", text)
        self.assertIn("$ 4 800,00", text)
        self.assertIn("$ -3 000,00", text)
        self.assertIn("Montant dû $ 1 800,00", text)
        self.assertNotIn("Amount due", text)

    def test_demo_statements(self):
        """Claire's Q1 and Q2 approved by Sophie, in order; her Q3 and Julien's Q1 computed, in draft."""
        q1, q2, q3, julien = (
            self.env.ref(f"kam_key_accounts.demo_pay_statement_{name}")
            for name in ("claire_q1", "claire_q2", "claire_q3", "julien_q1")
        )
        sophie = self.env.ref("kam_key_accounts.demo_user_sophie")
        self.assertEqual((q1 | q2).mapped("state"), ["approved", "approved"])
        self.assertEqual((q1 | q2).approved_by_id, sophie)
        self.assertEqual((q3.state, julien.state), ("draft", "draft"))
        self.assertTrue(q3.computed_date and julien.computed_date)
        self.assertEqual((q2.previous_statement_id, q2.paid_before), (q1, q1.amount_due))
        self.assertEqual(q3.previous_statement_id, q2)
        self.assertAlmostEqual(q3.paid_before, q1.amount_due + q2.amount_due)
        self.assertTrue(q3.line_ids, "Claire's yearly objectives count in her third quarter")
