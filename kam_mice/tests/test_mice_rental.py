import importlib.util
from datetime import date
from pathlib import Path

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceRental(MiceCommon):
    """Space rental through rental products and pricelists, and the F&B minimum spend; hand-computed:
    a salon at 400 a day, 250 a half day (4 hours), 100 an hour; 40 lunches at 35 = 1,400 of F&B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.mice_half_day_hours = 4.0
        cls.fb_category = cls.env["product.category"].create({"name": "Food and beverage"})
        cls.company.mice_fb_categ_ids = [Command.set(cls.fb_category.ids)]
        cls.product_lunch = cls.env["product.product"].create(
            {
                "name": "Business lunch",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 35.0,
                "categ_id": cls.fb_category.id,
                "taxes_id": [Command.clear()],
            }
        )
        # a venue in UTC: the days of the bookings are the days of their UTC times
        cls.rental_venue = cls.env["mice.venue"].create({"name": "Rental Hotel", "tz": "UTC"})
        cls.salon = cls.env["mice.space"].create(
            {
                "name": "Salon",
                "venue_id": cls.rental_venue.id,
                "capacity_theatre": 80,
                "setup_hours": 1.0,
                "teardown_hours": 1.0,
                "rental_day_rate": 400.0,
                "rental_half_day_rate": 250.0,
                "rental_hour_rate": 100.0,
            }
        )
        cls.salon.action_create_rental_products()
        cls.salon.rental_day_product_id.taxes_id = [Command.clear()]
        cls.salon.rental_half_day_product_id.taxes_id = [Command.clear()]
        cls.salon.rental_hour_product_id.taxes_id = [Command.clear()]
        cls.request = cls._create_request()  # 10-12 March 2030, 40 attendees
        cls.lunch = cls.env["mice.programme.line"].create(
            {
                "request_id": cls.request.id,
                "date": date(2030, 3, 10),
                "time_start": 12.0,
                "time_end": 14.0,
                "item_type": "catering",
                "name": "Lunch",
                "product_id": cls.product_lunch.id,
                "quantity_basis": "person",
                "space_id": cls.salon.id,
            }
        )

    def _space_lines(self, order, charges=("rental", "rental_waived")):
        return order.order_line.filtered(lambda line: line.mice_space_charge in charges)

    def test_rental_products_carry_the_rates(self):
        salon = self.salon
        products = (
            salon.rental_day_product_id | salon.rental_half_day_product_id | salon.rental_hour_product_id
        )
        self.assertEqual(len(products), 3)
        self.assertEqual(products.mapped("list_price"), [400.0, 250.0, 100.0])
        self.assertEqual(salon.rental_hour_product_id.uom_id, self.env.ref("uom.product_uom_hour"))
        self.assertEqual(products.categ_id, self.env.ref("kam_mice.product_category_space_rental"))
        self.assertEqual(products.company_id, self.company)
        # the rate on the space is the product's price, both ways
        salon.rental_day_rate = 420.0
        self.assertEqual(salon.rental_day_product_id.list_price, 420.0)
        salon.rental_half_day_product_id.list_price = 260.0
        self.assertEqual(salon.rental_half_day_rate, 260.0)
        # nothing is missing any more: the button creates nothing
        salon.action_create_rental_products()
        self.assertEqual(
            salon.rental_day_product_id | salon.rental_half_day_product_id | salon.rental_hour_product_id,
            products,
        )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.boardroom.rental_hour_rate = -1.0
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.boardroom.fb_minimum = -1.0

    def test_the_cheapest_rental_is_quoted(self):
        # 3 h: 3 x 100 = 300, half day 250, day 400 -> 250 (setup and teardown are not charged)
        three_hours = self._book(self.request, self.salon, self._dt(10, 9), self._dt(10, 12))
        # 6 h: 600, no half day (over 4 h), day 400 -> 400
        six_hours = self._book(self.request, self.salon, self._dt(11, 9), self._dt(11, 15))
        # 2 h: 200, half day 250, day 400 -> 2 hours, 200
        two_hours = self._book(self.request, self.salon, self._dt(12, 9), self._dt(12, 11))
        order = self.request._build_quotations()
        lines = {line.mice_booking_id: line for line in self._space_lines(order)}
        self.assertEqual(lines[three_hours].product_id, self.salon.rental_half_day_product_id)
        self.assertEqual(lines[three_hours].price_subtotal, 250.0)
        self.assertEqual(lines[six_hours].product_id, self.salon.rental_day_product_id)
        self.assertEqual(lines[six_hours].price_subtotal, 400.0)
        self.assertEqual(lines[two_hours].product_id, self.salon.rental_hour_product_id)
        self.assertEqual(lines[two_hours].product_uom_qty, 2.0)
        self.assertEqual(lines[two_hours].price_subtotal, 200.0)
        # 1,400 programme + 850 rental
        self.assertEqual(order.amount_untaxed, 2250.0)

    def test_a_booking_over_several_days_pays_full_days(self):
        booking = self._book(self.request, self.salon, self._dt(10, 14), self._dt(11, 11))
        line = self._space_lines(self.request._build_quotations())
        self.assertEqual(line.mice_booking_id, booking)
        self.assertEqual(line.product_id, self.salon.rental_day_product_id)
        self.assertEqual(line.product_uom_qty, 2.0)
        self.assertEqual(line.price_subtotal, 800.0)

    def test_a_pricelist_rule_changes_the_rental(self):
        self.pricelist.item_ids = [
            Command.create(
                {
                    "applied_on": "2_product_category",
                    "categ_id": self.env.ref("kam_mice.product_category_space_rental").id,
                    "compute_price": "percentage",
                    "percent_price": 10.0,
                }
            )
        ]
        # 3 h: 270, 225, 360 -> the half day at 225
        self._book(self.request, self.salon, self._dt(10, 9), self._dt(10, 12))
        line = self._space_lines(self.request._build_quotations())
        self.assertEqual(line.product_id, self.salon.rental_half_day_product_id)
        self.assertEqual(line.price_subtotal, 225.0)

    def test_lines_follow_the_bookings(self):
        booking = self._book(
            self.request,
            self.salon,
            self._dt(10, 9),
            self._dt(10, 12),
            state="option",
            option_expiry=date(2030, 3, 1),
        )
        order = self.request._build_quotations()
        self.assertEqual(self._space_lines(order).price_subtotal, 250.0)
        # confirmed, the booking costs the same: its line is left as it is (a description reworded)
        self._space_lines(order).name = "Salon, morning"
        booking.action_confirm()
        self.assertEqual(self._space_lines(order).name, "Salon, morning")
        # moved and lengthened to 7 hours: a full day
        booking.write({"date_start": self._dt(11, 9), "date_end": self._dt(11, 16)})
        line = self._space_lines(order)
        self.assertEqual(line.product_id, self.salon.rental_day_product_id)
        self.assertEqual(line.price_subtotal, 400.0)
        self.assertIn(self.salon.display_name, line.name)
        # a second booking added after the quotation: a line of its own (2 h at 100)
        extra = self._book(self.request, self.salon, self._dt(12, 9), self._dt(12, 11))
        self.assertEqual(self._space_lines(order).mapped("price_subtotal"), [400.0, 200.0])
        # released: its line leaves the quotation
        extra.action_release()
        self.assertEqual(self._space_lines(order).mapped("mice_booking_id"), booking)
        self.assertEqual(order.amount_untaxed, 1800.0)
        # on the confirmed order the line stays, at 0 (an order keeps its lines)
        order.action_confirm()
        booking.action_cancel()
        line = self._space_lines(order)
        self.assertEqual(line.product_uom_qty, 0.0)
        self.assertEqual(order.amount_untaxed, 1400.0)

    def test_shortfall_below_the_minimum_spend(self):
        self.salon.fb_minimum = 2000.0
        booking = self._book(self.request, self.salon, self._dt(10, 9), self._dt(10, 12))
        self.assertEqual(booking.fb_minimum, 2000.0)
        order = self.request._build_quotations()
        shortfall = self._space_lines(order, ("fb_shortfall",))
        # 2,000 minimum - 40 x 35 = 1,400 spent
        self.assertEqual(shortfall.product_id, self.env.ref("kam_mice.product_fb_minimum_shortfall"))
        self.assertEqual(shortfall.price_subtotal, 600.0)
        self.assertEqual(
            self._space_lines(order).price_subtotal, 250.0, "no waiver: the space does not say so"
        )
        self.assertEqual(order.amount_untaxed, 1400.0 + 600.0 + 250.0)
        # the minimum agreed for this booking: 1,500 -> 100
        booking.fb_minimum = 1500.0
        self.assertEqual(shortfall.price_subtotal, 100.0)
        # F&B of another day does not count for the 10th
        self.lunch.date = date(2030, 3, 11)
        self.assertEqual(
            self._space_lines(self.request._build_quotations(), ("fb_shortfall",)).price_subtotal, 1500.0
        )

    def test_rental_waived_when_the_minimum_is_met(self):
        self.salon.write({"fb_minimum": 1200.0, "rental_waived_if_minimum": True})
        booking = self._book(self.request, self.salon, self._dt(10, 9), self._dt(10, 12))
        order = self.request._build_quotations()
        rental = self._space_lines(order)
        self.assertEqual(rental.mice_space_charge, "rental_waived")
        self.assertEqual(rental.price_subtotal, 0.0)
        self.assertIn("waived", rental.name)
        self.assertFalse(self._space_lines(order, ("fb_shortfall",)))
        self.assertEqual(order.amount_untaxed, 1400.0)
        # the minimum raised above the F&B: the rental is charged again, with the shortfall
        booking.fb_minimum = 2000.0
        self.assertEqual(rental.mice_space_charge, "rental")
        self.assertEqual(rental.price_subtotal, 250.0)
        self.assertNotIn("waived", rental.name)
        self.assertEqual(self._space_lines(order, ("fb_shortfall",)).price_subtotal, 600.0)

    def test_fb_categories_setting(self):
        settings = Form(self.env["res.config.settings"])
        settings.mice_fb_categ_ids.clear()
        settings.save().execute()
        self.assertFalse(self.company.mice_fb_categ_ids)
        self.salon.fb_minimum = 2000.0
        self._book(self.request, self.salon, self._dt(10, 9), self._dt(10, 12))
        # no F&B category: nothing counts, the whole minimum is short
        order = self.request._build_quotations()
        self.assertEqual(self._space_lines(order, ("fb_shortfall",)).price_subtotal, 2000.0)
        # a parent category of the lunch's counts for its sub-categories
        parent = self.env["product.category"].create({"name": "Catering"})
        self.fb_category.parent_id = parent
        settings = Form(self.env["res.config.settings"])
        settings.mice_fb_categ_ids.add(parent)
        settings.mice_half_day_hours = 5.0
        settings.save().execute()
        self.assertEqual(self.company.mice_fb_categ_ids, parent)
        self.assertEqual(self.company.mice_half_day_hours, 5.0)
        order = self.request._build_quotations()
        self.assertEqual(self._space_lines(order, ("fb_shortfall",)).price_subtotal, 600.0)
        with self.assertRaisesRegex(ValidationError, "half day"):
            self.company.mice_half_day_hours = 0.0

    def test_the_daily_rate_becomes_the_full_day_rate(self):
        """The migration to 18.0.1.1.0 keeps the daily rates typed before rental products."""
        cr = self.env.cr
        self.boardroom.rental_day_rate = 750.0
        self.env.flush_all()
        cr.execute("ALTER TABLE mice_space RENAME COLUMN rental_day_rate TO daily_rate")
        script = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "pre-migrate.py"
        spec = importlib.util.spec_from_file_location("kam_mice_pre_migrate_18_0_1_1_0", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(cr, "18.0.1.0.0")
        self.boardroom.invalidate_recordset(["rental_day_rate"])
        self.assertEqual(self.boardroom.rental_day_rate, 750.0)
