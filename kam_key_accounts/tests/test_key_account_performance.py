from odoo.fields import Command
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccountPerformance(KamCommon):
    """Flagging or re-parenting a big group costs the same number of queries as a small one."""

    def _group_of(self, size):
        parent = self.env["res.partner"].create({"name": f"Groupe {size}", "is_company": True})
        subsidiaries = self.env["res.partner"].create(
            [{"name": f"Filiale {size}-{i}", "is_company": True, "parent_id": parent.id} for i in range(size)]
        )
        # a second level and some records that carry the group
        branches = self.env["res.partner"].create(
            [
                {"name": f"Site {size}-{i}", "is_company": True, "parent_id": sub.id}
                for i, sub in enumerate(subsidiaries[:10])
            ]
        )
        self.env["sale.order"].create(
            [
                {"partner_id": sub.id, "order_line": [Command.create({"product_id": self.product.id})]}
                for sub in subsidiaries[:20] | branches
            ]
        )
        self.env["crm.lead"].create([{"name": "Lead", "partner_id": sub.id} for sub in subsidiaries[:20]])
        self._commit_figures()
        self.env.invalidate_all()
        return parent, subsidiaries, branches

    def _flag_queries(self, parent):
        self.env.invalidate_all()  # each call from a cold cache
        before = self.env.cr.sql_log_count
        parent.write({"is_key_account": True, "key_account_manager_id": self.kam.id})
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _reparent_queries(self, subsidiary, new_parent):
        self._commit_figures()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        subsidiary.parent_id = new_parent
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_flagging_a_group_has_a_bounded_query_count(self):
        small, small_subs, _branches = self._group_of(50)
        big, big_subs, big_branches = self._group_of(1000)
        # the ORM's recomputation of the stored fields that follow the key account searches their
        # records by batches of 1,000 companies: one batch more for the two models (orders,
        # invoices) that have such fields, and nothing else grows with the group
        self.assertLessEqual(self._flag_queries(big) - self._flag_queries(small), 2)
        self.assertEqual(set(big_subs.mapped("key_account_id")), {big})
        self.assertEqual(set(big_branches.mapped("key_account_id")), {big})
        orders = self.env["sale.order"].search([("partner_id", "in", big_subs.ids)])
        self.assertEqual(set(orders.mapped("key_account_id")), {big})
        # and unflagging, the same way
        big.write({"is_key_account": False})
        self.env.flush_all()
        self.assertFalse(any(big_subs.mapped("key_account_id")))

    def test_flagging_query_budget(self):
        parent, _subs, _branches = self._group_of(1000)
        # the partners and their children (5), the flag and the group's key account in SQL (3), the
        # ORM's recomputation of the fields that follow the key account (10: one search per model,
        # two batches of 1,000 companies for orders and invoices), the credit of the time (3), the
        # group's documents queued for the figures ledger (1), its refresh at commit (6), and the
        # check that the new KAM is an internal user (1)
        with self.assertQueryCount(__system__=29):
            parent.write({"is_key_account": True, "key_account_manager_id": self.kam.id})
            self.env.flush_all()

    def test_reparenting_has_a_bounded_query_count(self):
        small, small_subs, _ = self._group_of(50)
        big, big_subs, _ = self._group_of(1000)
        (small | big).write({"is_key_account": True, "key_account_manager_id": self.kam.id})
        self._commit_figures()
        moved = big_subs[0]  # has a branch, orders and a lead
        self.assertEqual(self._reparent_queries(small_subs[0], big), self._reparent_queries(moved, small))
        self.assertEqual(moved.key_account_id, small)
        self.assertEqual(moved.child_ids.key_account_id, small)
        self._commit_figures()
        # constant in the size of the groups (above); 6 of them are the refresh, at commit, of the
        # figures of the moved company's documents
        with self.assertQueryCount(__system__=24):
            moved.parent_id = big
            self.env.flush_all()
