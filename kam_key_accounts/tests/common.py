from contextlib import contextmanager
from datetime import date

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


class KamCommon(TransactionCase):
    """A key-account group with subsidiaries at two levels, users per role, orders and invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.this_year = date(cls.today.year, 1, 1)
        cls.last_year = date(cls.today.year - 1, 1, 1)

        cls.kam = new_test_user(
            cls.env, "kam_anne", groups="kam_key_accounts.group_kam_user", name="Anne KAM"
        )
        cls.kam_other = new_test_user(
            cls.env, "kam_bruno", groups="kam_key_accounts.group_kam_user", name="Bruno KAM"
        )
        cls.kam_manager = new_test_user(
            cls.env, "kam_carla", groups="kam_key_accounts.group_kam_manager", name="Carla Manager"
        )
        cls.salesman = new_test_user(
            cls.env, "sales_denis", groups="sales_team.group_sale_salesman", name="Denis Sales"
        )
        cls.tier_key = cls.env.ref("kam_key_accounts.kam_tier_key")
        cls.role_sponsor = cls.env.ref("kam_key_accounts.kam_team_role_sponsor")

        Partner = cls.env["res.partner"]
        cls.group = Partner.create({"name": "Groupe Aurore", "is_company": True})
        cls.subsidiary = Partner.create(
            {"name": "Aurore France", "is_company": True, "parent_id": cls.group.id}
        )
        cls.sub_subsidiary = Partner.create(
            {"name": "Aurore Lyon", "is_company": True, "parent_id": cls.subsidiary.id}
        )
        cls.contact = Partner.create({"name": "Léa Martin", "parent_id": cls.sub_subsidiary.id})
        cls.outsider = Partner.create({"name": "Indépendant SARL", "is_company": True})
        cls.group.write(
            {"is_key_account": True, "key_account_manager_id": cls.kam.id, "kam_tier_id": cls.tier_key.id}
        )

        cls.product = cls.env["product.product"].create(
            {"name": "Consulting day", "type": "service", "list_price": 1000.0, "taxes_id": [Command.clear()]}
        )

    @classmethod
    def _order(cls, partner, amount, *, when=None, confirm=True, pricelist=None):
        """A sale order of ``amount`` (untaxed), confirmed and dated ``when`` (today by default)."""
        values = {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount})
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        if when:
            values["date_order"] = fields.Datetime.to_datetime(when)
        order = cls.env["sale.order"].create(values)
        if confirm:
            order.action_confirm()
            if when:  # action_confirm stamps the order with now
                order.date_order = fields.Datetime.to_datetime(when)
        return order

    @classmethod
    def _invoice(cls, partner, amount, *, when=None, refund=False):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": partner.id,
                "invoice_date": when or cls.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _commit_figures(self):
        """What a commit does to the figures ledger: its precommit hook rewrites the rows of the
        documents changed so far (tests never commit; counting queries after it, not with it)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def assertSqlConstraint(self, function, message):
        """The database refuses the change, and the user sees ``message`` (as the RPC layer shows it)."""
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            function()
        self.assertIn(message, str(_as_validation_error(self.env, caught.exception)))

    def assertRefusedBeforeSql(self, function, message):
        """Refused in our words (kam.checked.mixin) before PostgreSQL, whose constraint stays the
        last line: a ValidationError with ``message``, and no ``bad query`` ERROR in the log."""
        with self.assertNoLogs("odoo.sql_db", "ERROR"), self.assertRaises(ValidationError) as caught:
            function()
        self.assertIn(message, str(caught.exception))

    @contextmanager
    def assertUserError(self, fragment, exception=ValidationError):
        """Odoo's assertRaises (with its savepoint and cache reset), then the message users read."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(fragment, str(caught.exception))
