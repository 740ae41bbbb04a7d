from odoo.tools import sql

# kam_stakeholder_mig_18_0_1_1_0 keeps, until post-migrate, the stakeholder rows of the plans
# already submitted or approved


def migrate(cr, version):
    """Stakeholders belonged to one plan; they now belong to the key account (one map per account,
    across its plans), and each plan that was submitted or approved keeps a frozen copy.

    - every row gets its plan's key account (and keeps its plan's company);
    - the rows of the plans past draft are kept aside, to become those plans' frozen copies
      (post-migrate), so an old plan still shows who mattered then;
    - the same contact on several plans of one account leaves one row on the map: the row of the
      latest plan (latest start, then latest created), whose role, influence, attitude and owner
      are the freshest judgement; the older rows live on in their plans' copies, and reporting
      lines that pointed to them point to the kept row of the same person.
    """
    if not sql.column_exists(cr, "kam_stakeholder", "plan_id"):
        return
    cr.execute(
        """
        UPDATE kam_stakeholder stakeholder
           SET key_account_id = plan.partner_id, company_id = plan.company_id
          FROM kam_account_plan plan
         WHERE plan.id = stakeholder.plan_id
           AND (stakeholder.key_account_id IS DISTINCT FROM plan.partner_id
                OR stakeholder.company_id IS DISTINCT FROM plan.company_id)
        """
    )
    cr.execute("DROP TABLE IF EXISTS kam_stakeholder_mig_18_0_1_1_0")
    cr.execute(
        """
        CREATE TABLE kam_stakeholder_mig_18_0_1_1_0 AS
        SELECT stakeholder.id, stakeholder.plan_id, stakeholder.key_account_id, stakeholder.partner_id,
               stakeholder.buying_role, stakeholder.influence, stakeholder.attitude,
               stakeholder.reports_to_id, stakeholder.owner_id, stakeholder.notes,
               COALESCE(plan.approved_date, plan.write_date)::date AS frozen_date
          FROM kam_stakeholder stakeholder
          JOIN kam_account_plan plan ON plan.id = stakeholder.plan_id
         WHERE plan.state != 'draft'
        """
    )
    # one row per person and account: the latest plan's
    cr.execute(
        """
        CREATE TEMPORARY TABLE kam_stakeholder_kept ON COMMIT DROP AS
        SELECT stakeholder.id,
               FIRST_VALUE(stakeholder.id) OVER (
                   PARTITION BY stakeholder.key_account_id, stakeholder.partner_id
                   ORDER BY plan.date_start DESC, plan.id DESC, stakeholder.id DESC
               ) AS kept_id
          FROM kam_stakeholder stakeholder
          JOIN kam_account_plan plan ON plan.id = stakeholder.plan_id
        """
    )
    cr.execute(
        """
        UPDATE kam_stakeholder stakeholder SET reports_to_id = kept.kept_id
          FROM kam_stakeholder_kept kept
         WHERE kept.id = stakeholder.reports_to_id AND kept.id != kept.kept_id
        """
    )
    # data files (demo) that named a merged row now name the kept one
    cr.execute(
        """
        UPDATE ir_model_data data SET res_id = kept.kept_id
          FROM kam_stakeholder_kept kept
         WHERE data.model = 'kam.stakeholder' AND data.res_id = kept.id AND kept.id != kept.kept_id
        """
    )
    cr.execute(
        """
        DELETE FROM kam_stakeholder stakeholder
         USING kam_stakeholder_kept kept
         WHERE kept.id = stakeholder.id AND kept.id != kept.kept_id
        """
    )
    # a row that reported to itself through the merge (two rows of one person) reports to nobody
    cr.execute("UPDATE kam_stakeholder SET reports_to_id = NULL WHERE reports_to_id = id")
    # the plan is no longer the owner: the column goes (its NOT NULL would refuse every new row)
    cr.execute("ALTER TABLE kam_stakeholder DROP CONSTRAINT IF EXISTS kam_stakeholder_contact_unique")
    cr.execute("ALTER TABLE kam_stakeholder DROP COLUMN plan_id")
    # the record rule is in a noupdate block: it reads the account now, not the plan
    cr.execute(
        """
        UPDATE ir_rule SET domain_force = %s
         WHERE id = (SELECT res_id FROM ir_model_data
                      WHERE module = 'kam_key_accounts' AND name = 'kam_stakeholder_rule_user')
        """,
        [
            "['|', ('key_account_id.key_account_manager_id', '=', user.id), "
            "('key_account_id.kam_team_member_ids.user_id', '=', user.id)]"
        ],
    )
