import logging
from graphlib import CycleError, TopologicalSorter

from odoo.tools import SQL, mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .models.kam_figure import MARK_FUNCTION

_logger = logging.getLogger(__name__)


def uninstall_hook(env):
    """Make way for Odoo's removal of the add-on's data, so that it deletes without a failure.

    Odoo deletes each record an add-on owns, then the add-on's fields and tables. On a database in
    use, records that users made stand in the way: bookings on the demo spaces, tenders of the demo
    key accounts, key accounts whose KAM is a demo user. Every such failure is an ERROR in the log
    and a record left behind (a demo user among them).
    """
    # The figures ledger's triggers are not ORM objects: drop them (and their function) first.
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(MARK_FUNCTION)))
    # The key-account columns of res.partner go with the add-on: clear them first, or deleting a
    # tier meets its restriction, and deleting a demo KAM breaks "a key account has a KAM".
    env["res.partner"].flush_model()
    env.cr.execute(
        SQL(
            "UPDATE res_partner "
            "SET is_key_account = FALSE, key_account_manager_id = NULL, kam_tier_id = NULL "
            "WHERE is_key_account OR key_account_manager_id IS NOT NULL OR kam_tier_id IS NOT NULL"
        )
    )
    env.invalidate_all()
    remove_own_records(env, "kam_key_accounts")
    release_records_in_use(env, "kam_key_accounts")


def own_models(env, module):
    """The add-on's own stored models, each before the models it points to: deleting a target first
    could set the pointer to null where a constraint forbids it, or meet a ``restrict``."""
    names = {
        name
        for name, model in env.registry.items()
        if model._original_module == module and not model._abstract and model._auto and not model._transient
    }
    graph = {name: set() for name in names}
    for name in names:
        for field in env[name]._fields.values():
            if field.type == "many2one" and field.store and field.comodel_name in names:
                if field.comodel_name != name:
                    graph[field.comodel_name].add(name)  # rows of ``name`` go before their target
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError:
        return sorted(names)


def remove_own_records(env, module):
    """Delete the rows of the add-on's own tables, those its data made included (with their external ids).

    Their tables are dropped a moment later: emptied first (through the ORM, so that mail threads,
    attachments and the many2one columns of other tables follow), they hold on to nothing that
    Odoo deletes before the tables, such as a demo partner or product that one of them uses.
    """
    failed = []
    for name in own_models(env, module):
        records = env[name].with_context(active_test=False, **{MODULE_UNINSTALL_FLAG: True}).search([])
        if records:
            _logger.info("Deleting the %s records of %s before uninstalling %s", len(records), name, module)
            if not _try_unlink(records):
                failed.append(records)
    for records in failed:  # held by rows deleted since; if still held, Odoo's own removal says why
        _try_unlink(records.exists())
    env.flush_all()


def release_records_in_use(env, module):
    """Delete the add-on's records of other models (demo users, partners, products) that nothing else
    uses; keep, archived and without the add-on's external id, those that documents which stay still
    use (a confirmed order's product or customer), as Odoo's ``product.template._unlink_or_archive``
    does. Odoo then deletes the rest of the add-on's data (views, menus, rules) and its tables."""
    Data = env["ir.model.data"]
    skip = ("ir.", "res.groups", "mail.template", "spreadsheet.dashboard")
    entries = [
        (entry.id, entry.model, entry.res_id)
        for entry in Data.search([("module", "=", module)], order="id desc")
        if not entry.model.startswith(skip) and entry.model in env
    ]
    kept = []
    for entry_id, model, res_id in entries:
        record = env[model].with_context(active_test=False, **{MODULE_UNINSTALL_FLAG: True}).browse(res_id)
        if not record.exists() or Data.search_count([("model", "=", model), ("res_id", "=", res_id)]) > 1:
            continue  # gone already (with the record that owned it), or also another add-on's
        if not _try_unlink(record):
            kept.append((entry_id, record))
    for entry_id, record in kept:  # a record deleted since may have been the one holding it
        if record.exists() and not _try_unlink(record):
            _logger.info("Keeping %s of %s: records that stay still use it", record, module)
            if "active" in record._fields and record.active:
                record.write({"active": False})
            Data.browse(entry_id).unlink()
    env.flush_all()


def _try_unlink(record):
    try:
        with mute_logger("odoo.sql_db"), record.env.cr.savepoint():
            record.unlink()
    except Exception:
        return False
    return True
