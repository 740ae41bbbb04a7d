import psycopg2

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceQuotation(MiceCommon):
    def _lines(self, order):
        return {line.product_id: line for line in order.order_line if line.product_id}

    def test_quotation_follows_the_programme(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        order = request.order_id
        self.assertEqual(order.mice_request_id, request)
        self.assertEqual(order.mice_version, 1)
        sections = order.order_line.filtered(lambda line: line.display_type == "line_section")
        # dated in the user's format
        self.assertEqual(sections.mapped("name"), ["Day 1: 03/10/2030", "Day 2: 03/11/2030"])
        lines = self._lines(order)
        self.assertEqual(lines[self.product_meeting_package].product_uom_qty, 40, "per person")
        self.assertEqual(lines[self.product_room].product_uom_qty, 80, "per person per night, 2 nights")
        self.assertEqual(lines[self.product_av].product_uom_qty, 3, "per unit")
        self.assertEqual(lines[self.product_gala].product_uom_qty, 1, "flat")
        self.assertEqual(lines[self.product_meeting_package].name, "09:00-17:00 Plenary session")
        self.assertAlmostEqual(order.amount_untaxed, 40 * 60 + 80 * 120 + 3 * 150 + 2000)
        self.assertAlmostEqual(request.amount_untaxed, order.amount_untaxed)
        self.assertAlmostEqual(request.margin, order.amount_untaxed - (40 * 35 + 80 * 90))

    def test_quoting_without_programme_is_refused(self):
        request = self._create_request()
        with self.assertRaisesRegex(UserError, "Add a programme"):
            request.action_build_quotation()
        self.assertFalse(request.order_ids, "nothing half-written")

    def test_guarantee_updates_draft_quotation(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        request.attendees_guaranteed = 55
        lines = self._lines(request.order_id)
        self.assertEqual(lines[self.product_meeting_package].product_uom_qty, 55)
        self.assertEqual(lines[self.product_room].product_uom_qty, 110)
        self.assertEqual(lines[self.product_av].product_uom_qty, 3, "per unit lines do not follow attendees")
        self.assertAlmostEqual(lines[self.product_meeting_package].price_unit, 60.0, msg="price kept")

    def test_guarantee_change_on_confirmed_order_is_proposed(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        request.action_confirm()
        order = request.order_id
        request.attendees_guaranteed = 35
        lines = self._lines(order)
        self.assertEqual(lines[self.product_meeting_package].product_uom_qty, 40, "not applied silently")
        self.assertEqual(order.mice_pending_attendees, 35)
        order.action_mice_apply_attendees()
        self.assertEqual(lines[self.product_meeting_package].product_uom_qty, 35)
        self.assertEqual(lines[self.product_room].product_uom_qty, 70)
        self.assertFalse(order.mice_pending_attendees)

    def test_versions_and_chosen_proposal(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        first = request.order_id
        request.programme_line_ids.filtered(lambda line: line.quantity_basis == "flat").price_unit = 1500.0
        request.action_build_quotation()
        second = request.order_id
        self.assertEqual((first.mice_version, second.mice_version), (1, 2))
        self.assertEqual(request.order_count, 2)
        self.assertTrue(second.mice_is_chosen)
        first.action_mice_choose()
        self.assertEqual(request.order_id, first)
        self.assertAlmostEqual(request.amount_untaxed, first.amount_untaxed)
        second.action_confirm()
        self.assertEqual(request.order_id, second, "confirming a proposal chooses it")
        self.assertTrue(request.is_confirmed)

    def test_one_confirmed_proposal_per_request(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        first = request.order_id
        request.action_build_quotation()
        second = request.order_id
        request.action_confirm()
        self.assertEqual((first.state, second.state), ("cancel", "sale"), "the other version is cancelled")
        self.assertIn(second.name, first.message_ids[0].body, "and says why")
        self.assertIn(first.name, request.message_ids[0].body)
        # the cancelled version, set back to quotation, cannot be confirmed beside the confirmed one
        first.action_draft()
        with self.assertRaisesRegex(UserError, "already has a confirmed proposal"):
            first.action_confirm()
        self.assertEqual(first.state, "draft", "nothing half-written")
        self.assertEqual(request.order_ids.filtered(lambda o: o.state == "sale"), second)
        # PostgreSQL holds the rule whatever writes the rows
        with self.assertRaises(psycopg2.errors.ExclusionViolation), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute("UPDATE sale_order SET state = 'sale' WHERE id = %s", [first.id])

    def test_two_versions_confirmed_together_are_refused(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        request.action_build_quotation()
        with self.assertRaisesRegex(UserError, "already has a confirmed proposal"):
            request.order_ids.action_confirm()
        self.assertEqual(set(request.order_ids.mapped("state")), {"draft"})

    def test_a_confirmed_order_does_not_become_a_proposal(self):
        request = self._create_request()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [fields.Command.create({"product_id": self.product_av.id})],
            }
        )
        order.action_confirm()
        salesman = new_test_user(
            self.env, "salesman", groups="sales_team.group_sale_salesman_all_leads,kam_mice.group_mice_user"
        )
        with self.assertRaisesRegex(UserError, "cannot become a proposal"):
            order.with_user(salesman).mice_request_id = request
        self.assertFalse(order.mice_request_id)

    def test_multi_currency_pricing(self):
        company_currency = self.company.currency_id
        other = (
            self.env.ref("base.EUR")
            if company_currency != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        other.active = True
        self.env["res.currency.rate"].search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 2.0, "name": "2020-01-01", "company_id": self.company.id}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": other.id, "company_id": self.company.id}
        )
        request = self._create_request(pricelist_id=pricelist.id, budget_amount=10000)
        self.assertEqual(request.currency_id, other)
        self._add_programme(request)
        package = request.programme_line_ids.filtered(
            lambda line: line.product_id == self.product_meeting_package
        )
        self.assertAlmostEqual(package.price_unit, 120.0, msg="60 converted at rate 2")
        self.assertAlmostEqual(package.cost, 70.0)
        request.action_build_quotation()
        order = request.order_id
        self.assertEqual(order.currency_id, other)
        self.assertAlmostEqual(self._lines(order)[self.product_meeting_package].price_unit, 120.0)

    def test_price_per_person_on_the_quotation_and_its_print(self):
        request = self._create_request()
        self._add_programme(request)
        request.action_build_quotation()
        order = request.order_id
        # 40 x 60 + 80 x 120 + 3 x 150 + 2,000 = 14,450 for 40 people
        self.assertAlmostEqual(order.mice_amount_per_person, 361.25)
        request.attendees_guaranteed = 50  # 50 x 60 + 100 x 120 + 450 + 2,000 = 17,450
        self.assertAlmostEqual(order.mice_amount_per_person, 349.0)
        html = self.env["ir.actions.report"]._render_qweb_html("sale.report_saleorder", order.ids)[0].decode()
        self.assertIn("Price per Person", html)
        self.assertRegex(html, r"349\.00")
        self.assertIn("50", html[html.index("Price per Person") :][:300], "the attendees it divides by")
        plain = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [(0, 0, {"product_id": self.product_av.id, "product_uom_qty": 2})],
            }
        )
        self.assertEqual(plain.mice_amount_per_person, 0.0)
        html = self.env["ir.actions.report"]._render_qweb_html("sale.report_saleorder", plain.ids)[0].decode()
        self.assertNotIn("Price per Person", html, "only MICE quotations are read per person")
