from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestGroupTree(KamCommon):
    """The group as a tree: each company's own orders, companies only, attach and move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_group = Partner.create(
            {
                "name": "Groupe Cimes",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls.group_contact = Partner.create({"name": "Jeanne Siège", "parent_id": cls.group.id})
        cls._order(cls.group, 1000.0)
        cls._order(cls.subsidiary, 300.0)
        cls._order(cls.contact, 200.0)  # a contact of Aurore Lyon buys for it
        cls._order(cls.sub_subsidiary, 50.0, confirm=False)  # a quotation

    def _tree(self, domain):
        Partner = self.env["res.partner"].with_context(kam_group_tree=True)
        rows = Partner.hierarchy_read(domain, ["name", "kam_own_ordered_this_year"], "parent_id")
        return {row["name"]: row["kam_own_ordered_this_year"] for row in rows}

    def test_cards_show_each_company_its_own_orders(self):
        self.assertEqual(
            self._tree([("id", "=", self.subsidiary.id)]),
            {"Groupe Aurore": 1000.0, "Aurore France": 300.0, "Aurore Lyon": 200.0},
        )
        # the same group's figure, rolled up, for the key account
        self.assertEqual(self.group.kam_revenue_ordered_this_year, 1500.0)

    def test_tree_shows_companies_not_contacts(self):
        plain = self.env["res.partner"].hierarchy_read([("id", "=", self.group.id)], ["name"], "parent_id")
        self.assertIn("Jeanne Siège", [row["name"] for row in plain], "Odoo's own read brings contacts")
        self.assertEqual(set(self._tree([("id", "=", self.group.id)])), {"Groupe Aurore", "Aurore France"})
        # the view's first read goes without the action's context: its child field tells the tree
        first = self.env["res.partner"].hierarchy_read(
            [("id", "=", self.group.id)], ["name"], "parent_id", "kam_subsidiary_company_ids"
        )
        self.assertEqual({row["name"] for row in first}, {"Groupe Aurore", "Aurore France"})
        self.assertEqual(self.group.kam_subsidiary_company_ids, self.subsidiary)
        parents = (
            self.env["res.partner"]
            .with_context(kam_group_tree=True)
            .search_read(["|", ("id", "=", self.group.id), ("parent_id", "=", self.group.id)], ["name"])
        )
        self.assertEqual({row["name"] for row in parents}, {"Groupe Aurore", "Aurore France"})

    def test_moving_a_subsidiary_moves_its_roll_up(self):
        """What the tree's drag and drop does: write the parent; the key account follows below it."""
        self.assertEqual(self.other_group.kam_revenue_ordered_this_year, 0.0)
        self.subsidiary.with_context(kam_group_tree=True).write({"parent_id": self.other_group.id})
        self.assertEqual(self.subsidiary.key_account_id, self.other_group)
        self.assertEqual(self.sub_subsidiary.key_account_id, self.other_group)
        self.assertEqual(self.contact.key_account_id, self.other_group)
        orders = self.env["sale.order"].search([("partner_id", "in", (self.subsidiary | self.contact).ids)])
        self.assertEqual(set(orders.mapped("key_account_id")), {self.other_group})
        self.env.invalidate_all()
        self.assertEqual(self.group.kam_revenue_ordered_this_year, 1000.0)
        self.assertEqual(self.other_group.kam_revenue_ordered_this_year, 500.0)

    def test_attach_a_subsidiary(self):
        wizard = (
            self.env["kam.subsidiary.attach"]
            .with_user(self.kam)
            .with_context(active_model="res.partner", active_id=self.sub_subsidiary.id)
            .create({"partner_id": self.outsider.id})
        )
        self.assertEqual(wizard.parent_id, self.sub_subsidiary)
        action = wizard.action_attach()
        self.assertEqual(self.outsider.parent_id, self.sub_subsidiary)
        self.assertEqual(self.outsider.key_account_id, self.group)
        self.assertEqual(action["context"]["hierarchy_res_id"], self.outsider.id)
        self.assertTrue(action["context"]["kam_group_tree"])

    def test_attach_refuses_a_loop(self):
        wizard = self.env["kam.subsidiary.attach"].create(
            {"parent_id": self.sub_subsidiary.id, "partner_id": self.group.id}
        )
        with self.assertRaises(ValidationError):
            wizard.action_attach()

    def test_key_account_opens_its_tree(self):
        action = self.group.action_open_kam_group_tree()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["context"]["hierarchy_res_id"], self.group.id)
        self.assertIn("Groupe Aurore", action["display_name"])
