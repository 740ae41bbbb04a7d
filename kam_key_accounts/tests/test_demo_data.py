import unittest

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """What the demo data gives the first user of a demo database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.framework_rates = cls.env.ref("kam_key_accounts.demo_pricelist_aurelys", raise_if_not_found=False)
        if not cls.framework_rates:
            raise unittest.SkipTest("the demo data is not loaded")
        cls.public = cls.env.ref("kam_key_accounts.demo_pricelist_public")
        cls.aurelys_lyon = cls.env.ref("kam_key_accounts.demo_partner_aurelys_lyon")
        cls.vallorine_parfums = cls.env.ref("kam_key_accounts.demo_partner_vallorine_parfums")

    def test_framework_rates_are_the_contracts_only(self):
        contract = self.env.ref("kam_key_accounts.demo_contract_aurelys")
        self.assertEqual(contract.pricelist_id, self.framework_rates)
        newcomer = self.env["res.partner"].create({"name": "Nouveau Client SAS", "is_company": True})
        # every customer's own pricelist is the public one, the contract's group included
        for customer in (self.vallorine_parfums, newcomer, self.aurelys_lyon):
            self.assertEqual(customer.property_product_pricelist, self.public, customer.name)
        # the running contract gives the framework rates to its group's quotations, to them only
        product = self.env.ref("kam_key_accounts.demo_product_consulting")
        orders = self.env["sale.order"].create(
            [
                {"partner_id": customer.id, "order_line": [Command.create({"product_id": product.id})]}
                for customer in (self.aurelys_lyon, self.vallorine_parfums, newcomer)
            ]
        )
        self.assertEqual(
            [order.pricelist_id for order in orders], [self.framework_rates, self.public, self.public]
        )
