from odoo.tools import sql


def migrate(cr, version):
    """A tender's ``stage`` is now its ``state``, as Odoo names a Selection workflow: keep the
    column, its index, the field records and their external ids (which the upgrade would otherwise
    delete as unused, dropping the column) and the users' saved filters."""
    if not sql.column_exists(cr, "kam_tender", "stage") or sql.column_exists(cr, "kam_tender", "state"):
        return
    sql.rename_column(cr, "kam_tender", "stage", "state")
    cr.execute("ALTER INDEX IF EXISTS kam_tender__stage_index RENAME TO kam_tender__state_index")
    cr.execute(
        """
        UPDATE ir_model_fields SET name = 'state'
         WHERE model IN ('kam.tender', 'kam.tender.deadline') AND name = 'stage'
        """
    )
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = regexp_replace(name, '^(field_kam_tender(_deadline)?|selection__kam_tender)__stage',
                                     '\\1__state')
         WHERE module = 'kam_key_accounts'
           AND (name IN ('field_kam_tender__stage', 'field_kam_tender_deadline__stage')
                OR name LIKE 'selection\\_\\_kam\\_tender\\_\\_stage\\_\\_%')
        """
    )
    # saved filters and favourites: the field in their domains, group-bys and orders ("stage",
    # "stage desc"), not stage_id
    cr.execute(
        r"""
        UPDATE ir_filters
           SET domain = regexp_replace(domain, '([''"])stage\M', '\1state', 'g'),
               context = regexp_replace(context, '([''"])stage\M', '\1state', 'g'),
               sort = regexp_replace(sort, '([''"])stage\M', '\1state', 'g')
         WHERE model_id IN ('kam.tender', 'kam.tender.deadline')
        """
    )
