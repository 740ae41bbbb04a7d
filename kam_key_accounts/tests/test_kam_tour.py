from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKamTour(HttpCase):
    def test_manager_creates_a_tier_in_the_browser(self):
        self.start_tour("/odoo/action-kam_key_accounts.kam_tier_action", "kam_tier_tour", login="admin")
        tier = self.env["kam.tier"].search([("name", "=", "Platinum Tour")])
        self.assertEqual(len(tier), 1)

    def test_flag_a_company_and_open_its_card(self):
        company = self.env["res.partner"].create({"name": "Tour Company SA", "is_company": True})
        subsidiary = self.env["res.partner"].create(
            {"name": "Tour Company Filiale", "is_company": True, "parent_id": company.id}
        )
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{company.id}", "kam_key_account_tour", login="admin"
        )
        self.assertTrue(company.is_key_account)
        self.assertEqual(company.key_account_manager_id, self.env.ref("base.user_admin"))
        self.assertEqual(company.kam_tier_id, self.env.ref("kam_key_accounts.kam_tier_strategic"))
        self.assertEqual(subsidiary.key_account_id, company)

    def test_create_submit_and_approve_a_plan(self):
        # the admin is both the account's KAM and the approving manager here: no four-eyes rule
        self.env.company.kam_plan_four_eyes = False
        account = self.env["res.partner"].create(
            {
                "name": "Tour Key Account SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.env.ref("base.user_admin").id,
            }
        )
        self.start_tour(
            "/odoo/action-kam_key_accounts.kam_account_plan_action", "kam_account_plan_tour", login="admin"
        )
        plan = self.env["kam.account.plan"].search([("partner_id", "=", account.id)])
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.env.ref("base.user_admin"))
        self.assertEqual(plan.objective_ids.target, 50000)
        self.assertEqual(plan.action_ids.activity_ids.user_id, self.env.ref("base.user_admin"))

    def test_new_key_account_is_a_company_with_its_parent(self):
        """Key Accounts > New opens a company's form, with the Key Account tab and its parent company."""
        group = self.env["res.partner"].create({"name": "Tour Group", "is_company": True})
        self.start_tour(
            "/odoo/action-kam_key_accounts.res_partner_action_key_account",
            "kam_key_account_new_tour",
            login="admin",
        )
        subsidiary = self.env["res.partner"].search([("name", "=", "Filiale Nord")])
        self.assertTrue(subsidiary.is_company)
        self.assertEqual(subsidiary.parent_id, group)


@tagged("post_install", "-at_install")
class TestKamTourLaptop(HttpCase):
    """What a KAM sees on a 1440 px laptop screen (Odoo's button box shows 4 buttons and "More")."""

    browser_size = "1440x900"

    def test_key_account_buttons_shown_first(self):
        account = self.env.ref("kam_key_accounts.demo_partner_aurelys")
        self.assertTrue(account.kam_active_plan_id, "the demo key account has an active plan")
        self.start_tour(
            f"/odoo/action-kam_key_accounts.res_partner_action_key_account/{account.id}",
            "kam_key_account_buttons_tour",
            login="claire",
        )
