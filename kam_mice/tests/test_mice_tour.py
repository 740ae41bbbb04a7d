import base64
import json
from datetime import date, datetime, time, timedelta

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMiceTour(HttpCase):
    def test_inquiry_to_confirmed_quotation_in_the_browser(self):
        client = self.env["res.partner"].create({"name": "Tour Client SA", "is_company": True})
        self.env["product.product"].create(
            {
                "name": "Tour delegate package",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 70.0,
            }
        )
        request = self.env["mice.request"].create(
            {
                "title": "Tour kick-off",
                "partner_id": client.id,
                "event_type_id": self.env.ref("kam_mice.mice_event_type_meeting").id,
                "date_start": date(2030, 9, 1),
                "date_end": date(2030, 9, 2),
                "attendees_expected": 25,
            }
        )
        self.start_tour("/odoo/action-kam_mice.mice_request_action", "kam_mice_request_tour", login="admin")
        self.assertEqual(request.programme_line_ids.quantity, 25)
        self.assertEqual(request.order_id.state, "sale")
        self.assertEqual(request.order_id.amount_untaxed, 25 * 70.0)
        self.assertEqual(request.stage_id, self.env.ref("kam_mice.mice_stage_confirmed"))

    def test_function_diary_views_in_the_browser(self):
        client = self.env["res.partner"].create({"name": "Diary Client SA", "is_company": True})
        venue = self.env["mice.venue"].create({"name": "Tour Venue"})
        space = self.env["mice.space"].create(
            {"name": "Tour Hall", "venue_id": venue.id, "capacity_theatre": 80}
        )
        request = self.env["mice.request"].create(
            {
                "title": "Diary event",
                "partner_id": client.id,
                "event_type_id": self.env.ref("kam_mice.mice_event_type_event").id,
                "date_start": date(2030, 9, 1),
                "date_end": date(2030, 9, 1),
                "attendees_expected": 60,
            }
        )
        self.env["mice.booking"].create(
            {
                "request_id": request.id,
                "space_id": space.id,
                "date_start": "2030-09-01 09:00:00",
                "date_end": "2030-09-01 18:00:00",
                "attendees": 60,
                "state": "confirmed",
            }
        )
        self.start_tour("/odoo/action-kam_mice.mice_booking_action", "kam_mice_diary_tour", login="admin")

    def test_a_booking_dragged_in_the_function_diary(self):
        """The diary's grid: a bar dragged onto a held space comes back with the server's refusal,
        dragged onto a free one it moves there (space and times written through the ORM)."""
        venue = self.env["mice.venue"].create({"name": "Drag Venue"})
        hall_a, hall_b = self.env["mice.space"].create(
            [{"name": f"Drag Hall {letter}", "venue_id": venue.id, "capacity_theatre": 80} for letter in "AB"]
        )
        client = self.env["res.partner"].create({"name": "Drag Event Client", "is_company": True})
        tomorrow = date.today() + timedelta(days=1)
        requests = self.env["mice.request"].create(
            [
                {
                    "title": title,
                    "partner_id": client.id,
                    "event_type_id": self.env.ref("kam_mice.mice_event_type_meeting").id,
                    "date_start": tomorrow,
                    "date_end": tomorrow,
                    "attendees_expected": 40,
                }
                for title in ("Drag Event", "Blocking Event")
            ]
        )

        def at(hour):
            return datetime.combine(tomorrow, time(hour))

        booking, _blocking = self.env["mice.booking"].create(
            [
                {
                    "request_id": request.id,
                    "space_id": space.id,
                    "date_start": at(start),
                    "date_end": at(start + 2),
                    "attendees": 40,
                    "state": "confirmed",
                }
                for request, space, start in ((requests[0], hall_a, 10), (requests[1], hall_b, 14))
            ]
        )
        self.start_tour(
            "/odoo/action-kam_mice.mice_booking_action", "kam_mice_diary_drag_tour", login="admin"
        )
        self.assertEqual(booking.space_id, hall_b)
        self.assertEqual((booking.date_start, booking.date_end), (at(8), at(10)), "2 hours earlier")
        self.assertEqual(booking.slot_ids.space_id, hall_b, "the new space is held")

    def test_spreadsheet_dashboard_opens(self):
        dashboard = self.env.ref("kam_mice.spreadsheet_dashboard_mice")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        Request = self.env["mice.request"]
        for pivot in data["pivots"].values():
            self.assertEqual(pivot["model"], "mice.request")
            for group in pivot["rows"] + pivot["columns"]:
                self.assertIn(group["fieldName"].split(":")[0], Request._fields)
            for measure in pivot["measures"]:
                self.assertTrue(
                    measure["fieldName"] == "__count" or Request._fields[measure["fieldName"]].store
                )
            Request.search(pivot["domain"])  # the domain is valid
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "kam_mice_dashboard_tour",
            login="admin",
        )

    def _tour_request(self, title, space_name):
        client = self.env["res.partner"].create({"name": f"{title} Client", "is_company": True})
        venue = self.env["mice.venue"].create({"name": f"{title} Venue"})
        space = self.env["mice.space"].create(
            {"name": space_name, "venue_id": venue.id, "capacity_theatre": 80}
        )
        request = self.env["mice.request"].create(
            {
                "title": title,
                "partner_id": client.id,
                "event_type_id": self.env.ref("kam_mice.mice_event_type_meeting").id,
                "date_start": date(2030, 9, 20),
                "date_end": date(2030, 9, 21),
                "attendees_expected": 40,
                "attendees_guaranteed": 30,
            }
        )
        return request, space

    def test_a_booking_line_ended_with_enter(self):
        """Typing a booking in the request's Spaces and Rooms tab and pressing Enter breaks nothing."""
        request, space = self._tour_request("Line Event", "Line Hall")
        self.start_tour(
            f"/odoo/action-kam_mice.mice_request_action/{request.id}",
            "kam_mice_booking_line_tour",
            login="admin",
        )
        self.assertEqual(request.booking_ids.space_id, space)
        self.assertEqual(request.booking_ids.option_expiry, date(2030, 9, 1))

    def test_a_booking_created_from_the_function_diary(self):
        request, space = self._tour_request("Diary New Event", "New Hall")
        self.start_tour("/odoo/action-kam_mice.mice_booking_action", "kam_mice_diary_new_tour", login="admin")
        self.assertEqual(request.booking_ids.space_id, space)
        self.assertEqual(request.booking_ids.state, "option")

    def test_find_a_space_and_hold_it_in_the_browser(self):
        request, space = self._tour_request("Avail Event", "Avail Hall")
        venue = space.venue_id
        venue.name = "Avail Venue"
        big, busy = self.env["mice.space"].create(
            [
                {"name": "Avail Big Hall", "venue_id": venue.id, "capacity_theatre": 300},
                {"name": "Busy Hall", "venue_id": venue.id, "capacity_theatre": 50},
            ]
        )
        other, _space = self._tour_request("Avail Other", "Avail Other Hall")
        self.env["mice.booking"].create(
            {
                "request_id": other.id,
                "space_id": busy.id,
                "date_start": "2030-09-21 10:00:00",
                "date_end": "2030-09-21 12:00:00",
                "attendees": 30,
                "state": "confirmed",
            }
        )
        self.start_tour(
            f"/odoo/action-kam_mice.mice_request_action/{request.id}",
            "kam_mice_availability_tour",
            login="admin",
        )
        self.assertEqual(request.booking_ids.space_id, space, "the best fit: 80 seats for 40 people")
        self.assertEqual(len(request.booking_ids), 2, "one option per day")
        self.assertEqual(set(request.booking_ids.mapped("state")), {"option"})
        self.assertNotIn(big, request.booking_ids.space_id)

    def test_a_guest_added_to_the_rooming_list_in_the_browser(self):
        request, space = self._tour_request("Rooms Event", "Rooms Hall")
        block = self.env["mice.room.block"].create(
            {
                "request_id": request.id,
                "venue_id": self.env["mice.venue"].create({"name": "Tour Rooms Venue"}).id,
                "room_type": "Twin",
                "date_from": date(2030, 9, 20),
                "nights": 1,
                "rooms_per_night": 5,
                "release_date": date(2030, 8, 20),
            }
        )
        self.start_tour(
            f"/odoo/action-kam_mice.mice_request_action/{request.id}",
            "kam_mice_room_block_tour",
            login="admin",
        )
        self.assertEqual(block.rooming_ids.guest_name, "Camille Tour")
        self.assertEqual(
            (block.rooming_ids.arrival, block.rooming_ids.departure), (date(2030, 9, 20), date(2030, 9, 21))
        )
        self.assertEqual(block.night_ids.rooms_picked_up, 1)
