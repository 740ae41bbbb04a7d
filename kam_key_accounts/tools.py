"""Small helpers shared by the key-account models."""

from odoo.osv import expression


def flag_search_domain(env, operator, value, domain):
    """The domain of a searchable boolean flag: ``domain`` when searching it true, its negation otherwise.

    The domain is normalized before negating it: a bare ``"!"`` would only negate its first term.
    """
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise NotImplementedError(env._("Only = and != True/False are supported on this field."))
    domain = expression.normalize_domain(domain)
    return domain if (operator == "=") == value else ["!", *domain]


def check_before_insert(model, vals_list, *checks):
    """Run the named ``@api.constrains`` methods on the values of records about to be created.

    ``create`` inserts the rows first and runs the Python constraints afterwards: a value that a
    CHECK or EXCLUDE constraint refuses would reach the user as PostgreSQL's error, not as our
    translated message. The same checks on a draft record (defaults included, so that amounts
    are rounded to the currency they will be stored in) refuse it before the INSERT.
    """
    for vals in vals_list:
        draft = model.new(model._add_missing_default_values(vals))
        for check in checks:
            getattr(draft, check)()


def check_before_write(records, vals, *checks):
    """``check_before_insert`` for a write: the checks run on drafts of the records with ``vals``.

    ``write`` runs the Python constraints before the UPDATE is flushed, but anything that flushes
    first (a stored field recomputed, a search in another constraint) lets PostgreSQL answer.
    """
    for record in records:
        draft = record.new(vals, origin=record)
        for check in checks:
            getattr(draft, check)()


def kam_user_domain(env):
    """The users who may be a key account manager: internal users of the KAM group."""
    return [("share", "=", False), ("groups_id", "in", env.ref("kam_key_accounts.group_kam_user").ids)]
