from datetime import date

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestWhiteSpace(KamCommon):
    """Two companies x three offers, hand-computed:

    ============  ==============================  =======================  =======
    this year     A (a product of A's sub-categ)  B                        C
    ============  ==============================  =======================  =======
    Boréal        1,000                           1,200 (600 at rate 0.5)  0 (ws)
    Boréal Est    0 (ws; 250 last year)           400                      0 (ws)
    ============  ==============================  =======================  =======
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.offer_a = Category.create({"name": "WS Offre A"})
        cls.offer_a_sub = Category.create({"name": "WS Offre A1", "parent_id": cls.offer_a.id})
        cls.offer_b = Category.create({"name": "WS Offre B"})
        cls.offer_c = Category.create({"name": "WS Offre C"})
        cls.untracked = Category.create({"name": "WS Hors offre"})
        cls.company.kam_offer_categ_ids = [Command.set((cls.offer_a | cls.offer_b | cls.offer_c).ids)]
        Product = cls.env["product.product"]
        cls.product_a = Product.create({"name": "WS A1", "type": "service", "categ_id": cls.offer_a_sub.id})
        cls.product_b = Product.create({"name": "WS B", "type": "service", "categ_id": cls.offer_b.id})
        cls.product_other = Product.create({"name": "WS X", "type": "service", "categ_id": cls.untracked.id})

        Partner = cls.env["res.partner"]
        cls.boreal = Partner.create({"name": "Groupe Boréal", "is_company": True})
        cls.boreal_est = Partner.create(
            {"name": "Boréal Est", "is_company": True, "parent_id": cls.boreal.id}
        )
        cls.boreal_buyer = Partner.create({"name": "Paul Achat", "parent_id": cls.boreal_est.id})
        cls.boreal.write({"is_key_account": True, "key_account_manager_id": cls.kam.id})

        cls.foreign = cls.env["res.currency"].create({"name": "KZW", "symbol": "W", "rounding": 0.01})
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": date(cls.today.year - 2, 1, 1), "rate": 0.5}
        )
        foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "KZW", "currency_id": cls.foreign.id}
        )
        last_year = date(cls.today.year - 1, 6, 15)
        cls.orders = (
            cls._sell(cls.boreal, cls.product_a, 1000.0)
            | cls._sell(cls.boreal, cls.product_b, 600.0, pricelist=foreign_pricelist)
            | cls._sell(cls.boreal_buyer, cls.product_b, 400.0)  # a contact buys for its company
            | cls._sell(cls.boreal_est, cls.product_a, 250.0, when=last_year)
            | cls._sell(cls.boreal_est, cls.product_other, 777.0)  # not a tracked offer
        )
        cls._sell(cls.boreal_est, cls.product_b, 9999.0, confirm=False)  # a quotation
        cls._sell(cls.outsider, cls.product_a, 5000.0)  # not in the group
        # sold by a salesperson: the KAM cannot read these orders, yet reads the matrix
        cls.orders.user_id = cls.salesman
        cls.env.flush_all()

    @classmethod
    def _sell(cls, partner, product, amount, *, when=None, confirm=True, pricelist=None):
        values = {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": amount})
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].create(values)
        if confirm:
            order.action_confirm()
            if when:
                order.date_order = fields.Datetime.to_datetime(when)
        return order

    def _period(self, year):
        """The search view's period filter: the undated empty rows and the year's orders."""
        return [
            "|",
            ("date", "=", False),
            "&",
            ("date", ">=", date(year, 1, 1)),
            ("date", "<=", date(year, 12, 31)),
        ]

    def _matrix(self, env, domain=()):
        rows = env["kam.white.space"]._read_group(
            [("key_account_id", "=", self.boreal.id), *domain],
            ["partner_id", "categ_id"],
            ["ordered_amount:sum", "white_space:min"],
        )
        return {(partner.name, categ.name): (round(amount, 2), flag) for partner, categ, amount, flag in rows}

    def test_every_cell_with_its_revenue_this_year(self):
        self.assertEqual(
            self._matrix(self.env, self._period(self.today.year)),
            {
                ("Groupe Boréal", "WS Offre A"): (1000.0, 0),
                ("Groupe Boréal", "WS Offre B"): (1200.0, 0),
                ("Groupe Boréal", "WS Offre C"): (0.0, 1),
                ("Boréal Est", "WS Offre A"): (0.0, 1),
                ("Boréal Est", "WS Offre B"): (400.0, 0),
                ("Boréal Est", "WS Offre C"): (0.0, 1),
            },
        )

    def test_last_year_keeps_the_empty_cells(self):
        self.assertEqual(
            self._matrix(self.env, self._period(self.today.year - 1)),
            {
                ("Groupe Boréal", "WS Offre A"): (0.0, 1),
                ("Groupe Boréal", "WS Offre B"): (0.0, 1),
                ("Groupe Boréal", "WS Offre C"): (0.0, 1),
                ("Boréal Est", "WS Offre A"): (250.0, 0),
                ("Boréal Est", "WS Offre B"): (0.0, 1),
                ("Boréal Est", "WS Offre C"): (0.0, 1),
            },
        )

    def test_never_ordered_filter(self):
        rows = self.env["kam.white.space"].search(
            [("key_account_id", "=", self.boreal.id), ("is_never_ordered", "=", True)]
        )
        self.assertEqual(
            {(row.partner_id.name, row.categ_id.name) for row in rows},
            {("Groupe Boréal", "WS Offre C"), ("Boréal Est", "WS Offre C")},
        )

    def test_same_matrix_for_the_kam_and_the_manager(self):
        self.assertFalse(
            self.env["sale.order"].with_user(self.kam).search_count([("id", "in", self.orders.ids)])
        )
        by_kam = self._matrix(self.env(user=self.kam), self._period(self.today.year))
        by_manager = self._matrix(self.env(user=self.kam_manager), self._period(self.today.year))
        self.assertEqual(by_kam, by_manager)
        self.assertEqual(by_kam[("Groupe Boréal", "WS Offre B")], (1200.0, 0))
        # another KAM does not read this group's white space
        self.assertFalse(self._matrix(self.env(user=self.kam_other)))

    def test_plan_white_space_reads_the_tracked_offers(self):
        plan = self.env["kam.account.plan"].create({"name": "Plan Boréal", "partner_id": self.boreal.id})
        self.assertEqual(plan.white_space_categ_ids, self.offer_c)
        self.company.kam_offer_categ_ids = [Command.clear()]
        plan.invalidate_recordset()
        self.assertFalse(plan.white_space_categ_ids)
        self.assertFalse(plan.kam_offer_categ_ids)

    def test_open_opportunity_from_an_empty_cell(self):
        cell = (
            self.env["kam.white.space"]
            .with_user(self.kam)
            .search([("partner_id", "=", self.boreal_est.id), ("categ_id", "=", self.offer_c.id)])
        )
        self.assertEqual(len(cell), 1, "an empty cell has one undated row")
        self.assertFalse(cell.date)
        action = cell.action_open_opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(lead.name, "WS Offre C - Boréal Est")
        self.assertEqual(lead.partner_id, self.boreal_est)
        self.assertEqual(lead.user_id, self.kam)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.key_account_id, self.boreal)
        self.assertIn("Groupe Boréal", str(lead.description))

    def test_open_opportunities_once_per_cell(self):
        rows = self.env["kam.white.space"].search(
            [("key_account_id", "=", self.boreal.id), ("categ_id", "=", self.offer_b.id)]
        )
        # Boréal's cell B: its empty row and one order row; Boréal Est's cell B: likewise
        self.assertEqual(len(rows), 4)
        action = rows.action_open_opportunity()
        leads = self.env["crm.lead"].search(action["domain"])
        self.assertEqual(
            sorted(leads.mapped("name")), ["WS Offre B - Boréal Est", "WS Offre B - Groupe Boréal"]
        )

    def test_key_account_opens_its_matrix(self):
        action = self.boreal_est.with_user(self.kam).action_open_kam_white_space()
        self.assertEqual(action["res_model"], "kam.white.space")
        self.assertEqual(action["context"]["search_default_key_account_id"], self.boreal.id)
        self.assertEqual(action["context"]["search_default_this_year"], 1)
