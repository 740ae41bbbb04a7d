from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Ids of the empty rows start above those of sale order lines (PostgreSQL integers), so that an
# order row keeps its line's id and an empty row never takes one; below that base, an empty row's
# id is its company (28 bits), selling company (8 bits) and offer (16 bits): stable, and under 2**53
# for the web client.
EMPTY_ROW_ID_BASE = 2**31


class KamWhiteSpace(models.Model):
    """The white-space matrix: companies of the key accounts' groups x the offers their company
    tracks (``res.company.kam_offer_categ_ids``), with the revenue ordered in each cell.

    Two kinds of rows:

    - one row per order line of a confirmed order of a group company on a tracked offer (a product
      counts for the nearest tracked category above it), dated by its order date, with its ordered
      revenue as the figures ledger defines it (untaxed, in the company's currency at the order's
      rate: the line's subtotal divided by the order's rate);
    - one empty row per company x offer, without a date, ordered revenue 0 and ``white_space`` 1.

    Every pair thus shows in the pivot, an empty cell as 0. The period filters keep the undated
    empty rows (``'|', ('date', '=', False), ...``) and the ``white_space`` measure is the minimum
    over the cell: 1 when the cell has no order in the period, 0 otherwise. The companies of a group
    are those of today (``res.partner.key_account_id``). Read in SQL, not through the record rules
    of the orders: who sees a row is decided by access to its key account (record rules on this
    model), so a KAM and their manager read the same matrix.
    """

    _name = "kam.white.space"
    _description = "White Space"
    _auto = False
    _rec_name = "categ_id"
    _order = "key_account_id, partner_id, categ_id, date desc"

    key_account_id = fields.Many2one("res.partner", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Group Company", readonly=True)
    categ_id = fields.Many2one("product.category", string="Offer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    kam_id = fields.Many2one("res.users", string="Key Account Manager", readonly=True)
    date = fields.Date(string="Order Date", readonly=True)
    order_reference = fields.Char(string="Order", readonly=True)
    ordered_amount = fields.Monetary(string="Ordered Revenue", readonly=True)
    white_space = fields.Integer(
        readonly=True,
        aggregator="min",
        help="1 when the company has ordered nothing of the offer in the period shown, else 0.",
    )
    is_never_ordered = fields.Boolean(
        string="Never Ordered",
        readonly=True,
        help="The company has never ordered the offer (whatever the period).",
    )

    @property
    def _table_query(self):
        # Two plain branches (no window, no DISTINCT over the lines) so that PostgreSQL pushes a
        # filter on the key account or the company into both: the pivot of one group reads that
        # group's orders only. ``offer_of`` maps each product category to the nearest tracked one
        # above it (categories x tracked offers: small).
        return SQL(
            """
            WITH offer_of AS (
                SELECT DISTINCT ON (rel.company_id, categ.id)
                       rel.company_id, categ.id AS product_categ_id, rel.categ_id
                  FROM res_company_kam_offer_rel rel
                  JOIN product_category tracked ON tracked.id = rel.categ_id
                  JOIN product_category categ ON starts_with(categ.parent_path, tracked.parent_path)
                 ORDER BY rel.company_id, categ.id, length(tracked.parent_path) DESC
            )
            SELECT %(base)s + ((member.id::bigint << 24) | (rel.company_id::bigint << 16) | rel.categ_id)
                       AS id,
                   member.key_account_id, member.id AS partner_id, rel.categ_id, rel.company_id,
                   account.key_account_manager_id AS kam_id,
                   NULL::date AS date, NULL::varchar AS order_reference,
                   0::numeric AS ordered_amount, 1 AS white_space,
                   ever.found IS NULL AS is_never_ordered
              FROM res_partner member
              JOIN res_partner account ON account.id = member.key_account_id
              JOIN res_company_kam_offer_rel rel
                ON member.company_id IS NULL OR member.company_id = rel.company_id
              -- one probe per pair, into this company's own orders (LIMIT 1 keeps it correlated)
              LEFT JOIN LATERAL (
                  SELECT 1 AS found
                    FROM res_partner customer
                    JOIN sale_order sale ON sale.partner_id = customer.id
                    JOIN sale_order_line line ON line.order_id = sale.id
                    JOIN product_product product ON product.id = line.product_id
                    JOIN product_template template ON template.id = product.product_tmpl_id
                    JOIN offer_of ON offer_of.company_id = sale.company_id
                                 AND offer_of.product_categ_id = template.categ_id
                   WHERE customer.commercial_partner_id = member.id
                     AND sale.state = 'sale' AND sale.company_id = rel.company_id
                     AND offer_of.categ_id = rel.categ_id
                   LIMIT 1
              ) ever ON TRUE
             WHERE member.is_company AND member.active
            UNION ALL
            SELECT line.id, member.key_account_id, member.id, offer_of.categ_id, sale.company_id,
                   account.key_account_manager_id, sale.date_order::date, sale.name,
                   line.price_subtotal / COALESCE(NULLIF(sale.currency_rate, 0), 1), 0, FALSE
              FROM sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN res_partner customer ON customer.id = sale.partner_id
              JOIN res_partner member ON member.id = customer.commercial_partner_id
              JOIN res_partner account ON account.id = member.key_account_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN offer_of ON offer_of.company_id = sale.company_id
                           AND offer_of.product_categ_id = template.categ_id
             WHERE sale.state = 'sale' AND member.is_company AND member.active
               AND (member.company_id IS NULL OR member.company_id = sale.company_id)
            """,
            base=EMPTY_ROW_ID_BASE,
        )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_open_opportunity(self):
        """An opportunity for each company and offer of these rows, to the key account's KAM."""
        pairs = {}
        for row in self:
            pairs.setdefault((row.partner_id, row.categ_id, row.company_id), row)
        if not pairs:
            raise UserError(self.env._("Select a cell of the white-space matrix first."))
        leads = self.env["crm.lead"].create([row._opportunity_values() for row in pairs.values()])
        if len(leads) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "crm.lead",
                "res_id": leads.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("id", "in", leads.ids)]
        return action

    def _opportunity_values(self):
        self.ensure_one()
        return {
            "name": self.env._(
                "%(offer)s - %(company)s", offer=self.categ_id.name, company=self.partner_id.name
            ),
            "type": "opportunity",
            "partner_id": self.partner_id.id,
            "user_id": self.kam_id.id,
            "company_id": self.company_id.id,
            "description": Markup("<p>%s</p>")
            % self.env._(
                "Opened from the white-space matrix of %(account)s: %(offer)s for %(company)s.",
                account=self.key_account_id.name,
                offer=self.categ_id.display_name,
                company=self.partner_id.name,
            ),
        }

    @api.model
    def _action_for_accounts(self, accounts):
        """The matrix of these key accounts' groups (pivot: companies x offers)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_white_space_action")
        context = {"search_default_this_year": 1}
        if len(accounts) == 1:
            context["search_default_key_account_id"] = accounts.id
            action["display_name"] = self.env._("%(account)s: white space", account=accounts.display_name)
        action["context"] = context
        if not self.env.company.kam_offer_categ_ids:
            action["help"] = Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>") % (
                self.env._("No offers tracked"),
                self.env._(
                    "Choose the offers (product categories) to track in Sales > Settings > Key Accounts."
                ),
            )
        return action
