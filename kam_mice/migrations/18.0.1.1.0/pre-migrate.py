from odoo.tools import sql


def migrate(cr, version):
    """The daily rate of a function space is now its full-day rental rate: keep the rates typed."""
    if not sql.column_exists(cr, "mice_space", "daily_rate") or sql.column_exists(
        cr, "mice_space", "rental_day_rate"
    ):
        return
    sql.rename_column(cr, "mice_space", "daily_rate", "rental_day_rate")
    cr.execute(
        """
        UPDATE ir_model_fields SET name = 'rental_day_rate'
         WHERE model = 'mice.space' AND name = 'daily_rate'
        """
    )
    cr.execute(
        """
        UPDATE ir_model_data SET name = 'field_mice_space__rental_day_rate'
         WHERE module = 'kam_mice' AND name = 'field_mice_space__daily_rate'
        """
    )
