from odoo import api, fields, models

from ..tools import flag_search_domain


class KamDeadlineMixin(models.AbstractModel):
    """A record that is late once its deadline has passed while it is still open.

    A model using it names its deadline field (a Date, compared with the user's today, or a Datetime,
    compared with now), its open states and its flag, declared with
    ``compute="_compute_deadline_passed", search="_search_deadline_passed"``.
    """

    _name = "kam.deadline.mixin"
    _description = "Deadline Passed"

    _deadline_field = "date_deadline"
    _deadline_open_states = ()
    _deadline_flag = "is_overdue"

    def _deadline_now(self):
        if self._fields[self._deadline_field].type == "date":
            return fields.Date.context_today(self)
        return fields.Datetime.now()

    @api.depends(lambda self: ("state", self._deadline_field))
    def _compute_deadline_passed(self):
        now = self._deadline_now()
        for record in self:
            deadline = record[self._deadline_field]
            record[self._deadline_flag] = bool(
                record.state in self._deadline_open_states and deadline and deadline < now
            )

    def _search_deadline_passed(self, operator, value):
        passed = [
            ("state", "in", self._deadline_open_states),
            (self._deadline_field, "<", self._deadline_now()),
        ]
        return flag_search_domain(self.env, operator, value, passed)
