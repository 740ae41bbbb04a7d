import re

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.translate import translate_sql_constraint

UNIQUE = re.compile(r"^\s*UNIQUE\s*\(([^)]*)\)\s*$", re.IGNORECASE)


class KamCheckedMixin(models.AbstractModel):
    """Bad values are refused in our words before PostgreSQL sees them.

    The one rule of both add-ons: every ``_sql_constraints`` entry (PostgreSQL's, the last line
    whatever writes the rows) is answered first in Python, so that a user or an integration reads
    a translated ValidationError and the server log stays free of ``bad query`` ERROR lines.

    - A CHECK or EXCLUDE constraint has an ``@api.constrains`` twin with the same message, named
      in ``_checks_before_sql()``. ``create`` runs it on drafts (defaults included) before the
      INSERT, since Odoo inserts the rows before it runs the constraints; ``write`` runs it on
      drafts of the records before the UPDATE. Either only when the values (or the defaults)
      give one of its fields.
    - A UNIQUE constraint needs no code: its columns are read from its definition and looked up
      (one query per call), and the refusal is the constraint's own translated message.

    State and stage fields are another matter: kam.workflow.mixin.
    """

    _name = "kam.checked.mixin"
    _description = "Values Checked Before the Database"

    def _checks_before_sql(self):
        """Names of the ``@api.constrains`` methods that answer the CHECK/EXCLUDE constraints."""
        return ()

    @api.model_create_multi
    def create(self, vals_list):
        checks, uniques = self._checks_before_sql(), self._unique_constraints()
        if checks or uniques:
            # only what the values give, or defaults set: a model extended from Odoo's (a partner)
            # pays nothing when its checked fields are left alone
            names = {name for check in checks for name in self._constrained_fields(check)}
            names |= {name for _key, fields, _message in uniques for name in fields}
            given = {name for name, value in self.default_get(list(names)).items() if value}
            given |= {name for vals in vals_list for name in vals.keys() & names}
            checks = [check for check in checks if self._constrained_fields(check) & given]
            uniques = [unique for unique in uniques if set(unique[1]) & given]
        if checks or uniques:
            drafts = self.browse([self.new(self._add_missing_default_values(vals)).id for vals in vals_list])
            drafts._check_before_sql(checks, uniques)
        return super().create(vals_list)

    def write(self, vals):
        checks = [name for name in self._checks_before_sql() if vals.keys() & self._constrained_fields(name)]
        uniques = [unique for unique in self._unique_constraints() if vals.keys() & set(unique[1])]
        if self and (checks or uniques):
            drafts = self.browse([record.new(vals, origin=record).id for record in self])
            drafts._check_before_sql(checks, uniques)
        return super().write(vals)

    def _check_before_sql(self, checks, uniques):
        """On drafts (new records holding the values to be written): the checks, then the keys."""
        try:
            for check in checks:
                getattr(self, check)()
            self._check_unique_keys(uniques)
        finally:
            # Drafts of the same record share their cache entries (their ids compare equal): a later
            # draft must not read these values, which may never be written.
            self.invalidate_recordset()

    def _constrained_fields(self, method_name):
        constrains = getattr(type(self), method_name)._constrains
        return set(constrains(self) if callable(constrains) else constrains)

    @api.model
    def _unique_constraints(self):
        """``(key, field names, message)`` of this model's UNIQUE constraints."""
        return [
            (key, [name.strip() for name in match[1].split(",")], message)
            for key, definition, message in self._sql_constraints
            if (match := UNIQUE.match(definition))
        ]

    def _unique_value(self, draft, name):
        """The column's value as PostgreSQL compares it; None for NULL, which never repeats."""
        value = draft[name]
        if self._fields[name].type == "boolean":
            return value
        if isinstance(value, models.BaseModel):
            return value.id or None
        return None if value is False else value

    def _check_unique_keys(self, uniques):
        """Refuse drafts that would repeat a UNIQUE key, among themselves or with stored rows
        (every company's and archived rows included, as PostgreSQL sees them)."""
        for key, names, message in uniques:
            seen = set()
            domains = []
            for draft in self:
                values = tuple(self._unique_value(draft, name) for name in names)
                if None in values:
                    continue
                if values in seen:
                    self._raise_unique(key, message)
                seen.add(values)
                domains.append([(name, "=", value) for name, value in zip(names, values, strict=True)])
            if not domains:
                continue
            domain = expression.AND([expression.OR(domains), [("id", "not in", self._origin.ids)]])
            # sudo: the key is unique across companies and record rules, like the constraint
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                self._raise_unique(key, message)

    def _raise_unique(self, key, message):
        translated = translate_sql_constraint(self.env.cr, f"{self._table}_{key}", self.env.lang or "en_US")
        raise ValidationError(translated or message)
