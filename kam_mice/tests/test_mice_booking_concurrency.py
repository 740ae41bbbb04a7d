import threading
import time
from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMiceBookingConcurrency(TransactionCase):
    """Two real database connections book the same space at the same moment: exactly one commits.

    The data is committed through separate cursors (the test transaction cannot be seen by other
    connections) and removed at the end.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})

    def _setup_committed_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            client = env["res.partner"].create({"name": "Concurrent Client", "is_company": True})
            venue = env["mice.venue"].create({"name": "Concurrency Palace"})
            space = env["mice.space"].create(
                {
                    "name": "Hall",
                    "venue_id": venue.id,
                    "capacity_theatre": 100,
                    "setup_hours": 0,
                    "teardown_hours": 0,
                }
            )
            requests = env["mice.request"].create(
                [
                    {
                        "title": title,
                        "partner_id": client.id,
                        "event_type_id": env.ref("kam_mice.mice_event_type_meeting").id,
                        "date_start": "2031-01-10",
                        "date_end": "2031-01-10",
                        "attendees_expected": 50,
                    }
                    for title in ("First", "Second")
                ]
            )
            return client.id, venue.id, space.id, requests.ids, requests.mapped("name")

    def _cleanup(self, client_id, venue_id, request_ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["mice.request"].browse(request_ids).unlink()
            env["mice.venue"].browse(venue_id).unlink()
            env["res.partner"].browse(client_id).unlink()

    def _waiting_backends(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cr.fetchone()[0]

    def test_two_connections_book_the_same_space(self):
        client_id, venue_id, space_id, request_ids, request_names = self._setup_committed_data()
        results = {}
        first_inserted, commit_first = threading.Event(), threading.Event()

        def book(key, request_id):
            # a registry cursor commits when its block ends without error, and rolls back otherwise
            try:
                with self.registry.cursor() as cr:
                    self._env(cr)["mice.booking"].create(
                        {
                            "request_id": request_id,
                            "space_id": space_id,
                            "date_start": datetime(2031, 1, 10, 9),
                            "date_end": datetime(2031, 1, 10, 17),
                            "attendees": 50,
                            "state": "confirmed",
                        }
                    )
                    if key == "first":
                        first_inserted.set()
                        commit_first.wait(10)
                results[key] = "committed"
            except ValidationError as error:
                results[key] = str(error)

        try:
            first = threading.Thread(target=book, args=("first", request_ids[0]))
            second = threading.Thread(target=book, args=("second", request_ids[1]))
            first.start()
            self.assertTrue(first_inserted.wait(10))
            second.start()
            # the second connection waits on the first one's uncommitted slot row
            deadline = time.monotonic() + 10
            while not self._waiting_backends() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(self._waiting_backends(), "the second booking waits for the first transaction")
            commit_first.set()
            first.join(20)
            second.join(20)
            self.assertEqual(results.get("first"), "committed")
            self.assertIn(f"by {request_names[0]}", results.get("second", ""))
            self.assertIn(f"for {request_names[1]}", results["second"])
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT b.request_id, count(s.id) FROM mice_booking b "
                    "LEFT JOIN mice_booking_slot s ON s.booking_id = b.id WHERE b.space_id = %s GROUP BY 1",
                    [space_id],
                )
                self.assertEqual(cr.fetchall(), [(request_ids[0], 1)], "one booking, one slot: nothing else")
                cr.execute("SELECT count(*) FROM mice_request WHERE id IN %s", [tuple(request_ids)])
                self.assertEqual(cr.fetchone()[0], 2, "the losing request itself is untouched")
        finally:
            commit_first.set()
            self._cleanup(client_id, venue_id, request_ids)
