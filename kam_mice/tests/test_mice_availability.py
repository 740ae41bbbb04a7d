from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceAvailability(MiceCommon):
    """Free spaces for so many people, on these days and hours, in the user's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mice_user.tz = "Europe/Paris"  # UTC+1 in March
        cls.section_a, cls.section_b, cls.section_c = cls.sections
        cls.request = cls._create_request(date_start=date(2030, 3, 12), date_end=date(2030, 3, 13))
        # 12-13 March 2030, 09:00-18:00 in Paris: 08:00-17:00 UTC
        cls.periods = [(datetime(2030, 3, day, 8), datetime(2030, 3, day, 17)) for day in (12, 13)]

    def _free(self, attendees=80, layout="theatre"):
        found = self.env["mice.space"]._find_available(self.periods, attendees, layout, self.venue)
        return [(space, capacity) for space, capacity in found]

    def test_a_held_section_takes_its_combinations_with_it(self):
        self.assertEqual(
            self._free(),
            [(self.section_a, 100), (self.section_b, 100), (self.section_c, 100), (self.ballroom, 300)],
            "the best fit first; the boardroom seats 20",
        )
        other = self._create_request()
        self._book(other, self.section_a, datetime(2030, 3, 12, 7), datetime(2030, 3, 12, 9))
        self.assertEqual(self._free(), [(self.section_b, 100), (self.section_c, 100)], "nor the ballroom")
        self.assertEqual(self._free(attendees=150), [], "only the ballroom seats 150, and A is held")

    def test_what_holds_and_what_does_not(self):
        other = self._create_request()
        # a 2nd option waits behind nobody's hold: it holds nothing
        self._book(
            other,
            self.section_b,
            *self.periods[0],
            state="option",
            option_rank="2",
            option_expiry=date.today() + timedelta(days=3),
        )
        # a 1st option whose expiry passed before the daily job released it holds nothing either
        expired = self._book(
            other,
            self.section_c,
            *self.periods[1],
            state="option",
            option_rank="1",
            option_expiry=date.today() + timedelta(days=3),
        )
        self.env.cr.execute(
            "UPDATE mice_booking SET option_expiry = %s WHERE id = %s",
            [date.today() - timedelta(days=1), expired.id],
        )
        self.env["mice.booking"].invalidate_model(["option_expiry"])
        self.assertIn((self.section_b, 100), self._free())
        self.assertIn((self.section_c, 100), self._free())
        # a confirmed booking that ends before the search but inside the space's set-up time does hold
        self.section_a.setup_hours = 2.0
        self._book(other, self.section_a, datetime(2030, 3, 13, 4), datetime(2030, 3, 13, 6, 30))
        self.assertNotIn(self.section_a, [space for space, _capacity in self._free()])
        self.section_a.setup_hours = 1.0
        self.assertIn(self.section_a, [space for space, _capacity in self._free()], "06:30 + 0 < 08:00 - 1")

    def test_the_search_costs_the_same_queries_for_any_number_of_spaces(self):
        self.env["mice.space"].create(
            [{"name": f"Room {n}", "venue_id": self.venue.id, "capacity_theatre": 90} for n in range(30)]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            found = self._free()
        self.assertEqual(len(found), 34)

    def test_find_a_space_and_hold_it_from_the_request(self):
        other = self._create_request()
        self._book(other, self.section_a, datetime(2030, 3, 13, 15), datetime(2030, 3, 13, 20))
        Search = self.env["mice.availability"].with_user(self.mice_user)
        form = Form(Search.with_context(default_request_id=self.request.id))
        self.assertEqual((form.date_from, form.date_to), (date(2030, 3, 12), date(2030, 3, 13)))
        self.assertEqual(form.attendees, 40, "the request's attendees")
        form.venue_ids.add(self.venue)
        search = form.save()
        search.action_search()
        # A is held on the 13th from 16:00 Paris time, and with it the ballroom
        self.assertEqual(search.line_ids.mapped("space_id"), self.section_b | self.section_c)
        self.assertEqual(search.line_ids.mapped("empty_seats"), [60, 60])
        search.line_ids[0].action_hold()
        held = self.request.booking_ids
        self.assertEqual(held.space_id, self.section_b)
        self.assertEqual(sorted(held.mapped("date_start")), [start for start, _end in self.periods])
        self.assertEqual(set(held.mapped("state")), {"option"})
        self.assertEqual(set(held.mapped("option_expiry")), {search.option_expiry})
        search.action_search()
        self.assertEqual(search.line_ids.mapped("space_id"), self.section_c, "B is held now")

    def test_a_search_without_request_or_with_wrong_hours_says_so(self):
        Search = self.env["mice.availability"].with_user(self.mice_user)
        search = Search.create(
            {
                "date_from": date(2030, 3, 12),
                "date_to": date(2030, 3, 13),
                "attendees": 40,
                "venue_ids": [self.venue.id],
            }
        )
        search.action_search()
        with self.assertRaisesRegex(UserError, "Choose the request"):
            search.line_ids[0].action_hold()
        search.write({"time_start": 18.0, "time_end": 9.0})
        with self.assertRaisesRegex(UserError, "end after the start"):
            search.action_search()
        search.write({"time_start": 9.0, "date_to": date(2030, 3, 11)})
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            search.action_search()
