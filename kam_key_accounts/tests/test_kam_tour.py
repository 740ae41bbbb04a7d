from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKamTour(HttpCase):
    def test_manager_creates_a_tier_in_the_browser(self):
        self.start_tour("/odoo/action-kam_key_accounts.kam_tier_action", "kam_tier_tour", login="admin")
        tier = self.env["kam.tier"].search([("name", "=", "Platinum Tour")])
        self.assertEqual(len(tier), 1)
