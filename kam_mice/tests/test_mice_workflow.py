from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceWorkflow(MiceCommon):
    """A request is confirmed by confirming its chosen proposal, never by its stage alone."""

    def test_the_confirmed_stage_follows_the_proposal(self):
        confirmed_stage = self.env["mice.request.stage"].search([("is_won", "=", True)], limit=1)
        request = self._create_request()
        as_user = request.with_user(self.mice_user)
        with self.assertRaisesRegex(UserError, "confirming its chosen proposal"):
            as_user.write({"stage_id": confirmed_stage.id})
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            as_user.write({"state": "lost"})
        self.assertFalse(request.is_confirmed)
        self.assertFalse(request.date_confirmed)
        with self.assertRaisesRegex(UserError, "confirming its chosen proposal"):
            self.env["mice.request"].with_user(self.mice_user).create(
                {
                    "title": "Already definite",
                    "partner_id": self.client.id,
                    "event_type_id": self.meeting.id,
                    "date_start": request.date_start,
                    "date_end": request.date_end,
                    "stage_id": confirmed_stage.id,
                }
            )
        # the Confirm button, through the chosen proposal (a salesperson's: Mia has no Sales rights)
        self._add_programme(request)
        request.action_build_quotation()
        request.action_confirm()
        self.assertTrue(request.is_confirmed)
        self.assertTrue(request.date_confirmed)
        other_stage = self.env["mice.request.stage"].search([("is_won", "=", False)], limit=1)
        with self.assertRaisesRegex(UserError, "stays confirmed"):
            as_user.write({"stage_id": other_stage.id})

    def test_the_confirmed_columns_plus_starts_an_open_request(self):
        confirmed_stage = self.env["mice.request.stage"].search([("is_won", "=", True)], limit=1)
        form = Form(
            self.env["mice.request"]
            .with_user(self.mice_user)
            .with_context(default_stage_id=confirmed_stage.id)
        )
        form.title = "Quick create in the Confirmed column"
        form.partner_id = self.client
        form.event_type_id = self.meeting
        form.date_start = date(2030, 5, 4)
        form.date_end = date(2030, 5, 5)
        request = form.save()
        self.assertEqual(request.stage_id, self.env["mice.request"]._default_stage_id())
        self.assertFalse(request.is_confirmed)

    def test_bookings_move_through_their_actions(self):
        request = self._create_request()
        booking = self._book(
            request,
            self.boardroom,
            self._dt(10, 9),
            self._dt(10, 12),
            attendees=10,
            state="option",
            option_expiry=date.today() + timedelta(days=10),
        )
        as_user = booking.with_user(self.mice_user)
        for state in ("confirmed", "released", "cancelled"):
            with (
                self.subTest(state=state),
                self.assertRaisesRegex(UserError, "changes only through its buttons"),
            ):
                as_user.write({"state": state})
        with self.assertRaisesRegex(UserError, "Only released or cancelled bookings"):
            as_user.action_reset_option()
        as_user.action_confirm()
        with self.assertRaisesRegex(UserError, "Only options can be confirmed"):
            as_user.action_confirm()
        as_user.action_release()
        self.assertEqual(booking.state, "released")

    def test_changing_sections_rebuilds_the_holds(self):
        first = self._create_request()
        second = self._create_request(title="Board meeting")
        ballroom_booking = self._book(first, self.ballroom, self._dt(10, 9), self._dt(10, 12))
        board_booking = self._book(second, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        Slot = self.env["mice.booking.slot"]

        def held(booking):
            return Slot.search([("booking_id", "=", booking.id)]).space_id

        self.assertEqual(held(ballroom_booking), self.ballroom | self.sections)
        # the boardroom cannot become a section while both are held at the same time, from either side
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            for space, vals in (
                (self.ballroom, {"section_ids": [Command.link(self.boardroom.id)]}),
                (self.boardroom, {"combination_ids": [Command.link(self.ballroom.id)]}),
            ):
                with (
                    self.subTest(space=space.name),
                    self.assertRaisesRegex(ValidationError, "cannot change"),
                    self.cr.savepoint(),
                ):
                    space.write(vals)
        self.assertNotIn(self.boardroom, self.ballroom.section_ids)
        self.assertEqual(held(ballroom_booking), self.ballroom | self.sections)
        self.assertEqual(held(board_booking), self.boardroom)
        # once the boardroom is free, it becomes a section: the ballroom's booking holds it too
        board_booking.with_user(self.mice_user).action_release()
        self.ballroom.section_ids = [Command.link(self.boardroom.id)]
        self.assertEqual(held(ballroom_booking), self.ballroom | self.sections | self.boardroom)
        with self.assertRaisesRegex(ValidationError, "already held"), self.cr.savepoint():
            self._book(second, self.boardroom, self._dt(10, 10), self._dt(10, 11), attendees=10)
        # a section taken out of the combination is free again
        self.ballroom.section_ids = [Command.unlink(self.sections[0].id)]
        self.assertNotIn(self.sections[0], held(ballroom_booking))
        self._book(second, self.sections[0], self._dt(10, 10), self._dt(10, 11))

    def test_proposals_and_instalments_move_through_their_actions(self):
        seller = new_test_user(
            self.env,
            "mice_seller",
            groups="kam_mice.group_mice_user,sales_team.group_sale_salesman_all_leads",
            name="Sam Seller",
        )
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        first = request.order_id
        request.action_build_quotation()
        second = request.order_id
        self.assertEqual(second.mice_version, 2)
        as_seller = second.with_user(seller)
        # a proposal is not confirmed (nor cancelled) by a bare write: its request would not follow
        for vals in (
            {"state": "sale"},
            {"state": "cancel"},
            {"mice_version": 7},
            {"mice_pending_attendees": 9},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "changes only through its buttons"),
            ):
                as_seller.write(vals)
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            self.env["sale.order"].with_user(seller).create(
                {"partner_id": self.client.id, "mice_request_id": request.id, "state": "sale"}
            )
        self.assertFalse(request.is_confirmed)
        # Odoo's own orders keep Odoo's rules
        plain = self.env["sale.order"].create({"partner_id": self.client.id})
        plain.with_user(seller).write({"state": "sent"})
        self.assertEqual(plain.state, "sent")
        # the buttons: send, confirm
        as_seller.action_quotation_sent()
        self.assertEqual(second.state, "sent")
        as_seller.action_confirm()
        self.assertTrue(request.is_confirmed)
        with self.assertRaisesRegex(UserError, "chosen proposal no longer changes"):
            request.with_user(seller).order_id = first
        with self.assertRaisesRegex(UserError, "stays that request's order"):
            as_seller.mice_request_id = self._create_request(title="Another one")
        # instalments: the invoice is set by invoicing, and an invoiced instalment keeps its terms
        deposit = request.payment_schedule_ids.sorted("sequence")[0]
        as_manager = deposit.with_user(self.mice_manager)
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            as_manager.write({"invoice_id": self.env["account.move"].search([], limit=1).id})
        deposit.action_create_invoice()
        self.assertTrue(deposit.invoice_id)
        with self.assertRaisesRegex(UserError, "is invoiced"):
            as_manager.percent = 10
        with self.assertRaisesRegex(UserError, "is invoiced"):
            as_manager.unlink()
        as_manager.name = "Acompte"  # its label stays editable

    def test_a_clash_reads_in_the_users_time_zone(self):
        """Held 07:00-12:00 UTC is 08:00-13:00 in Paris in March: the message says what the user typed."""
        first = self._create_request()
        second = self._create_request(title="Board meeting")
        section = self.sections[0]  # no setup or teardown time: held as booked
        self._book(first, section, self._dt(10, 7), self._dt(10, 12))
        paris = self.env(user=self.mice_user, context={"tz": "Europe/Paris", "lang": "en_US"})
        with self.assertRaises(ValidationError) as caught:
            paris["mice.booking"].create(
                {
                    "request_id": second.id,
                    "space_id": section.id,
                    "date_start": self._dt(10, 9),
                    "date_end": self._dt(10, 10),
                    "attendees": 10,
                    "option_expiry": date.today() + timedelta(days=5),
                }
            )
        message = str(caught.exception)
        self.assertIn("8:00 AM", message)
        self.assertIn("1:00 PM", message)
        self.assertNotIn("7:00", message)

    def test_an_option_expiring_in_the_past_is_refused(self):
        """A past expiry would release the option on the spot, silently: it is refused instead."""
        request = self._create_request()
        yesterday = date.today() - timedelta(days=1)
        values = {"attendees": 10, "state": "option", "option_expiry": yesterday}
        with self.assertRaisesRegex(ValidationError, "already past"):
            self._book(request, self.boardroom, self._dt(10, 9), self._dt(10, 12), **values)
        option = self._book(
            request,
            self.boardroom,
            self._dt(10, 9),
            self._dt(10, 12),
            **dict(values, option_expiry=date.today()),
        )
        as_user = option.with_user(self.mice_user)
        with self.assertRaisesRegex(ValidationError, "already past"):
            as_user.option_expiry = yesterday
        as_user.action_release()
        option.option_expiry = yesterday  # a released booking keeps its history
        with self.assertRaisesRegex(UserError, "give it a new expiry date first"):
            as_user.action_reset_option()
        as_user.option_expiry = date.today() + timedelta(days=7)
        as_user.action_reset_option()
        self.assertEqual(option.state, "option")
