from datetime import date

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
