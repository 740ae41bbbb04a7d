from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceDeposits(MiceCommon):
    def _confirmed_request(self, **values):
        request = self._create_request(**values)
        self._add_programme(request)
        request.action_build_quotation()
        request.action_confirm()
        return request

    def test_deposit_at_confirmation_then_idempotent_cron(self):
        with freeze_time("2030-01-05"):
            request = self._confirmed_request()
            order = request.order_id
            deposit, second, balance = request.payment_schedule_ids.sorted("sequence")
            self.assertEqual(deposit.due_date, date(2030, 1, 5))
            self.assertEqual(second.due_date, date(2030, 2, 8), "D-30 before the 10 March start")
            self.assertEqual(balance.due_date, date(2030, 3, 12))
            Schedule = self.env["mice.payment.schedule"]
            Schedule._cron_invoice_due()
            self.assertTrue(deposit.invoice_id)
            self.assertFalse(second.invoice_id)
            self.assertAlmostEqual(deposit.invoice_id.amount_untaxed, round(order.amount_untaxed * 0.3, 2))
            self.assertTrue(deposit.invoice_id.invoice_line_ids.sale_line_ids.is_downpayment)
            self.assertEqual(deposit.status, "invoiced")
            Schedule._cron_invoice_due()
            self.assertEqual(len(order.invoice_ids), 1, "a second run invoices nothing twice")
        with freeze_time("2030-02-10"):
            Schedule._cron_invoice_due()
            self.assertAlmostEqual(second.invoice_id.amount_untaxed, round(order.amount_untaxed * 0.5, 2))
            self.assertFalse(balance.invoice_id)
        with freeze_time("2030-03-13"):
            Schedule._cron_invoice_due()
            self.assertTrue(balance.invoice_id)
            self.assertAlmostEqual(
                balance.invoice_id.amount_untaxed,
                order.amount_untaxed - deposit.invoice_id.amount_untaxed - second.invoice_id.amount_untaxed,
                msg="the balance deducts the deposits",
            )
            self.assertEqual(len(order.invoice_ids), 3)

    def test_drafts_are_never_invoiced(self):
        with freeze_time("2030-01-05"):
            request = self._create_request()
            self._add_programme(request)
            request.action_build_quotation()
            request.payment_schedule_ids[0].trigger = "before_start"
            request.payment_schedule_ids[0].days = 300
            self.env["mice.payment.schedule"]._cron_invoice_due()
            self.assertFalse(request.order_id.invoice_ids)


@tagged("post_install", "-at_install")
class TestMiceAttrition(MiceCommon):
    def test_actual_below_minimum_is_invoiced_on_the_minimum(self):
        request = self._create_request(attendees_guaranteed=100, attrition_percent=90)
        self._add_programme(request)
        request.action_build_quotation()
        request.action_confirm()
        order = request.order_id
        self.assertEqual(request.attendees_minimum, 90)
        request.attendees_actual = 80
        self.assertEqual(request.attendees_billable, 90, "invoiced on the minimum")
        self.assertEqual(request.attrition_gap, 10)
        self.assertEqual(order.mice_pending_attendees, 90)
        with freeze_time("2030-03-20"):
            self.env["mice.payment.schedule"]._cron_invoice_due()
            balance = request.payment_schedule_ids.filtered("is_balance")
            self.assertFalse(balance.invoice_id, "the final invoice waits for the attendee update")
            order.action_mice_apply_attendees()
            package = order.order_line.filtered(lambda line: line.product_id == self.product_meeting_package)
            self.assertEqual(package.product_uom_qty, 90)
            self.env["mice.payment.schedule"]._cron_invoice_due()
            self.assertTrue(balance.invoice_id)
            self.assertAlmostEqual(sum(order.invoice_ids.mapped("amount_untaxed")), order.amount_untaxed)

    def test_actual_above_minimum_is_invoiced_on_actual(self):
        request = self._create_request(attendees_guaranteed=100, attrition_percent=90)
        request.attendees_actual = 97
        self.assertEqual((request.attendees_billable, request.attrition_gap), (97, 0))
        request.attendees_actual = 0
        self.assertEqual(request.attendees_billable, 100, "the guarantee until the actual count is known")
