from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceRoomBlock(MiceCommon):
    """Rooms allotted per night, picked up from the rooming list, released at the cut-off, attrition
    billed; hand-computed: 2 nights x 20 rooms at 130, 80 % contracted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._create_request()  # 10-12 March 2030
        cls.env["mice.programme.line"].create(
            {
                "request_id": cls.request.id,
                "date": date(2030, 3, 10),
                "name": "Plenary",
                "product_id": cls.product_meeting_package.id,
            }
        )
        cls.block = cls.env["mice.room.block"].create(
            {
                "request_id": cls.request.id,
                "venue_id": cls.venue.id,
                "room_type": "Double",
                "date_from": date(2030, 3, 10),
                "nights": 2,
                "rooms_per_night": 20,
                "release_date": date(2030, 2, 10),
                "pickup_percent": 80.0,
                "product_id": cls.product_room.id,
                "price_unit": 130.0,
            }
        )

    def _guests(self, count, arrival, departure, prefix="Guest"):
        return self.env["mice.rooming.entry"].create(
            [
                {
                    "block_id": self.block.id,
                    "guest_name": f"{prefix} {n}",
                    "arrival": arrival,
                    "departure": departure,
                }
                for n in range(count)
            ]
        )

    def _room_lines(self, order):
        return {line.mice_room_charge: line for line in order.order_line if line.mice_room_block_id}

    def test_rooming_list_picks_up_nights_and_the_allotment_holds(self):
        block = self.block
        self.assertEqual(block.night_ids.mapped("date"), [date(2030, 3, 10), date(2030, 3, 11)])
        self.assertEqual(block.room_nights_allotted, 40)
        self._guests(12, date(2030, 3, 10), date(2030, 3, 12))
        self._guests(5, date(2030, 3, 10), date(2030, 3, 11), prefix="One night")
        self.assertEqual(block.night_ids.mapped("rooms_picked_up"), [17, 12])
        self.assertEqual(block.room_nights_picked_up, 29)
        self.assertEqual(block.attrition_room_nights, 3, "ceil(40 x 80 %) = 32 contracted, 29 picked up")
        with (
            self.assertRaisesRegex(ValidationError, "no room left on the night of 03/10/2030"),
            self.env.cr.savepoint(),
        ):
            self._guests(4, date(2030, 3, 10), date(2030, 3, 11), prefix="Late")
        self.assertEqual(block.night_ids[0].rooms_picked_up, 17, "nothing half-written")
        with self.assertRaisesRegex(ValidationError, "no room left"), self.env.cr.savepoint():
            block.night_ids[1].rooms_allotted = 11
        with self.assertRaisesRegex(ValidationError, "outside the block's nights"), self.env.cr.savepoint():
            self._guests(1, date(2030, 3, 11), date(2030, 3, 13), prefix="Too late")
        with (
            self.assertRaisesRegex(ValidationError, "Guests of the rooming list stay"),
            self.env.cr.savepoint(),
        ):
            block.nights = 1
        # a longer block gets its new night, allotted like the others
        block.nights = 3
        self.assertEqual(block.night_ids.mapped("rooms_allotted"), [20, 20, 20])

    def test_the_quotation_follows_the_pickup_and_bills_the_attrition(self):
        self.request.action_build_quotation()
        order = self.request.order_id
        rooms = self._room_lines(order)["rooms"]
        self.assertEqual((rooms.product_uom_qty, rooms.price_unit), (40, 130.0), "the allotment while held")
        self._guests(12, date(2030, 3, 10), date(2030, 3, 12))
        self._guests(5, date(2030, 3, 10), date(2030, 3, 11), prefix="One night")
        self.assertEqual(rooms.product_uom_qty, 40, "still held: the client holds the allotment")
        order.action_confirm()
        with freeze_time("2030-02-10"):
            self.env["mice.room.block"]._cron_release_unused()
        self.assertEqual(self.block.state, "released")
        self.assertEqual(self.block.night_ids.mapped("rooms_released"), [3, 8])
        lines = self._room_lines(order)
        self.assertEqual(lines["rooms"].product_uom_qty, 29, "the pickup")
        self.assertEqual(lines["attrition"].product_uom_qty, 3)
        self.assertAlmostEqual(lines["rooms"].price_subtotal + lines["attrition"].price_subtotal, 32 * 130.0)
        self.assertIn("29 of 40 room nights", lines["attrition"].name)
        # the rooms nobody took went back to the venue
        with self.assertRaisesRegex(ValidationError, "no room left"), self.env.cr.savepoint():
            self._guests(1, date(2030, 3, 11), date(2030, 3, 12), prefix="After cut-off")
        # the attrition is charged on the invoice
        invoice = order._create_invoices()
        attrition = invoice.invoice_line_ids.filtered(lambda line: line.sale_line_ids == lines["attrition"])
        self.assertAlmostEqual(attrition.price_subtotal, 3 * 130.0)

    def test_a_block_without_product_leaves_the_quotation_to_the_programme(self):
        self.block.product_id = False
        self.request.action_build_quotation()
        self.assertFalse(self._room_lines(self.request.order_id))
