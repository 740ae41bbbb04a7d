from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceBooking(MiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._create_request(title="Kick-off")
        cls.other_request = cls._create_request(title="Product launch")
        cls.expiry = date.today() + timedelta(days=10)

    def test_overlap_is_refused_naming_the_request(self):
        self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        with self.assertRaisesRegex(ValidationError, f"by {self.request.name} \\(Acme Industries\\)"):
            with self.cr.savepoint():
                self._book(
                    self.other_request, self.boardroom, self._dt(10, 11), self._dt(10, 13), attendees=10
                )
        # back to back is fine once setup and teardown are out of the way
        after = self._book(
            self.other_request, self.boardroom, self._dt(10, 14), self._dt(10, 16), attendees=10
        )
        self.assertTrue(after.slot_ids)

    def test_setup_and_teardown_are_held(self):
        self.boardroom.write({"setup_hours": 1.0, "teardown_hours": 1.0})
        booking = self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        self.assertEqual((booking.hold_start, booking.hold_end), (self._dt(10, 8), self._dt(10, 13)))
        with self.assertRaisesRegex(ValidationError, "already held"), self.cr.savepoint():
            self._book(self.other_request, self.boardroom, self._dt(10, 13), self._dt(10, 15), attendees=10)

    def test_combination_holds_its_sections_and_the_other_way_round(self):
        ballroom = self._book(self.request, self.ballroom, self._dt(10, 9), self._dt(10, 18))
        self.assertEqual(ballroom.slot_ids.space_id, self.ballroom | self.sections)
        with self.assertRaisesRegex(ValidationError, f"Ballroom is already held .* by {self.request.name}"):
            with self.cr.savepoint():
                self._book(self.other_request, self.sections[1], self._dt(10, 10), self._dt(10, 11))
        ballroom.action_release()
        self.assertFalse(ballroom.slot_ids)
        section = self._book(self.other_request, self.sections[0], self._dt(10, 10), self._dt(10, 11))
        ballroom.option_expiry = self.expiry
        with self.assertRaisesRegex(ValidationError, self.other_request.name), self.cr.savepoint():
            ballroom.action_reset_option()  # a first option holds the space again: the section is taken
        self.assertTrue(section.holds_space)

    def test_options_wait_in_rank_and_are_promoted(self):
        first = self._book(
            self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
            attendees=10, state="option", option_rank="1", option_expiry=self.expiry,
        )  # fmt: skip
        second = self._book(
            self.other_request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
            attendees=10, state="option", option_rank="2", option_expiry=self.expiry,
        )  # fmt: skip
        self.assertTrue(first.holds_space)
        self.assertFalse(second.holds_space, "a 2nd option waits")
        first.action_release()
        self.assertEqual(second.option_rank, "1")
        self.assertTrue(second.holds_space)
        self.assertTrue(second.slot_ids)
        activity = second.activity_ids
        self.assertEqual(activity.user_id, self.other_request.user_id)
        self.assertIn(self.other_request.name, activity.note)

    def test_expired_option_is_released_by_cron_and_never_blocks(self):
        with freeze_time(self.expiry - timedelta(days=20)):
            first = self._book(
                self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
                attendees=10, state="option", option_rank="1", option_expiry=self.expiry - timedelta(days=5),
            )  # fmt: skip
            second = self._book(
                self.other_request, self.boardroom, self._dt(10, 9), self._dt(10, 10),
                attendees=10, state="option", option_rank="2", option_expiry=self.expiry,
            )  # fmt: skip
        with freeze_time(self.expiry):
            first.invalidate_recordset(["is_expired"])
            self.assertTrue(first.is_expired, "read after its expiry date, the option shows as expired")
            self.assertEqual(first.state, "option", "the cron has not run yet")
            # another request books the space: the expired option is released on the spot, and the
            # 2nd option, now 1st, holds the space
            third_request = self._create_request(title="Board")
            with self.assertRaisesRegex(ValidationError, f"held .* by {self.other_request.name}"):
                self._book(third_request, self.boardroom, self._dt(10, 9), self._dt(10, 10), attendees=5)
            self.assertEqual(first.state, "released")
            self.assertEqual(second.option_rank, "1")
            # the expired option itself never blocked: the hours only it held are free
            free = self._book(third_request, self.boardroom, self._dt(10, 12), self._dt(10, 13), attendees=5)
            self.assertTrue(free.holds_space)
            self.env["mice.booking"]._cron_expire_options()
            self.assertEqual(first.state, "released", "idempotent")

    def test_cron_expires_and_promotes(self):
        with freeze_time(self.expiry - timedelta(days=20)):
            first = self._book(
                self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
                attendees=10, state="option", option_rank="1", option_expiry=self.expiry - timedelta(days=15),
            )  # fmt: skip
            second = self._book(
                self.other_request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
                attendees=10, state="option", option_rank="2", option_expiry=self.expiry,
            )  # fmt: skip
        self.env["mice.booking"]._cron_expire_options()
        self.assertEqual(first.state, "released")
        self.assertEqual(second.option_rank, "1")
        self.assertTrue(second.activity_ids)
        self.env["mice.booking"]._cron_expire_options()
        self.assertEqual(len(second.activity_ids), 1, "a second run changes nothing")

    def test_bad_bookings_are_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "seats 12 people in Boardroom layout"),
            self.cr.savepoint(),
        ):
            self._book(
                self.request,
                self.boardroom,
                self._dt(10, 9),
                self._dt(10, 12),
                attendees=25,
                layout="boardroom",
            )
        # refused before the INSERT with our message, not PostgreSQL's
        for values, message in [
            ({"date_end": self._dt(10, 8)}, "must end after it starts"),
            ({"attendees": 0}, "at least one person"),
            ({"setup_hours": -1.0}, "cannot be negative"),
            ({"state": "option"}, "needs a rank and an expiry date"),
        ]:
            with self.subTest(values=values):
                with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                    self._book(
                        self.request,
                        self.boardroom,
                        self._dt(10, 9),
                        self._dt(10, 12),
                        **{"attendees": 10, **values},
                    )
        # PostgreSQL holds the same rules whatever writes the rows
        booking = self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        with mute_logger("odoo.sql_db"):
            with (
                self.assertRaisesRegex(IntegrityError, "mice_booking_booking_dates_ordered"),
                self.cr.savepoint(),
            ):
                self.env.cr.execute(
                    "UPDATE mice_booking SET date_end = date_start WHERE id = %s", [booking.id]
                )
        booking.unlink()
        self.boardroom.active = False
        with self.assertRaisesRegex(ValidationError, "archived"), self.cr.savepoint():
            self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        with self.assertRaisesRegex(ValidationError, "cannot include itself"), self.cr.savepoint():
            self.sections[0].section_ids = [Command.link(self.ballroom.id)]

    def test_manager_forces_capacity_user_cannot(self):
        values = {
            "request_id": self.request.id,
            "space_id": self.boardroom.id,
            "date_start": self._dt(10, 9),
            "date_end": self._dt(10, 12),
            "layout": "boardroom",
            "attendees": 14,
            "state": "confirmed",
            "force_capacity": True,
        }
        # created as a first option, confirmed by its action (a state is not set on create)
        values.update(state="option", option_expiry=self.expiry)
        Booking = self.env["mice.booking"]
        with self.assertRaises(AccessError), self.cr.savepoint():
            Booking.with_user(self.mice_user).create(values)
        booking = Booking.with_user(self.mice_manager).create(values)
        booking.with_user(self.mice_manager).action_confirm()
        self.assertEqual((booking.attendees, booking.state), (14, "confirmed"))

    def test_outside_request_dates_is_a_warning(self):
        booking = self._book(self.request, self.boardroom, self._dt(20, 9), self._dt(20, 12), attendees=10)
        self.assertIn("outside the dates", booking.date_warning)

    def test_confirmed_request_dates_follow_bookings_and_capacity_warning(self):
        self._add_programme(self.request)
        self.request.action_build_quotation()
        option = self._book(
            self.request, self.boardroom, self._dt(11, 9), self._dt(11, 12),
            attendees=10, state="option", option_expiry=self.expiry,
        )  # fmt: skip
        self.request.action_confirm()
        self.assertEqual(option.state, "confirmed", "1st options become definite with the request")
        with (
            self.assertRaisesRegex(ValidationError, "move or release its space bookings"),
            self.cr.savepoint(),
        ):
            self.request.write({"date_start": date(2030, 3, 12), "date_end": date(2030, 3, 13)})
        self.request.attendees_guaranteed = 30
        self.assertIn("Boardroom", self.request.capacity_warning)

    def test_a_breakout_beside_a_plenary_is_no_capacity_warning(self):
        self.request.attendees_guaranteed = 90
        self._book(self.request, self.sections[0], self._dt(10, 9), self._dt(10, 17), attendees=90)
        self._book(
            self.request, self.boardroom, self._dt(10, 14), self._dt(10, 16), attendees=12, layout="boardroom"
        )
        self.assertFalse(self.request.capacity_warning, "section A seats the 90 that day")
        self._book(
            self.request, self.boardroom, self._dt(11, 9), self._dt(11, 12), attendees=12, layout="boardroom"
        )
        self.assertEqual(
            self.request.capacity_warning, "90 guaranteed attendees exceed the capacity of Boardroom."
        )

    def test_room_block_released_at_cut_off(self):
        block = self.env["mice.room.block"].create(
            {
                "request_id": self.request.id,
                "venue_id": self.venue.id,
                "room_type": "Double",
                "date_from": date(2030, 3, 10),
                "nights": 2,
                "rooms_per_night": 30,
                "release_date": date(2030, 2, 10),
            }
        )
        self.assertEqual(block.room_nights, 60)
        self.env["mice.rooming.entry"].create(
            [
                {
                    "block_id": block.id,
                    "guest_name": f"Guest {n}",
                    "arrival": date(2030, 3, 10),
                    "departure": date(2030, 3, 12),
                }
                for n in range(22)
            ]
        )
        with freeze_time("2030-02-10"):
            self.env["mice.room.block"]._cron_release_unused()
        self.assertEqual((block.state, block.rooms_released, block.room_nights), ("released", 16, 44))

    def test_event_order_prints_per_day(self):
        self._add_programme(self.request)
        self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        days = self.request._event_order_days()
        self.assertEqual([day["date"] for day in days], [date(2030, 3, 10), date(2030, 3, 11)])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kam_mice.report_mice_event_order", self.request.ids)[0]
            .decode()
        )
        self.assertIn("Boardroom", html)
        self.assertIn("Gala evening", html)

    def _batch_values(self, count, day):
        spaces = self.sections | self.boardroom
        return [
            {
                "request_id": self.request.id,
                "space_id": spaces[i % 4].id,
                "date_start": self._dt(day + i // 4, 9),
                "date_end": self._dt(day + i // 4, 11),
                "attendees": 10,
                "state": "confirmed",
            }
            for i in range(count)
        ]

    def test_batch_create_query_budget(self):
        """Creating bookings costs the same queries for 8 or 24 of them: slots go in one INSERT."""
        Booking = self.env["mice.booking"]
        Booking.create(self._batch_values(4, 1))  # warm the caches
        self.env.invalidate_all()
        # 3 of them read the values' defaults and spaces, to check them before the INSERT
        with self.assertQueryCount(15):
            Booking.create(self._batch_values(8, 3))
        self.env.invalidate_all()
        with self.assertQueryCount(15):
            Booking.create(self._batch_values(24, 6))

    def test_diary_reads_a_period_through_the_range_index(self):
        inside = self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        across = self._book(self.request, self.ballroom, self._dt(9, 20), self._dt(11, 2))
        self._book(self.request, self.boardroom, self._dt(20, 9), self._dt(20, 12), attendees=10)
        domain = [("date_start", "<=", self._dt(10, 23)), ("date_end", ">=", self._dt(10, 0))]
        Booking = self.env["mice.booking"]
        self.assertEqual(Booking._diary_period(domain), (self._dt(10, 0), self._dt(10, 23)))
        self.assertIsNone(Booking._diary_period(["|", *domain]), "only plain conjunctions are narrowed")
        self.assertEqual(Booking.search(domain + [("request_id", "=", self.request.id)]), inside | across)
        query = Booking._search(domain)
        self.assertIn("tsrange", query.where_clause.code)

    def test_booking_form_takes_the_space_defaults(self):
        self.boardroom.write({"setup_hours": 1.5, "teardown_hours": 0.5})
        with Form(self.env["mice.booking"]) as form:
            form.request_id = self.request
            form.space_id = self.boardroom
            self.assertEqual((form.setup_hours, form.teardown_hours), (1.5, 0.5))
            form.date_start = self._dt(10, 9)
            form.date_end = self._dt(10, 12)
            form.layout = "boardroom"
            form.attendees = 12
            form.option_expiry = self.expiry
            self.assertEqual(form.state, "option")
            self.assertEqual(form.hold_start, self._dt(10, 7) + timedelta(minutes=30))
        booking = form.record
        self.assertTrue(booking.holds_space, "a 1st option holds the space")
        self.assertEqual(booking.display_name, f"{self.request.name} - Boardroom")

    def test_losing_a_request_releases_its_spaces_for_the_next_option(self):
        first = self._book(
            self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
            attendees=10, state="option", option_rank="1", option_expiry=self.expiry,
        )  # fmt: skip
        second = self._book(
            self.other_request, self.boardroom, self._dt(10, 9), self._dt(10, 12),
            attendees=10, state="option", option_rank="2", option_expiry=self.expiry,
        )  # fmt: skip
        wizard = (
            self.env["mice.request.lost"]
            .with_context(active_ids=self.request.ids)
            .create(
                {
                    "outcome": "cancelled",
                    "lost_reason_id": self.env.ref("kam_mice.mice_lost_reason_event_cancelled").id,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(self.request.state, "cancelled")
        self.assertEqual(first.state, "released")
        self.assertEqual((second.option_rank, second.holds_space), ("1", True))

    def test_postgresql_refuses_a_slot_on_a_held_space_with_no_extension(self):
        booking = self._book(self.request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)

        def hold(space, start, end):
            self.env.cr.execute(
                "INSERT INTO mice_booking_slot (booking_id, space_id, hold_start, hold_end) "
                "VALUES (%s, %s, %s, %s)",
                [booking.id, space.id, start, end],
            )

        # written in SQL, past our checks: the declared exclusion constraint still refuses it
        start, end = booking.hold_start, booking.hold_end  # setup and teardown included
        with mute_logger("odoo.sql_db"):
            with self.assertRaisesRegex(IntegrityError, "mice_booking_slot_no_overlap"), self.cr.savepoint():
                hold(self.boardroom, end - timedelta(hours=1), end + timedelta(hours=1))
        hold(self.boardroom, end, end + timedelta(hours=2))  # the held range ends where this starts
        hold(self.ballroom, start, end)  # another space on the same hours
        booking.invalidate_recordset(["slot_ids"])
        self.assertEqual(len(booking.slot_ids), 3)
        # the space is compared as a one-value range: no operator class from btree_gist
        self.env.cr.execute(
            """
            SELECT opclass.opcname
              FROM pg_constraint c
              JOIN pg_index i ON i.indexrelid = c.conindid
             CROSS JOIN unnest(i.indclass::oid[]) WITH ORDINALITY AS key (opclass_id, position)
              JOIN pg_opclass opclass ON opclass.oid = key.opclass_id
             WHERE c.conname = 'mice_booking_slot_no_overlap'
             ORDER BY key.position
            """
        )
        self.assertEqual([name for (name,) in self.env.cr.fetchall()], ["range_ops", "range_ops"])
