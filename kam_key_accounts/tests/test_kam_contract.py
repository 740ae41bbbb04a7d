from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamContract(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create({"name": "Aurore framework rates"})
        cls.tender_type = cls.env["kam.tender.type"].create({"name": "Contract test type"})
        cls.env["ir.config_parameter"].set_param("kam_key_accounts.contract_renewal_margin_days", "30")

    @classmethod
    def _contract(cls, **values):
        return cls.env["kam.contract"].create(
            {
                "name": "Aurore framework",
                "partner_id": cls.group.id,
                "date_start": cls.today - relativedelta(months=6),
                "date_end": cls.today + relativedelta(months=18),
                "notice_period": 3,
                "notice_unit": "months",
                "committed_volume": 10000.0,
                "pricelist_id": cls.pricelist.id,
                **values,
            }
        )

    def test_notice_date_and_kam(self):
        contract = self._contract()
        self.assertEqual(contract.notice_date, contract.date_end - relativedelta(months=3))
        self.assertEqual(contract.user_id, self.kam)
        contract.write({"notice_period": 45, "notice_unit": "days"})
        self.assertEqual(contract.notice_date, contract.date_end - relativedelta(days=45))

    def test_lifecycle(self):
        contract = self._contract()
        self.assertEqual(contract.state, "draft")
        contract.action_start()
        self.assertEqual(contract.state, "running")
        action = contract.action_renew()
        renewal = self.env["kam.contract"].browse(action["res_id"])
        self.assertEqual(renewal.previous_contract_id, contract)
        self.assertEqual(renewal.date_start, contract.date_end + relativedelta(days=1))
        self.assertEqual(renewal.state, "draft")
        renewal.action_start()
        self.assertEqual(contract.state, "renewed")
        self.assertEqual(renewal.state, "running")
        renewal.action_terminate()
        self.assertEqual(renewal.state, "terminated")
        renewal.action_reset_draft()
        self.assertEqual(renewal.state, "draft")
        with self.assertUserError("Only draft", UserError):
            contract.action_start()

    def test_renewal_cron_is_idempotent(self):
        due = self._contract(date_end=self.today + relativedelta(months=3, days=10))  # notice in 10 days
        far = self._contract(
            name="Far",
            partner_id=self.env["res.partner"]
            .create(
                {
                    "name": "Other group",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
            )
            .id,
        )
        (due | far).action_start()
        Contract = self.env["kam.contract"]
        Contract._cron_renewals()
        self.assertEqual(due.state, "to_renew")
        self.assertEqual(far.state, "running")
        self.assertEqual(len(due.activity_ids), 1)
        self.assertEqual(due.activity_ids.user_id, self.kam)
        Contract._cron_renewals()
        self.assertEqual(len(due.activity_ids), 1, "a second run creates nothing")
        action = due.action_open_renewal_tender()
        self.assertEqual(action["res_model"], "kam.tender")
        self.assertEqual(due.renewal_tender_id.partner_id, self.group)
        self.assertEqual(due.action_open_renewal_tender()["res_id"], due.renewal_tender_id.id, "opened once")
        due.action_open_renewal_opportunity()
        self.assertEqual(due.renewal_lead_id.expected_revenue, 10000.0)

    def test_cron_ends_past_contracts(self):
        ended = self._contract(
            date_start=self.today - relativedelta(years=1), date_end=self.today - relativedelta(days=1)
        )
        tacit = self._contract(
            partner_id=self.env["res.partner"]
            .create(
                {
                    "name": "Tacit group",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
            )
            .id,
            date_start=self.today - relativedelta(years=1),
            date_end=self.today - relativedelta(days=1),
            tacit_renewal=True,
        )
        (ended | tacit).action_start()
        self.env["kam.contract"]._cron_renewals()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(tacit.state, "running")
        self.assertEqual(tacit.date_start, self.today)

    def test_orders_default_to_pricelist_and_consume_volume(self):
        contract = self._contract()
        contract.action_start()
        order = self._order(self.sub_subsidiary, 2500.0)
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertEqual(order.kam_contract_id, contract)
        self._order(self.group, 1500.0)
        self._order(self.group, 9999.0, confirm=False)
        self._order(self.outsider, 7777.0)
        self._order(self.group, 5555.0, when=self.today - relativedelta(years=2))
        contract.invalidate_recordset(["consumed_amount", "consumption_rate"])
        self.assertAlmostEqual(contract.consumed_amount, 4000.0)
        self.assertAlmostEqual(contract.consumption_rate, 40.0)
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.subsidiary
            self.assertEqual(form.pricelist_id, self.pricelist)
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.outsider
            self.assertNotEqual(form.pricelist_id, self.pricelist)

    def test_overlapping_running_contracts_refused(self):
        first = self._contract()
        first.action_start()
        second = self._contract(
            name="Overlap", date_start=self.today, date_end=self.today + relativedelta(years=3)
        )
        with self.assertUserError("one running contract at a time"):
            second.action_start()
        self.assertEqual(second.state, "draft")
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE kam_contract SET state = 'running' WHERE id = %s", [second.id]
            ),
            "Another running contract of this key account already covers these dates.",
        )
        # After the first one ends, the second may run.
        first.action_terminate()
        second.action_start()
        self.assertEqual(second.state, "running")

    def test_bad_input(self):
        with self.assertUserError("cannot end before it starts"):
            self._contract(date_end=self.today - relativedelta(years=1))
        with self.assertUserError("cannot be negative"):
            self._contract(committed_volume=-1.0)
        contract = self._contract()
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE kam_contract SET date_end = date_start - 1 WHERE id = %s", [contract.id]
            ),
            "A contract cannot end before it starts.",
        )

    def test_unflag_refused_with_running_contract(self):
        self._contract().action_start()
        with self.assertUserError("running framework contract"):
            self.group.is_key_account = False
        self.assertTrue(self.group.is_key_account)
        self.assertEqual(self.group.kam_contract_running_count, 1)

    def test_form_computes_kam_and_notice_date(self):
        with Form(self.env["kam.contract"].with_user(self.kam)) as form:
            form.name = "Form contract"
            form.partner_id = self.group
            self.assertEqual(form.user_id, self.kam)
            form.date_start = self.today
            form.date_end = self.today + relativedelta(years=2)
            form.notice_period = 2
            form.notice_unit = "months"
            self.assertEqual(form.notice_date, self.today + relativedelta(years=2) - relativedelta(months=2))
            form.notice_unit = "days"
            self.assertEqual(form.notice_date, self.today + relativedelta(years=2) - relativedelta(days=2))
        self.assertEqual(form.record.state, "draft")
