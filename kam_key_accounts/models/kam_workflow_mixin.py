from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, models
from odoo.exceptions import UserError

# The models whose actions are moving records right now. Not in the context: a JSON-RPC caller
# sets the context, not this.
_MOVING = ContextVar("kam_workflow_moving", default=frozenset())


class KamWorkflowMixin(models.AbstractModel):
    """A model whose state (or stage) and approval fields move only through its actions.

    ``write``, ``create`` and ``copy`` refuse these fields from anyone but the model's own
    actions, which write them inside ``_workflow_moving()``: a JSON-RPC ``write`` of
    ``{"state": "approved"}`` is refused as the form's buttons would refuse it. Creating a record
    in its initial state (the field's default) stays possible. The superuser (installation,
    demo data, upgrades) is not checked.
    """

    _name = "kam.workflow.mixin"
    _description = "Workflow Moved by Actions"

    def _workflow_fields(self):
        """The fields only the actions write; the first is the state (or stage) itself."""
        return {"state"}

    def _workflow_state_field(self):
        return "state"

    def _workflow_actions(self):
        """``{state: action method}``: writing only the state (a kanban card dragged to another
        column) runs the action that leads there, with its checks; other states are refused."""
        return {}

    @api.model
    def default_get(self, fields_list):
        # A kanban column's "+" passes its state as a default (default_state=approved): a new record
        # still starts at the start (the field's own default), and the column's action moves it on.
        defaults = super().default_get(fields_list)
        if not self._workflow_is_moving():
            for name in self._workflow_fields() & defaults.keys():
                if f"default_{name}" in self.env.context:
                    field = self._fields[name]
                    defaults[name] = field.default(self) if field.default else False
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_values(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        state = self._workflow_state_field()
        if (
            vals.keys() == {state}
            and not self.env.su
            and self._name not in _MOVING.get()
            and vals[state] in self._workflow_actions()
        ):
            records = self.filtered(lambda record: record[state] != vals[state])
            if records:
                getattr(records, self._workflow_actions()[vals[state]])()
            return True
        self._check_workflow_values([vals])
        return super().write(vals)

    @contextmanager
    def _workflow_moving(self):
        """Within this block, the actions of this model may write its workflow fields."""
        token = _MOVING.set(_MOVING.get() | {self._name})
        try:
            yield
        finally:
            _MOVING.reset(token)

    def _workflow_is_moving(self):
        """Whether this model's actions (or the superuser) are writing now."""
        return self.env.su or self._name in _MOVING.get()

    def _check_state(self, allowed, message=None):
        """Refuse an action on records outside the ``allowed`` states, with the action's own message
        or a general one naming the record and its state."""
        state = self._workflow_state_field()
        stray = self.filtered(lambda record: record[state] not in allowed)
        if not stray:
            return
        if message:
            raise UserError(message)
        record = stray[0]
        raise UserError(
            self.env._(
                "%(record)s is %(state)s: this step is not possible now.",
                record=record.display_name,
                state=dict(self._fields[state]._description_selection(self.env))[record[state]],
            )
        )

    def _workflow_write(self, vals):
        """What an action writes: its new state and approval fields (and any other value)."""
        with self._workflow_moving():
            return self.write(vals)

    def _check_workflow_values(self, vals_list, creating=False):
        if self._workflow_is_moving():
            return
        owned = self._workflow_fields()
        touched = {name for vals in vals_list for name in vals if name in owned}
        if not touched:
            return
        if creating:
            # the initial state (the default) and empty approval fields are what a new record has
            defaults = self.default_get(list(touched))
            touched = {
                name
                for vals in vals_list
                for name in touched & vals.keys()
                if vals[name] and vals[name] != defaults.get(name)
            }
            if not touched:
                return
        name = sorted(touched)[0]
        raise UserError(
            self.env._(
                "%(field)s of %(model)s changes only through its buttons (submit, approve, close...).",
                field=self._fields[name].get_description(self.env)["string"],
                model=self.env["ir.model"]._get(self._name).name,
            )
        )
