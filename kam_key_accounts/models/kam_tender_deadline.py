from odoo import fields, models, tools
from odoo.tools import SQL

from .kam_tender import OPEN_STATES


class KamTenderDeadline(models.Model):
    """Both deadlines of every tender (questions and submission) as calendar events."""

    _name = "kam.tender.deadline"
    _description = "Tender Deadline"
    _auto = False
    _order = "deadline"

    tender_id = fields.Many2one("kam.tender", readonly=True)
    name = fields.Char(readonly=True)
    kind = fields.Selection([("questions", "Questions"), ("submission", "Submission")], readonly=True)
    deadline = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    key_account_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(related="tender_id.state")
    is_open = fields.Boolean(string="In Progress", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT t.id * 2 AS id, t.id AS tender_id, t.name, 'questions' AS kind,
                           t.questions_deadline AS deadline, t.user_id, t.partner_id, t.key_account_id,
                           t.company_id, t.state IN %(open)s AS is_open
                      FROM kam_tender t
                     WHERE t.questions_deadline IS NOT NULL AND t.active
                    UNION ALL
                    SELECT t.id * 2 + 1, t.id, t.name, 'submission', t.submission_deadline, t.user_id,
                           t.partner_id, t.key_account_id, t.company_id, t.state IN %(open)s
                      FROM kam_tender t
                     WHERE t.active
                )
                """,
                table=SQL.identifier(self._table),
                open=OPEN_STATES,
            )
        )
