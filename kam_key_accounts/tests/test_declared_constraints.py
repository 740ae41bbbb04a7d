from datetime import date

from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamCommon

# The operator classes of this add-on's exclusion constraints that an extension brings: a
# database without that extension (btree_gist) could not create them.
EXTENSION_OPCLASSES = """
    SELECT c.conname, opclass.opcname, ext.extname
      FROM pg_constraint c
      JOIN pg_index i ON i.indexrelid = c.conindid
      JOIN pg_opclass opclass ON opclass.oid = ANY(i.indclass::oid[])
      JOIN pg_depend dep ON dep.classid = 'pg_opclass'::regclass AND dep.objid = opclass.oid
                        AND dep.deptype = 'e'
      JOIN pg_extension ext ON ext.oid = dep.refobjid
     WHERE c.contype = 'x' AND c.conrelid::regclass::text = ANY(%s)
"""


@tagged("post_install", "-at_install")
class TestDeclaredConstraints(KamCommon):
    """The exclusion constraints are declared and need no extension; PostgreSQL still refuses
    overlaps whatever writes the rows."""

    def test_the_exclusions_need_no_extension(self):
        tables = ["kam_account_assignment", "kam_contract"]
        self.env.cr.execute(
            SQL(
                "SELECT conname FROM pg_constraint "
                "WHERE contype = 'x' AND conrelid::regclass::text = ANY(%s)",
                tables,
            )
        )
        self.assertEqual(
            sorted(name for (name,) in self.env.cr.fetchall()),
            ["kam_account_assignment_no_overlap", "kam_contract_running_no_overlap"],
        )
        self.env.cr.execute(SQL(EXTENSION_OPCLASSES, tables))
        self.assertEqual(self.env.cr.fetchall(), [])

    def test_a_company_counts_for_one_key_account_at_a_time_in_postgresql(self):
        other = self.env["res.partner"].create({"name": "Groupe Zénith", "is_company": True})

        def assign(partner, date_from, date_to=None):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO kam_account_assignment (partner_id, key_account_id, date_from, date_to) "
                    "VALUES (%s, %s, %s, %s)",
                    partner.id,
                    other.id,
                    date_from,
                    date_to,
                )
            )

        # the subsidiary's open row (since always, with its group) covers any later day
        self.assertSqlConstraint(
            lambda: assign(self.subsidiary, date(2030, 1, 1)),
            "A company counts for one key account at a time.",
        )
        # one company's rows back to back are fine (a row ends the day the next one starts)
        assign(self.outsider, date(2029, 1, 1), date(2030, 1, 1))
        assign(self.outsider, date(2030, 1, 1))
        self.assertSqlConstraint(
            lambda: assign(self.outsider, date(2029, 12, 31), date(2030, 1, 2)),
            "A company counts for one key account at a time.",
        )
        # another company on the same days is no overlap: the ids are compared, not only the days
        assign(other, date(2029, 1, 1), date(2030, 1, 1))
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM kam_account_assignment WHERE partner_id IN %s",
                (self.outsider.id, other.id),
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 3)
