from odoo import SUPERUSER_ID, api, fields, models

from ..tools import flag_search_domain


class KamApprovalMixin(models.AbstractModel):
    """A record that waits for a Key Accounts manager's answer (a plan to approve, a go/no-go to decide),
    on a model with activities (``mail.activity.mixin``).

    Asking schedules an activity of the kind's own type for the approver; the answer marks it done,
    with the answer as feedback; withdrawing the request deletes it. The managers' queue
    (Key Accounts > To Approve) lists the records whose activity is assigned to the current user:
    a model joins it with its activity type, its requester and one menu.
    """

    _name = "kam.approval.mixin"
    _description = "Approval by a Key Accounts Manager"

    kam_awaiting_my_approval = fields.Boolean(
        string="Waiting for Me",
        compute="_compute_kam_awaiting_my_approval",
        search="_search_kam_awaiting_my_approval",
    )

    @api.depends_context("uid")
    def _compute_kam_awaiting_my_approval(self):
        activities = self._kam_approval_activities().filtered(
            lambda activity: activity.user_id == self.env.user
        )
        waiting = set(activities.mapped("res_id"))
        for record in self:
            record.kam_awaiting_my_approval = record.id in waiting

    def _search_kam_awaiting_my_approval(self, operator, value):
        activity_type = self.env.ref(self._kam_approval_activity_type())
        mine = [
            (
                "activity_ids",
                "any",
                [("activity_type_id", "=", activity_type.id), ("user_id", "=", self.env.uid)],
            )
        ]
        return flag_search_domain(self.env, operator, value, mine)

    # ------------------------------------------------------------------------------------------
    # What each kind of request says
    # ------------------------------------------------------------------------------------------
    def _kam_approval_activity_type(self):
        """The xml id of the activity type of this kind of request."""
        raise NotImplementedError

    def _kam_approval_requester(self):
        """The user whose manager answers: the record's key account manager."""
        self.ensure_one()
        return self.user_id

    # ------------------------------------------------------------------------------------------
    # Asking, answering, withdrawing
    # ------------------------------------------------------------------------------------------
    def _kam_request_approval(self):
        """An activity for each approver of each record (see ``_kam_approvers``), in one batch."""
        activity_type = self.env.ref(self._kam_approval_activity_type())
        deadline = activity_type._get_date_deadline()
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": activity_type.default_note,
                    "date_deadline": deadline,
                    "user_id": approver.id,
                    "automated": True,
                }
                for record, approvers in self._kam_approvers().items()
                for approver in approvers
            ]
        )

    def _kam_approval_answered(self, feedback):
        """The request is answered: the answering manager's activity is done with ``feedback`` (the
        first one when another manager answered), the other approvers' ones go."""
        activities = self._kam_approval_activities()
        done = self.env["mail.activity"]
        for record in self:
            of_record = activities.filtered(lambda activity, record=record: activity.res_id == record.id)
            mine = of_record.filtered(lambda activity: activity.user_id == self.env.user)
            done |= mine[:1] or of_record[:1]
        (activities - done).unlink()
        if done:
            done.action_feedback(feedback=feedback)

    def _kam_approval_withdrawn(self):
        """The request goes back (reset to draft, abandoned): nothing waits for the approvers any more."""
        self._kam_approval_activities().unlink()

    def _kam_approval_activities(self):
        if not self.ids:
            return self.env["mail.activity"]
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self.env.ref(self._kam_approval_activity_type()).id),
            ]
        )

    def _kam_approvers(self):
        """``{record: users}``: who answers each request. The leader of the requester's sales team
        when they are a Key Accounts manager of the record's company, else every such manager;
        never the requester (a manager does not approve their own request)."""
        # sudo: who manages whom is the configuration's, not something the requester may read
        managers = (
            self.env.ref("kam_key_accounts.group_kam_manager")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share and user.id != SUPERUSER_ID)
        )
        result = {}
        for record in self:
            requester = record._kam_approval_requester().sudo()
            candidates = managers.filtered(
                lambda user, record=record, requester=requester: record.company_id in user.company_ids
                and user != requester
            )
            leader = requester.sale_team_id.user_id
            result[record] = leader if leader in candidates else candidates
        return result
