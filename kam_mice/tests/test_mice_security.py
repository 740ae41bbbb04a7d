from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceSecurity(MiceCommon):
    def test_user_handles_requests_and_bookings_not_configuration(self):
        Request = self.env["mice.request"].with_user(self.mice_user)
        request = Request.create(
            {
                "title": "Workshop",
                "partner_id": self.client.id,
                "event_type_id": self.meeting.id,
                "date_start": "2030-06-01",
                "date_end": "2030-06-02",
                "attendees_expected": 10,
            }
        )
        self._add_programme(request)
        request.with_user(self.mice_user).action_build_quotation()
        self.assertTrue(request.order_id)
        booking = (
            self.env["mice.booking"]
            .with_user(self.mice_user)
            .create(
                {
                    "request_id": request.id,
                    "space_id": self.boardroom.id,
                    "date_start": "2030-06-01 09:00:00",
                    "date_end": "2030-06-01 12:00:00",
                    "layout": "boardroom",
                    "attendees": 10,
                    "option_expiry": "2030-05-01",
                }
            )
        )
        booking.action_confirm()
        self.assertTrue(booking.holds_space)
        with self.assertRaises(AccessError):
            self.env["mice.venue"].with_user(self.mice_user).create({"name": "Hotel"})
        with self.assertRaises(AccessError):
            self.boardroom.with_user(self.mice_user).capacity_theatre = 300
        with self.assertRaises(AccessError):
            self.env["mice.request.stage"].with_user(self.mice_user).create({"name": "Stage"})
        with self.assertRaises(AccessError):
            request.with_user(self.mice_user).unlink()
        request.with_user(self.mice_manager).unlink()

    def test_salesman_without_mice_rights_sees_nothing(self):
        salesman = new_test_user(self.env, "plain_salesman", groups="sales_team.group_sale_salesman")
        request = self._create_request()
        with self.assertRaises(AccessError):
            request.with_user(salesman).read(["title"])
        with self.assertRaises(AccessError):
            self.env["mice.booking"].with_user(salesman).search([])

    def test_other_company_requests_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "MICE Subsidiary"})
        other_user = new_test_user(
            self.env,
            "mice_other_company",
            groups="kam_mice.group_mice_user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        request = self._create_request()
        Request = self.env["mice.request"].with_user(other_user)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(other_user).read(["title"])

    def test_key_accounts_managers_read_key_accounts_requests(self):
        """MICE revenue feeds key accounts: their managers read those requests, and nothing more."""
        kam_manager = new_test_user(self.env, "kam_boss", groups="kam_key_accounts.group_kam_manager")
        both = new_test_user(
            self.env, "kam_boss_mice", groups="kam_key_accounts.group_kam_manager,kam_mice.group_mice_user"
        )
        kam = new_test_user(self.env, "kam_of_key_group", groups="kam_key_accounts.group_kam_user")
        key_client = self.env["res.partner"].create(
            {
                "name": "Key Group SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": kam.id,
            }
        )
        key_request = self._create_request(partner_id=key_client.id, contact_id=False)
        self._add_programme(key_request)
        self._book(key_request, self.boardroom, self._dt(10, 9), self._dt(10, 12), attendees=10)
        other_request = self._create_request()
        Request = self.env["mice.request"]
        # the request's form, as the web client reads it
        form = Request.with_user(kam_manager).get_views([(False, "form")])["views"]["form"]
        self.assertTrue(form["arch"])
        as_manager = key_request.with_user(kam_manager)
        self.assertEqual(as_manager.programme_line_ids.ids, key_request.programme_line_ids.ids)
        self.assertEqual(as_manager.booking_ids.space_id.name, "Boardroom")
        self.assertEqual(
            Request.with_user(kam_manager).search([("id", "in", (key_request | other_request).ids)]),
            key_request,
        )
        with self.assertRaises(AccessError):
            other_request.with_user(kam_manager).read(["title"])
        with self.assertRaises(AccessError):
            as_manager.write({"title": "Changed"})
        with self.assertRaises(AccessError):
            as_manager.programme_line_ids[0].write({"quantity": 3})
        # a Key Accounts manager who is also a MICE user keeps every request
        self.assertEqual(
            Request.with_user(both).search([("id", "in", (key_request | other_request).ids)]),
            key_request | other_request,
        )
        other_request.with_user(both).title = "Still editable"
