from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWhiteSpaceTour(HttpCase):
    def test_kam_opens_an_opportunity_from_an_empty_cell(self):
        """Claire opens her key account's white space, finds Aurélys Lyon's empty Conseil cell (demo)
        and opens an opportunity from it."""
        account = self.env.ref("kam_key_accounts.demo_partner_aurelys")
        lyon = self.env.ref("kam_key_accounts.demo_partner_aurelys_lyon")
        claire = self.env.ref("kam_key_accounts.demo_user_claire")
        self.start_tour(
            f"/odoo/action-kam_key_accounts.res_partner_action_key_account/{account.id}",
            "kam_white_space_tour",
            login="claire",
        )
        lead = self.env["crm.lead"].search([("name", "=", "Conseil - Aurélys Lyon")])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.partner_id, lyon)
        self.assertEqual(lead.user_id, claire)
        self.assertEqual(lead.key_account_id, account)

    def test_kam_opens_the_group_tree(self):
        account = self.env.ref("kam_key_accounts.demo_partner_aurelys")
        self.start_tour(
            f"/odoo/action-kam_key_accounts.res_partner_action_key_account/{account.id}",
            "kam_group_tree_tour",
            login="claire",
        )
