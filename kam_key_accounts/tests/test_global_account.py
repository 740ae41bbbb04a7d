from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestGlobalAccount(KamCommon):
    """A global key account above two local key accounts (each with its own KAM and country) and a
    subsidiary that is no key account: figures at both levels, never counted twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_spain = new_test_user(
            cls.env, "kam_elena", groups="kam_key_accounts.group_kam_user", name="Elena KAM"
        )
        france, germany, spain = (cls.env.ref(f"base.{code}") for code in ("fr", "de", "es"))
        cls.france, cls.germany, cls.spain = france, germany, spain
        Partner = cls.env["res.partner"]
        # Anne is the global KAM; Bruno holds Germany, Elena Spain
        cls.global_account = Partner.create(
            {
                "name": "Groupe Boréal",
                "is_company": True,
                "country_id": france.id,
                "is_key_account": True,
                "key_account_manager_id": cls.kam.id,
            }
        )
        cls.french_subsidiary = Partner.create(
            {
                "name": "Boréal France",
                "is_company": True,
                "country_id": france.id,
                "parent_id": cls.global_account.id,
            }
        )
        cls.local_germany = Partner.create(
            {
                "name": "Boreal Deutschland GmbH",
                "is_company": True,
                "country_id": germany.id,
                "parent_id": cls.global_account.id,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls.german_branch = Partner.create(
            {
                "name": "Boreal Logistik GmbH",
                "is_company": True,
                "country_id": germany.id,
                "parent_id": cls.local_germany.id,
            }
        )
        cls.local_spain = Partner.create(
            {
                "name": "Boreal España S.A.",
                "is_company": True,
                "country_id": spain.id,
                "parent_id": cls.global_account.id,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_spain.id,
            }
        )
        # one order per company, today: 1,000 + 2,000 (France), 4,000 + 8,000 (Germany), 16,000 (Spain)
        for partner, amount in (
            (cls.global_account, 1000.0),
            (cls.french_subsidiary, 2000.0),
            (cls.local_germany, 4000.0),
            (cls.german_branch, 8000.0),
            (cls.local_spain, 16000.0),
        ):
            cls._order(partner, amount, when=cls.today)

    def _ordered(self, ids, target="key_account"):
        """Ordered revenue of all time, per key account (or KAM)."""
        return self.env["kam.measure"]._compute_measure("ordered_revenue", ids, target=target)

    def test_roll_up_keeps_each_account_and_its_global_account(self):
        self.assertEqual(self.global_account.kam_global_account_id, self.global_account)
        self.assertEqual(self.french_subsidiary.key_account_id, self.global_account)
        self.assertEqual(self.local_germany.key_account_id, self.local_germany)
        self.assertEqual(self.local_germany.kam_global_account_id, self.global_account)
        self.assertEqual(self.german_branch.key_account_id, self.local_germany)
        self.assertEqual(self.german_branch.kam_global_account_id, self.global_account)
        self.assertEqual(self.global_account.kam_local_account_ids, self.local_germany | self.local_spain)
        self.assertTrue(self.global_account.kam_is_global_account)
        self.assertFalse(self.local_germany.kam_is_global_account)
        self.assertFalse(self.group.kam_is_global_account)
        self.assertEqual(
            self.env["res.partner"].search([("kam_is_global_account", "=", True)]) & self.global_account,
            self.global_account,
        )
        # unflagging the parent: each local account is its own top again
        self.global_account.write({"is_key_account": False})
        self.assertEqual(self.local_germany.kam_global_account_id, self.local_germany)
        self.assertEqual(self.german_branch.kam_global_account_id, self.local_germany)
        self.assertFalse(self.french_subsidiary.kam_global_account_id)

    def test_global_figures_sum_the_group_locals_keep_their_own(self):
        # the global account: 1,000 + 2,000 + 4,000 + 8,000 + 16,000; each local its own
        self.assertEqual(self.global_account.kam_revenue_ordered_this_year, 31000.0)
        self.assertEqual(self.local_germany.kam_revenue_ordered_this_year, 12000.0)
        self.assertEqual(self.local_spain.kam_revenue_ordered_this_year, 16000.0)
        # asked together, in one query: a row counts for its account and its global account once each
        accounts = self.global_account | self.local_germany | self.local_spain
        self.assertEqual(
            self._ordered(accounts.ids),
            {self.global_account.id: 31000.0, self.local_germany.id: 12000.0, self.local_spain.id: 16000.0},
        )
        # each KAM is credited their own accounts' documents: Anne the global account's own
        kams = self.kam | self.kam_other | self.kam_spain
        self.assertEqual(
            self._ordered(kams.ids, target="kam"),
            {self.kam.id: 3000.0, self.kam_other.id: 12000.0, self.kam_spain.id: 16000.0},
        )
        # a plan objective on the global account measures the whole group
        plan = self.env["kam.account.plan"].create(
            {"name": "Boréal", "partner_id": self.global_account.id, "user_id": self.kam.id}
        )
        objective = self.env["kam.plan.objective"].create(
            {"plan_id": plan.id, "measure": "ordered_revenue", "year": self.today.year, "target": 62000.0}
        )
        self.assertEqual(objective.actual, 31000.0)

    def test_companies_of_a_group_keep_their_own_country(self):
        self.assertEqual(self.local_germany.country_id, self.germany)
        self.assertEqual(self.german_branch.country_id, self.germany)
        # the group's new address reaches its contacts, not its subsidiaries
        contact = self.env["res.partner"].create({"name": "Jeanne Roy", "parent_id": self.global_account.id})
        self.global_account.write({"city": "Lille", "country_id": self.france.id})
        self.assertEqual(contact.city, "Lille")
        self.assertEqual(self.local_spain.country_id, self.spain)
        self.assertFalse(self.local_spain.city)
        # attaching a company abroad to the group keeps its country
        portugal = self.env.ref("base.pt")
        lisbon = self.env["res.partner"].create(
            {"name": "Boreal Portugal", "is_company": True, "country_id": portugal.id, "city": "Lisboa"}
        )
        lisbon.parent_id = self.global_account
        self.assertEqual((lisbon.country_id, lisbon.city), (portugal, "Lisboa"))
        # and so does a company loaded from a data file or an import
        loaded = self.env["res.partner"]._load_records(
            [
                {
                    "xml_id": "kam_key_accounts.test_boreal_italia",
                    "values": {
                        "name": "Boreal Italia",
                        "is_company": True,
                        "parent_id": self.global_account.id,
                        "city": "Milano",
                        "country_id": self.env.ref("base.it").id,
                    },
                }
            ]
        )
        self.assertEqual((loaded.country_id.code, loaded.city), ("IT", "Milano"))
        self.assertEqual(loaded.kam_global_account_id, self.global_account)

    def test_analysis_by_country_and_global_account(self):
        Report = self.env["kam.account.report"]
        domain = [("global_account_id", "=", self.global_account.id), ("source", "=", "order")]
        by_country = dict(Report._read_group(domain, ["country_id"], ["ordered_amount:sum"]))
        self.assertEqual(by_country, {self.france: 3000.0, self.germany: 12000.0, self.spain: 16000.0})
        by_account = dict(Report._read_group(domain, ["key_account_id"], ["ordered_amount:sum"]))
        self.assertEqual(
            by_account,
            {self.global_account: 3000.0, self.local_germany: 12000.0, self.local_spain: 16000.0},
        )
        by_global = dict(
            Report._read_group(
                [("key_account_id", "in", (self.global_account | self.local_spain).ids)],
                ["global_account_id"],
                ["ordered_amount:sum"],
            )
        )
        self.assertEqual(by_global, {self.global_account: 19000.0})

    def test_handover_of_a_local_account_moves_only_later_figures(self):
        # an order of Germany 30 days ago, then Germany handed over to Anne from 10 days ago
        self._order(self.local_germany, 100.0, when=self.today - timedelta(days=30))
        handover = Form(
            self.env["kam.handover"]
            .with_user(self.kam_manager)
            .with_context(active_model="res.partner", active_ids=self.local_germany.ids)
        )
        handover.user_id = self.kam
        handover.date = self.today - timedelta(days=10)
        handover.save().action_apply()
        # Bruno keeps the order before; Anne takes today's 12,000 of Germany beside her own 3,000
        kams = self.kam | self.kam_other
        self.assertEqual(
            self._ordered(kams.ids, target="kam"), {self.kam.id: 15000.0, self.kam_other.id: 100.0}
        )
        # both still count for Germany and for the global account, once
        accounts = self.global_account | self.local_germany
        self.assertEqual(
            self._ordered(accounts.ids), {self.global_account.id: 31100.0, self.local_germany.id: 12100.0}
        )
        rows = self.env["kam.account.assignment"].search([("partner_id", "=", self.local_germany.id)])
        self.assertEqual(rows.mapped("global_account_id"), self.global_account)
        self.assertEqual(sorted(rows.user_id.ids), sorted(kams.ids))

    def test_reparenting_a_local_account_moves_only_later_figures(self):
        self._order(self.local_spain, 50.0, when=self.today - timedelta(days=30))
        other_global = self.env["res.partner"].create(
            {
                "name": "Iberia Holding",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam_other.id,
            }
        )
        # moved today: from today on, Spain counts for its new global account
        self.local_spain.parent_id = other_global
        self.assertEqual(self.local_spain.kam_global_account_id, other_global)
        accounts = self.global_account | other_global | self.local_spain
        self.assertEqual(
            self._ordered(accounts.ids),
            {self.global_account.id: 15050.0, other_global.id: 16000.0, self.local_spain.id: 16050.0},
        )
        rows = self.env["kam.account.assignment"].search([("partner_id", "=", self.local_spain.id)])
        self.assertEqual(
            [(row.global_account_id, row.date_from, row.date_to) for row in rows],
            [(self.global_account, False, self.today), (other_global, self.today, False)],
        )

    def test_global_kam_reads_local_plans_but_not_their_settings(self):
        plan = self.env["kam.account.plan"].create(
            {"name": "Deutschland", "partner_id": self.local_germany.id, "user_id": self.kam_other.id}
        )
        objective = self.env["kam.plan.objective"].create(
            {"plan_id": plan.id, "measure": "ordered_revenue", "year": self.today.year, "target": 20000.0}
        )
        # Anne, the global KAM, reads the German plan and its figures
        self.assertEqual(plan.with_user(self.kam).read(["name"])[0]["name"], "Deutschland")
        self.assertEqual(objective.with_user(self.kam).actual, 12000.0)
        self.assertEqual(self.local_germany.with_user(self.kam).kam_revenue_ordered_this_year, 12000.0)
        # but neither writes the plan nor the German account's KAM settings
        with self.assertRaises(AccessError):
            plan.with_user(self.kam).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.local_germany.with_user(self.kam).write({"key_account_manager_id": self.kam.id})
        self.assertFalse(self.local_germany.with_user(self.kam).kam_can_edit)
        # her own account's settings stay hers
        self.global_account.with_user(self.kam).write({"kam_listing": "sbf120"})
        # the Spanish KAM does not read the German plan: a sibling, not its global account
        with self.assertRaises(AccessError):
            plan.with_user(self.kam_spain).read(["name"])
        # once Anne is also the German KAM, she may change its settings
        self.local_germany.write({"key_account_manager_id": self.kam.id})
        self.local_germany.with_user(self.kam).write({"kam_listing": "other"})
        self.assertEqual(self.local_germany.kam_listing, "other")
