from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from odoo import fields
from odoo.tests import tagged

from .common import KamCommon
from .properties import AMOUNTS, COUNTS, DATES, DATETIMES, HTML, SETTINGS, TEXT, PropertyMixin


def five_years_after(day):
    """The first day a plan starting on ``day`` may no longer cover (None past year 9999)."""
    try:
        return day + relativedelta(years=5)
    except ValueError:
        return None


@tagged("post_install", "-at_install")
class TestKeyAccountProperties(PropertyMixin, KamCommon):
    """Generated bad input on plans, objectives and tenders: stored as given, or refused cleanly."""

    property_tables = ("kam_account_plan", "kam_plan_objective", "kam_tender", "kam_tender_document")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = cls.today.year
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "name": "Aurore plan",
                "partner_id": cls.group.id,
                "date_start": date(cls.year, 1, 1),
                "date_end": date(cls.year + 1, 12, 31),
            }
        )
        cls.tender_type = cls.env["kam.tender.type"].create({"name": "Generated type"})
        cls.tender = cls.env["kam.tender"].create(
            {
                "name": "Framework",
                "partner_id": cls.subsidiary.id,
                "type_id": cls.tender_type.id,
                "submission_deadline": datetime(2100, 1, 1),
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.print_stats("kam")
        super().tearDownClass()

    @staticmethod
    def _plan_period_is_valid(start, end):
        limit = five_years_after(start)
        return start <= end and (limit is None or end < limit)

    def _assert_html(self, stored, given, record, name):
        self.assertEqual(stored or False, record._fields[name].convert_to_cache(given, record) or False)
        self.assertNotIn("<script", stored or "")

    @SETTINGS
    @given(name=TEXT, start=DATES, end=DATES, context=HTML)
    def test_plan_create(self, name, start, end, context):
        def create(env):
            return env["kam.account.plan"].create(
                {
                    "name": name,
                    "partner_id": self.group.id,
                    "date_start": start,
                    "date_end": end,
                    "market_context": context,
                }
            )

        def check(plan):
            self.assertEqual((plan.name, plan.date_start, plan.date_end), (name, start, end))
            self._assert_html(plan.market_context, context, plan, "market_context")

        self.assertAcceptedOrRefused(
            "kam.account.plan create", create, check, self._plan_period_is_valid(start, end)
        )

    @SETTINGS
    @given(start=DATES, end=DATES)
    def test_plan_write_period(self, start, end):
        def write(env):
            self.plan.with_env(env).write({"date_start": start, "date_end": end})
            return self.plan

        def check(plan):
            self.assertEqual((plan.date_start, plan.date_end), (start, end))

        self.assertAcceptedOrRefused(
            "kam.account.plan write", write, check, self._plan_period_is_valid(start, end)
        )

    @SETTINGS
    @given(
        objectives=st.lists(
            st.tuples(
                st.sampled_from(["ordered_revenue", "invoiced_revenue", "qualitative", "won_count"]),
                st.one_of(
                    st.sampled_from([date.today().year, date.today().year + 1]),
                    st.sampled_from([date.today().year, date.today().year + 1]),
                    st.integers(date.today().year - 1, date.today().year + 2),
                    COUNTS,
                ),
                st.one_of(st.floats(0, 1e6), AMOUNTS),
                TEXT,
            ),
            min_size=1,
            max_size=2,
        )
    )
    def test_objectives(self, objectives):
        plan = self.plan
        keys = [(measure, year) for measure, year, _target, _name in objectives if measure != "qualitative"]
        valid = all(
            plan.date_start.year <= year <= plan.date_end.year and target >= 0
            for _measure, year, target, _name in objectives
        ) and len(keys) == len(set(keys))

        def create(env):
            return env["kam.plan.objective"].create(
                [
                    {"plan_id": plan.id, "measure": measure, "year": year, "target": target, "name": name}
                    for measure, year, target, name in objectives
                ]
            )

        def check(records):
            self.assertEqual(
                [(o.measure, o.year, o.target, o.name or "") for o in records],
                [(measure, year, target, name) for measure, year, target, name in objectives],
            )

        self.assertAcceptedOrRefused("kam.plan.objective create", create, check, valid)

    @SETTINGS
    @given(
        name=TEXT,
        reference=TEXT,
        lots=TEXT,
        questions=st.one_of(st.none(), DATETIMES),
        submission=DATETIMES,
        amounts=st.tuples(AMOUNTS, AMOUNTS, AMOUNTS),
    )
    def test_tender_create(self, name, reference, lots, questions, submission, amounts):
        currency = self.currency
        now = fields.Datetime.now()
        valid = (
            submission >= now
            and (questions is None or questions <= submission)
            and all(currency.round(amount) >= 0 for amount in amounts)
        )

        def create(env):
            return env["kam.tender"].create(
                {
                    "name": name,
                    "client_reference": reference,
                    "lots": lots,
                    "partner_id": self.subsidiary.id,
                    "type_id": self.tender_type.id,
                    "questions_deadline": questions or False,
                    "submission_deadline": submission,
                    "estimated_value": amounts[0],
                    "bid_amount": amounts[1],
                    "winning_price": amounts[2],
                }
            )

        def check(tender):
            self.assertEqual(
                (tender.name, tender.client_reference or "", tender.lots or ""), (name, reference, lots)
            )
            self.assertEqual(
                (tender.submission_deadline, tender.questions_deadline or None), (submission, questions)
            )
            stored = (tender.estimated_value, tender.bid_amount, tender.winning_price)
            for stored_amount, amount in zip(stored, amounts, strict=True):
                self.assertStoredAmount(stored_amount, amount, currency)

        self.assertAcceptedOrRefused("kam.tender create", create, check, valid)

    @SETTINGS
    @given(questions=DATETIMES, submission=DATETIMES, bid=AMOUNTS)
    def test_tender_write(self, questions, submission, bid):
        tender = self.tender
        valid = questions <= submission and self.currency.round(bid) >= 0

        def write(env):
            tender.with_env(env).write(
                {"questions_deadline": questions, "submission_deadline": submission, "bid_amount": bid}
            )
            return tender

        def check(record):
            self.assertEqual((record.questions_deadline, record.submission_deadline), (questions, submission))
            self.assertStoredAmount(record.bid_amount, bid, self.currency)

        self.assertAcceptedOrRefused("kam.tender write", write, check, valid)
