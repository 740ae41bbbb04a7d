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


def kam_user_domain(env):
    """The users who may be a key account manager: internal users of the KAM group."""
    return [("share", "=", False), ("groups_id", "in", env.ref("kam_key_accounts.group_kam_user").ids)]
