from odoo import api, fields, models
from odoo.tools import SQL


class KamAccountAssignment(models.Model):
    """Which key account and KAM a company counted for, from when to when: the credit of the time.

    One row per company (a commercial partner) and period; the open row (no end) is today's.
    Written by the key-account roll-up and by hand-overs, never by hand: the figures ledger
    (``kam.figure``) credits each document to the row that covers its day. The first row of a
    company has no start: what it did before it joined its first key account counts for that
    account, so that flagging a group shows its history. A hand-over on a day moves what happens
    from that day on, and only that.
    """

    _name = "kam.account.assignment"
    _description = "Key Account Assignment"
    _order = "partner_id, date_from desc, id desc"
    _rec_name = "key_account_id"

    partner_id = fields.Many2one(
        "res.partner", string="Company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    key_account_id = fields.Many2one(
        "res.partner", required=True, readonly=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Key Account Manager", readonly=True, ondelete="set null")
    # the topmost key account above key_account_id then (itself when none): the global account
    # whose group figures the company's documents count in too
    global_account_id = fields.Many2one("res.partner", readonly=True, index=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="Until", readonly=True, help="The day the next assignment starts.")

    _sql_constraints = [
        (
            # the company as a one-value range, as hr_work_entry does: no extension (btree_gist)
            "no_overlap",
            "EXCLUDE USING gist (int4range(partner_id, partner_id, '[]') WITH =, "
            "daterange(date_from, date_to, '[)') WITH &&)",
            "A company counts for one key account at a time.",
        ),
        (
            "dates_ordered",
            "CHECK(date_from IS NULL OR date_to IS NULL OR date_from < date_to)",
            "An assignment ends after it starts.",
        ),
    ]

    def init(self):
        # before the figures ledger is rebuilt (kam.figure, initialized after this model)
        self.pool.post_init(self._init_rows)

    def _init_rows(self):
        """Installing on a database that already has key accounts: one open row per company in a
        group, from the beginning (the figures are then credited as they were before)."""
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_account_assignment (partner_id, key_account_id, user_id, global_account_id)
                SELECT partner.id, partner.key_account_id, account.key_account_manager_id,
                       partner.kam_global_account_id
                  FROM res_partner partner
                  JOIN res_partner account ON account.id = partner.key_account_id
                 WHERE partner.id = partner.commercial_partner_id
                   AND NOT EXISTS (SELECT 1 FROM kam_account_assignment existing
                                    WHERE existing.partner_id = partner.id)
                """
            )
        )

    @api.model
    def _record(self, partner_ids, day):
        """Bring the assignments of these partners' companies in line with their key account and KAM
        of now, changed on ``day``; return the companies whose assignment changed.

        In SQL, a few statements whatever the number of companies (flagging a group of thousands).
        """
        Partner = self.env["res.partner"]
        Partner.flush_model(
            ["commercial_partner_id", "key_account_id", "key_account_manager_id", "kam_global_account_id"]
        )
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.key_account_id, account.key_account_manager_id,
                       partner.kam_global_account_id,
                       current.id, current.key_account_id, current.user_id, current.global_account_id,
                       current.date_from,
                       EXISTS (SELECT 1 FROM kam_account_assignment any_row
                                WHERE any_row.partner_id = partner.id)
                  FROM res_partner partner
                  LEFT JOIN res_partner account ON account.id = partner.key_account_id
                  LEFT JOIN kam_account_assignment current
                         ON current.partner_id = partner.id AND current.date_to IS NULL
                 WHERE partner.id IN (SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%s))
                """,
                list(partner_ids),
            )
        )
        close, delete, update, insert, changed = [], [], [], [], set()
        for (
            partner,
            account,
            kam,
            global_account,
            current,
            current_account,
            current_kam,
            current_global,
            since,
            has_rows,
        ) in self.env.cr.fetchall():
            if (current_account, current_kam, current_global) == (account, kam, global_account):
                continue  # unchanged, or never in a key account
            changed.add(partner)
            if current and since and since >= day:
                # changed again the same day: that day's row is replaced
                if account:
                    update.append((current, account, kam, global_account))
                else:
                    delete.append(current)
                continue
            if current:
                close.append(current)
            if account:
                insert.append((partner, account, kam, day if has_rows else None, global_account))
        cr = self.env.cr
        if close:
            cr.execute(SQL("UPDATE kam_account_assignment SET date_to = %s WHERE id = ANY(%s)", day, close))
        if delete:
            cr.execute(SQL("DELETE FROM kam_account_assignment WHERE id = ANY(%s)", delete))
        if update:
            cr.execute(
                SQL(
                    """
                    UPDATE kam_account_assignment assignment
                       SET key_account_id = new.account, user_id = new.kam, global_account_id = new.global
                      FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS account,
                                   unnest(%s::int[]) AS kam, unnest(%s::int[]) AS global) AS new
                     WHERE assignment.id = new.id
                    """,
                    [row[0] for row in update],
                    [row[1] for row in update],
                    [row[2] for row in update],
                    [row[3] for row in update],
                )
            )
        if insert:
            cr.execute(
                SQL(
                    """
                    INSERT INTO kam_account_assignment
                           (partner_id, key_account_id, user_id, date_from, global_account_id)
                    SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[], %s::int[])
                    """,
                    [row[0] for row in insert],
                    [row[1] for row in insert],
                    [row[2] for row in insert],
                    [row[3] for row in insert],
                    [row[4] for row in insert],
                )
            )
        self.invalidate_model()
        if changed:
            self.env["kam.figure"]._mark_partners_dirty(changed)
        return changed
