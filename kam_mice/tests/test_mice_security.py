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
