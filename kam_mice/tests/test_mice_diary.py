from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MiceCommon

DAY = ("2030-03-10 00:00:00", "2030-03-11 00:00:00")


@tagged("post_install", "-at_install")
class TestMiceDiary(MiceCommon):
    """The function diary's data: one call per screen, rows and bars as the grid draws them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._create_request(title="Kick-off")
        cls.other_request = cls._create_request(title="Product launch")
        cls.expiry = date.today() + timedelta(days=10)
        cls.boardroom.write({"setup_hours": 1.0, "teardown_hours": 0.5})
        cls.ballroom_day = cls._book(cls.request, cls.ballroom, cls._dt(10, 9), cls._dt(10, 12))
        cls.first_option = cls._book(
            cls.request,
            cls.boardroom,
            cls._dt(10, 14),
            cls._dt(10, 16),
            attendees=10,
            state="option",
            option_rank="1",
            option_expiry=cls.expiry,
        )
        cls.second_option = cls._book(
            cls.other_request,
            cls.boardroom,
            cls._dt(10, 15),
            cls._dt(10, 17),
            attendees=12,
            state="option",
            option_rank="2",
            option_expiry=cls.expiry,
        )
        # ends on the 9th at 23:45; its tear-down runs into the 10th until 00:15
        cls.late_evening = cls._book(
            cls.other_request,
            cls.boardroom,
            cls._dt(9, 21),
            cls._dt(9, 23) + timedelta(minutes=45),
            attendees=8,
        )
        cls.next_day = cls._book(cls.request, cls.boardroom, cls._dt(11, 9), cls._dt(11, 11), attendees=8)
        cls.Booking = cls.env["mice.booking"].with_user(cls.mice_user)

    def _rows(self, data, venue=None):
        venue = venue or self.venue
        return [(row["name"], row["level"]) for row in data["spaces"] if row["venue_id"] == venue.id]

    def test_rows_are_spaces_by_venue_with_combinations_over_their_sections(self):
        data = self.Booking.get_diary_data(*DAY, [])
        self.assertEqual(
            self._rows(data),
            [("Ballroom", 0), ("Section A", 1), ("Section B", 1), ("Section C", 1), ("Boardroom", 0)],
        )
        self.assertIn({"id": self.venue.id, "name": "Grand Hotel"}, data["venues"])
        ballroom = next(row for row in data["spaces"] if row["id"] == self.ballroom.id)
        self.assertEqual(ballroom["section_ids"], self.sections.ids)
        self.assertEqual(sorted(ballroom["held_space_ids"]), self.sections.ids, "booking it holds them")
        self.assertEqual(ballroom["capacity"], 300)

    def test_bars_of_the_day_with_their_times_and_states(self):
        data = self.Booking.get_diary_data(*DAY, [])
        bars = {bar["id"]: bar for bar in data["bookings"]}
        self.assertEqual(
            [bar["id"] for bar in data["bookings"]],
            [self.late_evening.id, self.ballroom_day.id, self.first_option.id, self.second_option.id],
            "what meets the day, set-up and tear-down included, by the start of its hold",
        )
        self.assertEqual(
            bars[self.first_option.id],
            {
                "id": self.first_option.id,
                "space_id": self.boardroom.id,
                "request_id": self.request.id,
                "name": "Kick-off",
                "reference": self.request.name,
                "client": "Acme Industries",
                "date_start": "2030-03-10 14:00:00",
                "date_end": "2030-03-10 16:00:00",
                "hold_start": "2030-03-10 13:00:00",
                "hold_end": "2030-03-10 16:30:00",
                "state": "option",
                "option_rank": "1",
                "is_expired": False,
                "holds_space": True,
                "attendees": 10,
            },
        )
        second = bars[self.second_option.id]
        self.assertEqual(
            (second["state"], second["option_rank"], second["holds_space"]), ("option", "2", False)
        )
        confirmed = bars[self.ballroom_day.id]
        self.assertEqual((confirmed["state"], confirmed["option_rank"]), ("confirmed", False))
        self.assertEqual(confirmed["name"], "Kick-off")
        self.assertEqual(bars[self.late_evening.id]["hold_end"], "2030-03-10 00:15:00")

    def test_the_search_narrows_the_bars_and_the_rows_it_is_about(self):
        other_venue = self.env["mice.venue"].create({"name": "Riverside Centre"})
        self.env["mice.space"].create(
            {"name": "Terrace", "venue_id": other_venue.id, "capacity_cocktail": 80}
        )
        Booking = self.Booking
        # a search on the status keeps every space: the free ones are what the diary is for
        data = Booking.get_diary_data(*DAY, [("state", "=", "confirmed")])
        self.assertEqual(
            [bar["id"] for bar in data["bookings"]], [self.late_evening.id, self.ballroom_day.id]
        )
        self.assertEqual(self._rows(data, other_venue), [("Terrace", 0)])
        # a search on a venue or a space shows their rows only
        data = Booking.get_diary_data(*DAY, [("venue_id", "=", other_venue.id)])
        self.assertEqual(
            (data["bookings"], data["venues"]), ([], [{"id": other_venue.id, "name": "Riverside Centre"}])
        )
        data = Booking.get_diary_data(*DAY, [("space_id", "ilike", "Section")])
        self.assertEqual(
            self._rows(data),
            [("Section A", 0), ("Section B", 0), ("Section C", 0)],
            "without their combination, sections are rows of their own",
        )
        data = Booking.get_diary_data(
            *DAY, ["|", ("space_id", "=", self.boardroom.id), ("state", "=", "confirmed")]
        )
        self.assertIn(("Terrace", 0), self._rows(data, other_venue), "an alternative widens to every space")
        # a space archived since keeps the row of its bookings
        self.env["mice.booking"].search([("space_id", "=", self.boardroom.id)]).action_release()
        self.boardroom.active = False
        data = Booking.get_diary_data(*DAY, [("state", "=", "released")])
        self.assertIn(("Boardroom", 0), self._rows(data))

    def test_the_period_is_read_through_a_range_index(self):
        Booking = self.env["mice.booking"]
        wanted = [("hold_start", "<", "2030-03-11 00:00:00"), ("hold_end", ">", "2030-03-10 00:00:00")]
        either = ["|", ("state", "=", "option"), ("state", "=", "confirmed")]
        self.assertEqual(
            Booking._diary_period(wanted + either, "hold_start", "hold_end"),
            (self._dt(10, 0), self._dt(11, 0)),
            "an alternative beside the period keeps it",
        )
        self.assertIsNone(Booking._diary_period(["|", *wanted], "hold_start", "hold_end"))
        self.assertIn("tsrange", Booking._search(wanted + either).where_clause.code)

    def test_rights_decide_rows_and_bars(self):
        employee = new_test_user(self.env, "diary_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["mice.booking"].with_user(employee).get_diary_data(*DAY, [])
        other_company = self.env["res.company"].create({"name": "Other Events Ltd"})
        outsider = new_test_user(
            self.env,
            "diary_outsider",
            groups="kam_mice.group_mice_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        data = self.env["mice.booking"].with_user(outsider).get_diary_data(*DAY, [])
        self.assertNotIn(self.venue.id, [venue["id"] for venue in data["venues"]])
        self.assertFalse(data["bookings"])
        # Key Accounts managers read the bookings of key accounts' requests only
        kam = new_test_user(self.env, "diary_kam", groups="kam_key_accounts.group_kam_user")
        kam_manager = new_test_user(self.env, "diary_kam_boss", groups="kam_key_accounts.group_kam_manager")
        key_client = self.env["res.partner"].create(
            {
                "name": "Key Group SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": kam.id,
            }
        )
        key_request = self._create_request(title="Board meeting", partner_id=key_client.id, contact_id=False)
        key_booking = self._book(key_request, self.sections[0], self._dt(10, 13), self._dt(10, 15))
        data = self.env["mice.booking"].with_user(kam_manager).get_diary_data(*DAY, [])
        self.assertEqual(
            [(bar["id"], bar["client"]) for bar in data["bookings"]], [(key_booking.id, "Key Group SA")]
        )
        self.assertEqual(self._rows(data)[0], ("Ballroom", 0), "every space, to see what is free")

    def test_the_diary_is_a_view_of_its_own_and_the_first_of_the_action(self):
        action = self.env.ref("kam_mice.mice_booking_action")
        self.assertEqual(action.view_mode.split(",")[0], "mice_diary")
        views = self.Booking.get_views([(False, "mice_diary"), (False, "search")])["views"]
        self.assertIn('<mice_diary string="Function Diary" scale="day"', views["mice_diary"]["arch"])
        info = self.env["ir.ui.view"].get_view_info()["mice_diary"]
        self.assertEqual((info["display_name"], info["icon"]), ("Function Diary", "fa fa-tasks"))
        View = self.env["ir.ui.view"]
        with self.assertRaisesRegex(ValidationError, "Invalid attributes \\(colour\\)"):
            View.create({"name": "diary", "model": "mice.booking", "arch": '<mice_diary colour="red"/>'})
        with self.assertRaisesRegex(ValidationError, "scale is one of"):
            View.create({"name": "diary", "model": "mice.booking", "arch": '<mice_diary scale="year"/>'})

    def test_a_period_that_makes_sense(self):
        with self.assertRaisesRegex(UserError, "ends after it starts"):
            self.Booking.get_diary_data(DAY[1], DAY[0], [])
        with self.assertRaisesRegex(UserError, "62 days at most"):
            self.Booking.get_diary_data("2030-01-01 00:00:00", "2030-04-01 00:00:00", [])

    def test_one_screen_costs_the_same_queries_for_4_or_20_bookings(self):
        week = ("2030-03-09 00:00:00", "2030-03-16 00:00:00")
        self.env.invalidate_all()
        self.Booking.get_diary_data(*week, [])  # warm the caches (rules, translations)
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            small = self.Booking.get_diary_data(*week, [])
        requests = [self._create_request(title=f"Meeting {day}") for day in range(12, 16)]
        for day, request in zip(range(12, 16), requests, strict=True):
            for section, hour in zip(self.sections, (8, 11, 14), strict=True):
                self._book(request, section, self._dt(day, hour), self._dt(day, hour + 2), attendees=20)
            self._book(request, self.boardroom, self._dt(day, 9), self._dt(day, 11), attendees=8)
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            large = self.Booking.get_diary_data(*week, [])
        self.assertEqual((len(small["bookings"]), len(large["bookings"])), (5, 21))
