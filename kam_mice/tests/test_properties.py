from datetime import date, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools import float_round

from odoo.addons.kam_key_accounts.tests.properties import (
    AMOUNTS,
    COUNTS,
    DATES,
    DATETIMES,
    HOURS,
    HTML,
    SETTINGS,
    TEXT,
    PropertyMixin,
)

from .common import MiceCommon

PERCENTS = st.one_of(
    st.floats(min_value=-50, max_value=150, allow_nan=False), st.sampled_from([0.0, 90.0, 100.0])
)
EVENT_TIMES = st.datetimes(min_value=datetime(2030, 3, 9), max_value=datetime(2030, 3, 14))


def held_range(start, end, setup, teardown):
    """The range a booking holds, or None when it is out of Python's dates (then it must be refused)."""
    try:
        return start - timedelta(hours=setup), end + timedelta(hours=teardown)
    except OverflowError:
        return None


@tagged("post_install", "-at_install")
class TestMiceProperties(PropertyMixin, MiceCommon):
    """Generated bad input on requests, programme items and bookings: stored as given, or refused cleanly."""

    property_tables = ("mice_request", "mice_programme_line", "mice_booking", "mice_booking_slot")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.company.currency_id
        cls.request = cls._create_request()  # 10 to 12 March 2030, 40 attendees

    @classmethod
    def tearDownClass(cls):
        cls.print_stats("mice")
        super().tearDownClass()

    @SETTINGS
    @given(
        title=TEXT,
        start=DATES,
        end=DATES,
        counts=st.tuples(
            st.one_of(st.integers(1, 500), COUNTS),
            st.one_of(st.just(0), st.integers(1, 500), COUNTS),
            st.one_of(st.just(0), st.integers(1, 500), COUNTS),
        ),
        budget=AMOUNTS,
        attrition=PERCENTS,
        due=st.one_of(st.none(), DATES),
        notes=HTML,
    )
    # found by hypothesis: a deposit due 30 days before an event in year 1 is before the calendar
    @example("Early", date(1, 1, 10), date(2020, 1, 10), (1, 0, 0), 0.0, 0.0, None, "")
    def test_request_create(self, title, start, end, counts, budget, attrition, due, notes):
        expected, guaranteed, actual = counts
        valid = (
            start <= end
            and expected > 0
            and guaranteed >= 0
            and actual >= 0
            and self.currency.round(budget) >= 0
            and 0 <= attrition <= 100
            and (due is None or due <= start)
        )

        def create(env):
            return env["mice.request"].create(
                {
                    "title": title,
                    "partner_id": self.client.id,
                    "event_type_id": self.meeting.id,
                    "date_start": start,
                    "date_end": end,
                    "attendees_expected": expected,
                    "attendees_guaranteed": guaranteed,
                    "attendees_actual": actual,
                    "budget_amount": budget,
                    "attrition_percent": attrition,
                    "guarantee_due_date": due or False,
                    "notes": notes,
                }
            )

        def check(request):
            self.assertEqual(
                (request.title, request.date_start, request.date_end, request.guarantee_due_date or None),
                (title, start, end, due),
            )
            self.assertEqual(
                (request.attendees_expected, request.attendees_guaranteed, request.attendees_actual), counts
            )
            self.assertEqual(request.attrition_percent, attrition)
            self.assertStoredAmount(request.budget_amount, budget, self.currency)
            self.assertEqual(
                request.notes or False, request._fields["notes"].convert_to_cache(notes, request) or False
            )
            self.assertNotIn("<script", request.notes or "")

        self.assertAcceptedOrRefused("mice.request create", create, check, valid)

    @SETTINGS
    @given(start=DATES, end=DATES, expected=COUNTS, budget=AMOUNTS)
    def test_request_write(self, start, end, expected, budget):
        valid = start <= end and expected > 0 and self.currency.round(budget) >= 0

        def write(env):
            request = self.request.with_env(env)
            request.write(
                {
                    "date_start": start,
                    "date_end": end,
                    "attendees_expected": expected,
                    "budget_amount": budget,
                }
            )
            return request

        def check(request):
            self.assertEqual(
                (request.date_start, request.date_end, request.attendees_expected), (start, end, expected)
            )
            self.assertStoredAmount(request.budget_amount, budget, self.currency)

        self.assertAcceptedOrRefused("mice.request write", write, check, valid)

    @SETTINGS
    @given(
        day=st.one_of(st.sampled_from([date(2030, 3, 10), date(2030, 3, 11), date(2030, 3, 12)]), DATES),
        times=st.one_of(
            st.tuples(st.floats(0, 12), st.floats(12, 24)),  # an item of the day
            st.tuples(
                st.one_of(st.floats(0, 24), st.floats(-1e9, 1e9, allow_nan=False)),
                st.one_of(st.floats(0, 24), st.floats(-1e9, 1e9, allow_nan=False)),
            ),
        ),
        basis=st.sampled_from(["person", "person_night", "unit", "flat"]),
        units=st.one_of(st.floats(0, 1000), AMOUNTS),
        price=st.one_of(st.floats(0, 1e6), AMOUNTS),
        cost=st.one_of(st.floats(0, 1e6), AMOUNTS),
        name=TEXT,
    )
    def test_programme_line_create(self, day, times, basis, units, price, cost, name):
        request = self.request
        uom_digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        stored_units = float_round(units, precision_digits=uom_digits)
        time_start, time_end = times
        valid = (
            request.date_start <= day <= request.date_end
            and 0 <= time_start <= time_end <= 24
            and stored_units >= 0
            and self.currency.round(price) >= 0
            and self.currency.round(cost) >= 0
        )
        expected_quantity = {
            "person": request.attendees_billable,
            "person_night": request.attendees_billable * max(request.duration_nights, 1),
            "unit": stored_units,
            "flat": 1.0,
        }[basis]

        def create(env):
            return env["mice.programme.line"].create(
                {
                    "request_id": request.id,
                    "date": day,
                    "time_start": time_start,
                    "time_end": time_end,
                    "name": name,
                    "quantity_basis": basis,
                    "unit_quantity": units,
                    "price_unit": price,
                    "cost": cost,
                }
            )

        def check(line):
            self.assertEqual(
                (line.date, line.time_start, line.time_end, line.name), (day, time_start, time_end, name)
            )
            self.assertAlmostEqual(line.unit_quantity, stored_units, places=uom_digits)
            self.assertAlmostEqual(line.quantity, expected_quantity, places=uom_digits)
            self.assertStoredAmount(line.price_unit, price, self.currency)
            self.assertStoredAmount(line.cost, cost, self.currency)
            self.assertStoredAmount(line.price_subtotal, line.quantity * line.price_unit, self.currency)

        self.assertAcceptedOrRefused("mice.programme.line create", create, check, valid)

    @SETTINGS
    @given(
        bookings=st.lists(
            st.tuples(
                st.sampled_from(["section", "ballroom", "boardroom"]),
                st.one_of(EVENT_TIMES, DATETIMES),
                st.one_of(
                    st.integers(1, 12).map(float),
                    st.floats(-5, 30, allow_nan=False),
                    st.floats(-1e9, 1e9, allow_nan=False),
                ),
                st.one_of(st.sampled_from([0.0, 1.0]), HOURS),
                st.one_of(st.sampled_from([0.0, 1.0]), HOURS),
                st.one_of(st.integers(1, 100), st.integers(-2, 400), COUNTS),
            ),
            min_size=1,
            max_size=3,
        )
    )
    def test_bookings(self, bookings):
        spaces = {"section": self.sections[0], "ballroom": self.ballroom, "boardroom": self.boardroom}
        held = []  # (spaces held, start, end) of the bookings accepted so far in this example
        savepoint = self.env.cr.savepoint()  # the example's bookings are rolled back at its end
        try:
            for space_key, start, hours, setup, teardown, attendees in bookings:
                space = spaces[space_key]
                try:
                    end = start + timedelta(hours=hours)
                except OverflowError:
                    continue  # no such end date to type in
                hold = held_range(start, end, setup, teardown)
                valid = (
                    end > start
                    and 0 < attendees <= space.capacity_for("theatre")
                    and setup >= 0
                    and teardown >= 0
                    and hold is not None
                    and not any(
                        other_spaces & space._all_held_spaces()
                        and hold[0] < other_end
                        and other_start < hold[1]
                        for other_spaces, other_start, other_end in held
                    )
                )

                def create(
                    env,
                    space=space,
                    start=start,
                    end=end,
                    setup=setup,
                    teardown=teardown,
                    attendees=attendees,
                ):
                    return env["mice.booking"].create(
                        {
                            "request_id": self.request.id,
                            "space_id": space.id,
                            "date_start": start,
                            "date_end": end,
                            "setup_hours": setup,
                            "teardown_hours": teardown,
                            "attendees": attendees,
                            "layout": "theatre",
                            "state": "confirmed",
                        }
                    )

                def check(booking, space=space, start=start, end=end, hold=hold):
                    self.assertEqual(
                        (booking.space_id, booking.date_start, booking.date_end), (space, start, end)
                    )
                    self.assertEqual((booking.hold_start, booking.hold_end), hold)
                    self.assertEqual(set(booking.slot_ids.space_id.ids), set(space._all_held_spaces().ids))

                outcome = self.assertAcceptedOrRefused("mice.booking create", create, check, valid, keep=True)
                if outcome == "accepted":
                    held.append((space._all_held_spaces(), *hold))
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all(flush=False)
