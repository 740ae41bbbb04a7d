from odoo.addons.kam_key_accounts.hooks import release_records_in_use, remove_own_records


def uninstall_hook(env):
    """Make way for Odoo's removal of the add-on's data (see kam_key_accounts' hook): the rows of the
    MICE tables (requests, bookings on the demo spaces, room blocks) first, then the demo records of
    other models that nothing else uses; those still in use (a confirmed order's product) stay."""
    remove_own_records(env, "kam_mice")
    release_records_in_use(env, "kam_mice")
