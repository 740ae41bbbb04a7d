from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceRequest(MiceCommon):
    def test_reference_duration_and_pipeline_start(self):
        request = self._create_request()
        self.assertRegex(request.name, r"^MICE/\d{4}/\d{4}$")
        self.assertEqual((request.duration_days, request.duration_nights), (3, 2))
        self.assertEqual(request.stage_id, self.env.ref("kam_mice.mice_stage_inquiry"))
        self.assertEqual(
            len(request.payment_schedule_ids), 3, "the default schedule: two deposits and the balance"
        )
        other = self._create_request()
        self.assertNotEqual(request.name, other.name)

    def test_form_fills_contact_subtype_and_currency(self):
        with Form(self.env["mice.request"]) as form:
            form.title = "Board meeting"
            form.partner_id = self.client
            form.event_type_id = self.meeting
            form.event_subtype_id = self.seminar
            form.date_start = date(2030, 5, 1)
            form.date_end = date(2030, 5, 1)
            form.attendees_expected = 12
            self.assertEqual(form.contact_id, self.contact)
            form.event_type_id = self.env.ref("kam_mice.mice_event_type_incentive")
            self.assertFalse(form.event_subtype_id, "a sub-type of another type is cleared")
        request = form.record
        self.assertEqual(request.currency_id, request.pricelist_id.currency_id or self.company.currency_id)
        self.assertEqual((request.duration_days, request.duration_nights), (1, 0))

    def test_bad_input_is_refused(self):
        request = self._create_request()
        bad_values = [
            ({"date_end": date(2030, 3, 1)}, "cannot end before it starts"),
            ({"attendees_expected": 0}, "must be positive"),
            ({"attendees_guaranteed": -5}, "must be positive"),
            ({"budget_amount": -1}, "cannot be negative"),
            ({"guarantee_due_date": date(2030, 4, 1)}, "due after the event starts"),
            ({"event_subtype_id": self.env.ref("kam_mice.mice_event_type_gala").id}, "not a sub-type"),
        ]
        for values, message in bad_values:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                with self.cr.savepoint():
                    request.write(values)
        self.assertEqual(request.attendees_expected, 40, "nothing half-written")
        # PostgreSQL holds the same rules whatever writes the rows
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute("UPDATE mice_request SET attendees_expected = -1 WHERE id = %s", [request.id])

    def test_guarantee_after_its_due_date_needs_a_manager(self):
        request = self._create_request(guarantee_due_date=date(2020, 1, 1), date_start=date(2030, 1, 1))
        with self.assertRaisesRegex(ValidationError, "only a MICE manager"):
            request.with_user(self.mice_user).attendees_guaranteed = 45
        request.with_user(self.mice_manager).attendees_guaranteed = 45
        self.assertEqual(request.attendees_guaranteed, 45)

    def test_three_date_options_at_most(self):
        request = self._create_request()
        options = [
            (0, 0, {"date_start": date(2030, 4, d), "date_end": date(2030, 4, d + 1)}) for d in (1, 8, 15)
        ]
        request.date_option_ids = options
        self.assertEqual(len(request.date_option_ids), 3)
        with self.assertRaisesRegex(ValidationError, "at most 3"):
            request.date_option_ids = [(0, 0, {"date_start": date(2030, 5, 1), "date_end": date(2030, 5, 2)})]

    def test_programme_item_outside_the_event_is_refused(self):
        request = self._create_request()
        with self.assertRaisesRegex(ValidationError, "outside the dates"):
            self.env["mice.programme.line"].create(
                {"request_id": request.id, "date": date(2030, 3, 20), "name": "Late dinner"}
            )

    def test_lost_with_reason_cancels_drafts(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        reason = self.env.ref("kam_mice.mice_lost_reason_price")
        wizard = (
            self.env["mice.request.lost"]
            .with_context(active_ids=request.ids)
            .create({"lost_reason_id": reason.id, "feedback": "Cheaper elsewhere"})
        )
        wizard.action_apply()
        self.assertEqual(request.state, "lost")
        self.assertEqual(request.lost_reason_id, reason)
        self.assertEqual(request.order_id.state, "cancel")
        with self.assertRaisesRegex(UserError, "lost or cancelled"):
            request.action_build_quotation()

    def test_request_from_opportunity_and_won_on_confirmation(self):
        lead = self.env["crm.lead"].create(
            {"name": "Kick-off in Lyon", "type": "opportunity", "partner_id": self.contact.id}
        )
        action = lead.action_create_mice_request()
        request = self.env["mice.request"].browse(action["res_id"])
        self.assertEqual(request.lead_id, lead)
        self.assertEqual(request.partner_id, self.client)
        self.assertEqual(request.contact_id, self.contact)
        self.assertEqual(lead.mice_request_count, 1)
        request.write({"date_start": date(2030, 3, 10), "date_end": date(2030, 3, 12)})
        self._add_programme(request)
        request.action_build_quotation()
        request.action_confirm()
        self.assertEqual(request.stage_id, self.env.ref("kam_mice.mice_stage_confirmed"))
        self.assertEqual(request.order_id.state, "sale")
        self.assertTrue(request.date_confirmed)
        self.assertTrue(lead.stage_id.is_won, "the opportunity is won with the request")

    def test_dashboard_figures_group_in_sql(self):
        confirmed = self._create_request()
        self._add_programme(confirmed)
        confirmed.action_build_quotation()
        confirmed.action_confirm()
        self._create_request()
        groups = self.env["mice.request"]._read_group(
            [("partner_id", "=", self.client.id)],
            ["partner_id"],
            ["amount_untaxed:sum", "conversion_rate:avg"],
        )
        [(partner, amount, conversion)] = groups
        self.assertEqual(partner, self.client)
        self.assertAlmostEqual(amount, confirmed.amount_untaxed)
        self.assertAlmostEqual(conversion, 50.0)

    def test_duration_reads_as_words(self):
        request = self._create_request()  # 10 to 12 March
        self.assertEqual(request.duration_label, "3 days, 2 nights")
        request.date_end = request.date_start
        self.assertEqual(request.duration_label, "1 day")
        request.date_end = date(2030, 3, 11)
        self.assertEqual(request.duration_label, "2 days, 1 night")

    def test_a_booking_line_without_its_space_yet(self):
        """The form's onchange with a booking line being typed (no space yet) breaks nothing."""
        request = self._create_request(attendees_guaranteed=30)
        self._book(request, self.boardroom, datetime(2030, 3, 10, 9), datetime(2030, 3, 10, 12), attendees=10)
        spec = {
            "booking_ids": {"fields": {"space_id": {}, "option_expiry": {}, "state": {}}},
            "capacity_warning": {},
        }
        new_line = {"option_expiry": "2030-03-01", "state": "option"}
        result = request.onchange({"booking_ids": [[0, "virtual_1", new_line]]}, ["booking_ids"], spec)
        # unchanged values are not sent back: the boardroom's warning stays as it was
        warning = result["value"].get("capacity_warning", request.capacity_warning)
        self.assertIn("exceed the capacity of Boardroom", warning)
