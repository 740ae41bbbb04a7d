from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMicePackage(MiceCommon):
    """A day-delegate package: its components' costs, its margin, and the programme item that sells it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = {"type": "service", "taxes_id": [Command.clear()]}
        product = cls.env["product.product"]
        cls.product_meeting_room = product.create(
            {**service, "name": "Meeting room", "sale_ok": False, "standard_price": 12.0}
        )
        cls.product_coffee_break = product.create(
            {**service, "name": "Coffee break", "list_price": 9.0, "standard_price": 4.0}
        )
        cls.product_lunch = product.create({**service, "name": "Lunch", "standard_price": 20.0})
        # sold at the day delegate product's price (60); costs 12 + 2 x 4 + 18.50 (the lunch's
        # negotiated cost, not its standard 20) = 38.50 a person
        cls.package = cls.env["mice.package"].create(
            {
                "name": "Day package",
                "product_id": cls.product_meeting_package.id,
                "component_ids": [
                    Command.create({"product_id": cls.product_meeting_room.id}),
                    Command.create({"product_id": cls.product_coffee_break.id, "quantity": 2}),
                    Command.create({"product_id": cls.product_lunch.id, "unit_cost": 18.5}),
                ],
            }
        )

    def _add_package_item(self, request):
        return self.env["mice.programme.line"].create(
            {
                "request_id": request.id,
                "date": request.date_start,
                "time_start": 9.0,
                "time_end": 17.0,
                "package_id": self.package.id,
            }
        )

    def test_cost_price_and_margin_per_person(self):
        room, breaks, lunch = self.package.component_ids
        self.assertEqual(room.unit_cost, 12.0, "the product's cost by default")
        self.assertEqual(breaks.cost_subtotal, 8.0, "two breaks a person")
        self.assertEqual(lunch.unit_cost, 18.5, "a cost set on the component wins")
        self.assertAlmostEqual(self.package.cost_per_person, 38.5)
        self.assertAlmostEqual(self.package.price_per_person, 60.0)
        self.assertAlmostEqual(self.package.margin_per_person, 21.5)
        self.assertAlmostEqual(self.package.margin_percent, 21.5 / 60)
        # a dearer lunch and a new price follow through
        lunch.unit_cost = 22.0
        self.package.price_per_person = 70.0
        self.assertEqual(self.product_meeting_package.list_price, 70.0, "the price is the product's")
        self.assertAlmostEqual(self.package.cost_per_person, 42.0)
        self.assertAlmostEqual(self.package.margin_per_person, 28.0)
        self.assertAlmostEqual(self.package.margin_percent, 0.4)

    def test_a_package_without_product_brings_its_own(self):
        package = self.env["mice.package"].create({"name": "Half day", "price_per_person": 40.0})
        self.assertEqual(package.product_id.name, "Half day")
        self.assertEqual(package.product_id.type, "service")
        self.assertTrue(package.product_id.sale_ok)
        self.assertEqual(package.product_id.list_price, 40.0)
        self.assertEqual((package.cost_per_person, package.margin_percent), (0.0, 1.0))

    def test_programme_item_sells_the_package_per_person(self):
        request = self._create_request()
        item = self._add_package_item(request)
        self.assertEqual(item.product_id, self.product_meeting_package)
        self.assertEqual(item.quantity_basis, "person")
        self.assertEqual(item.name, "Day package")
        self.assertEqual(item.quantity, 40, "the billable attendees")
        self.assertEqual(item.price_unit, 60.0)
        self.assertEqual(item.cost, 38.5, "the package's cost, not the product's (35)")
        self.assertAlmostEqual(request.cost_total, 40 * 38.5)
        self.assertAlmostEqual(request.margin, 40 * 60 - 40 * 38.5)
        request.attendees_guaranteed = 50
        self.assertAlmostEqual(request.margin, 50 * 21.5)

    def test_choosing_a_package_in_the_programme(self):
        request = self._create_request()
        with Form(request) as form, form.programme_line_ids.new() as line:
            line.date = date(2030, 3, 11)
            line.quantity_basis = "flat"
            line.package_id = self.package
            self.assertEqual(line.product_id, self.product_meeting_package)
            self.assertEqual(line.quantity_basis, "person")
            self.assertEqual(line.name, "Day package")
            self.assertEqual(line.cost, 38.5)
        self.assertEqual(request.programme_line_ids.package_id, self.package)
        self.assertAlmostEqual(request.margin, 40 * 21.5)

    def test_quotation_line_lists_the_components(self):
        request = self._create_request()
        self._add_package_item(request)
        request.action_build_quotation()
        line = request.order_id.order_line.filtered("product_id")
        self.assertEqual(
            line.name,
            "09:00-17:00 Day package\n- Meeting room\n- 2 × Coffee break\n- Lunch",
        )
        self.assertEqual((line.product_uom_qty, line.price_unit), (40, 60.0))
        self.assertAlmostEqual(request.margin, 40 * 21.5)

    def test_quotation_line_names_the_package_under_another_label(self):
        request = self._create_request()
        self._add_package_item(request).name = "Board meeting"
        request.action_build_quotation()
        line = request.order_id.order_line.filtered("product_id")
        self.assertEqual(line.name.splitlines()[:2], ["09:00-17:00 Board meeting", "Day package"])

    def _refused(self, message, function):
        # as in test_checked_values: answered in Python, so PostgreSQL logs no ERROR
        with self.assertNoLogs("odoo.sql_db", "ERROR"), self.assertRaises(ValidationError) as caught:
            function()
        self.assertRegex(str(caught.exception), message)

    def test_negative_quantities_and_costs_are_refused(self):
        Component = self.env(user=self.mice_manager)["mice.package.component"]
        breaks = self.package.component_ids[1]
        cases = [
            lambda: Component.create(
                {"package_id": self.package.id, "product_id": self.product_lunch.id, "quantity": -1}
            ),
            lambda: Component.create(
                {"package_id": self.package.id, "product_id": self.product_lunch.id, "unit_cost": -5}
            ),
            lambda: breaks.with_user(self.mice_manager).write({"quantity": -2}),
        ]
        for case in cases:
            with self.subTest(case=case):
                self._refused("cannot be negative", case)
        self.assertEqual(breaks.quantity, 2)
        self.assertEqual(len(self.package.component_ids), 3)

    def test_users_read_packages_managers_edit_them(self):
        as_user = self.package.with_user(self.mice_user)
        self.assertEqual(
            as_user.component_ids.product_id.mapped("name"), ["Meeting room", "Coffee break", "Lunch"]
        )
        with self.assertRaises(AccessError):
            as_user.name = "Cheaper day"
        with self.assertRaises(AccessError):
            as_user.component_ids[0].unit_cost = 1.0
        self.package.with_user(self.mice_manager).component_ids[0].unit_cost = 13.0
        self.assertAlmostEqual(self.package.cost_per_person, 39.5)
