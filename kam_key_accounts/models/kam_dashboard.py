from datetime import date, timedelta

from odoo import api, fields, models

# Health bands of the dashboard (the score is the active plan's, 0 to 100)
HEALTH_GOOD, HEALTH_WATCH = 70, 40
LIST_LIMIT = 8


class KamDashboard(models.AbstractModel):
    """The data of the KAM home dashboard, in one call and a number of queries that does not grow
    with the number of accounts, actions or objectives (aggregates and limited searches only)."""

    _name = "kam.dashboard"
    _description = "KAM Home Dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(self):
        today = fields.Date.context_today(self)
        accounts = self.env["res.partner"].search(
            [("is_key_account", "=", True), ("key_account_manager_id", "=", self.env.uid)], order="name"
        )
        is_manager = self.env.user.has_group("kam_key_accounts.group_kam_manager")
        data = {
            "user_name": self.env.user.name,
            "currency_id": self.env.company.currency_id.id,
            "is_manager": is_manager,
            "accounts": self._accounts_by_health(accounts),
            "figures": self._figures(today, everyone=is_manager),
            "overdue_actions": self._overdue_actions(today),
            "deadlines": self._deadlines(today),
            "objectives": self._objectives(today),
        }
        if data["is_manager"]:
            data["team"] = self._team(today)
        return data

    # ------------------------------------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------------------------------------
    def _accounts_by_health(self, accounts):
        bands = {
            "good": {"label": self.env._("Healthy"), "accounts": []},
            "watch": {"label": self.env._("To Watch"), "accounts": []},
            "risk": {"label": self.env._("At Risk"), "accounts": []},
            "none": {"label": self.env._("No Active Plan"), "accounts": []},
        }
        accounts.mapped("kam_health_score")  # one batch for all the accounts
        for account in accounts:
            plan = account.kam_active_plan_id
            score = account.kam_health_score
            band = (
                "none"
                if not plan
                else "good"
                if score >= HEALTH_GOOD
                else "watch"
                if score >= HEALTH_WATCH
                else "risk"
            )
            bands[band]["accounts"].append(
                {"id": account.id, "name": account.display_name, "score": score, "plan_id": plan.id}
            )
        return [{"key": key, **band, "count": len(band["accounts"])} for key, band in bands.items()]

    # the cards of the dashboard: measures of kam.measure, as objectives and pay read them
    FIGURE_MEASURES = ("ordered_revenue", "invoiced_revenue", "pipeline_weighted", "won_amount", "won_count")

    def _figures(self, today, everyone=False):
        """This year's figures credited to me (``everyone``: to any KAM, i.e. of every key account)
        and those of the same part of last year, from the figures ledger."""
        Measure = self.env["kam.measure"]
        start, last_start = date(today.year, 1, 1), date(today.year - 1, 1, 1)
        last_end = last_start + (today - start) + timedelta(days=1)
        target, ids, key = ("key_account", None, None) if everyone else ("kam", [self.env.uid], self.env.uid)
        measures = set(self.FIGURE_MEASURES)
        this = Measure._compute_measures(measures, ids, start, today + timedelta(days=1), target=target)
        # last year's open pipeline is not shown: the comparisons are of what was done
        last = Measure._compute_measures(
            measures - Measure._pipeline_measures(), ids, last_start, last_end, target=target, refresh=False
        )
        this, last = this.get(key, {}), last.get(key, {})
        return {
            "ordered": this.get("ordered_revenue", 0.0),
            "ordered_last_year": last.get("ordered_revenue", 0.0),
            "invoiced": this.get("invoiced_revenue", 0.0),
            "invoiced_last_year": last.get("invoiced_revenue", 0.0),
            "pipeline_weighted": this.get("pipeline_weighted", 0.0),
            "won": this.get("won_amount", 0.0),
            "won_count": this.get("won_count", 0.0),
        }

    def _overdue_actions(self, today):
        Action = self.env["kam.plan.action"]
        domain = [
            ("partner_id.key_account_manager_id", "=", self.env.uid),
            ("state", "in", ("todo", "in_progress")),
            ("date_deadline", "<", today),
        ]
        actions = Action.search_fetch(domain, ["name", "date_deadline", "partner_id"], limit=LIST_LIMIT)
        return {
            "count": Action.search_count(domain),
            "records": [
                {
                    "id": action.id,
                    "name": action.name,
                    "date": fields.Date.to_string(action.date_deadline),
                    "account": action.partner_id.display_name,
                }
                for action in actions
            ],
        }

    def _deadline_sources(self, today, horizon):
        """``(model, domain, date field, kind label)`` of what is due soon; kam_mice adds options."""
        mine = self.env.uid
        return [
            (
                "kam.plan.action",
                [
                    ("partner_id.key_account_manager_id", "=", mine),
                    ("state", "in", ("todo", "in_progress")),
                    ("date_deadline", ">=", today),
                    ("date_deadline", "<=", horizon),
                ],
                "date_deadline",
                self.env._("Action"),
            ),
            (
                "kam.tender",
                [
                    ("key_account_id.key_account_manager_id", "=", mine),
                    ("state", "in", ("new", "analysis", "decision", "preparing")),
                    ("submission_deadline", ">=", today),
                    ("submission_deadline", "<=", horizon),
                ],
                "submission_deadline",
                self.env._("Tender submission"),
            ),
            (
                "kam.contract",
                [
                    ("key_account_id.key_account_manager_id", "=", mine),
                    ("state", "in", ("running", "to_renew")),
                    ("notice_date", ">=", today),
                    ("notice_date", "<=", horizon),
                ],
                "notice_date",
                self.env._("Contract notice"),
            ),
        ]

    def _deadlines(self, today):
        horizon = today + timedelta(days=30)
        deadlines = []
        for model, domain, date_field, kind in self._deadline_sources(today, horizon):
            if not self.env[model].has_access("read"):  # e.g. a KAM who does not sell MICE
                continue
            records = self.env[model].search_fetch(
                domain, ["display_name", date_field], order=date_field, limit=LIST_LIMIT
            )
            deadlines += [
                {
                    "model": model,
                    "id": record.id,
                    "name": record.display_name,
                    "kind": kind,
                    "date": fields.Date.to_string(fields.Date.to_date(record[date_field])),
                }
                for record in records
            ]
        return sorted(deadlines, key=lambda deadline: deadline["date"])[:LIST_LIMIT]

    def _objectives(self, today):
        objectives = self.env["kam.objective"].search(
            [("user_id", "=", self.env.uid), ("date_from", "<=", today), ("date_to", ">=", today)]
        )
        counts = self.env["kam.measure"]._count_measures()
        return [
            {
                "id": objective.id,
                "name": objective.display_name,
                "target": objective.target,
                "actual": objective.actual,
                "achievement": objective.achievement,
                "expected": objective.expected_progress,
                "status": objective.status,
                "is_amount": objective.measure not in counts,
            }
            for objective in objectives
        ]

    def _team(self, today):
        """Per KAM of my companies: accounts today, ordered revenue credited to them this year, the
        achievement their variable pay reads (kam.objective._of_people), and against their yearly
        ordered-revenue objective the pipeline coverage and this year's forecast (_team_outlook)."""
        accounts = self.env["res.partner"]._read_group(
            [("is_key_account", "=", True), ("key_account_manager_id", "!=", False)],
            ["key_account_manager_id"],
            ["__count"],
        )
        users = self.env["res.users"].union(*(user for user, _count in accounts))
        revenue = self.env["kam.measure"]._compute_measure(
            "ordered_revenue", users.ids, date(today.year, 1, 1), today + timedelta(days=1), target="kam"
        )
        objectives = self.env["kam.objective"]._of_people(users, today.year, self.env.company)
        outlook = self._team_outlook(users, objectives, revenue, today)
        rows = [
            {
                "id": user.id,
                "name": user.name,
                "accounts": count,
                "ordered": revenue.get(user.id, 0.0),
                "achievement": objectives[user]._weighted_achievement(),
                **outlook[user.id],
            }
            for user, count in accounts
        ]
        return sorted(rows, key=lambda row: row["name"] or "")

    def _team_outlook(self, users, objectives, revenue, today):
        """``{user id: {pipeline_weighted, remaining, coverage, forecast}}`` for this year, from the
        figures ledger credited to the KAM of the time (two sums for all the KAMs):

        - coverage: all their open weighted pipeline / what remains of their yearly ordered-revenue
          objective (its target minus its actual); None without such an objective or once reached;
        - forecast: ordered so far this year + the open weighted pipeline expected to close this
          year (an undated opportunity counts in it, as everywhere).
        """
        Measure = self.env["kam.measure"]
        year_start, next_year = Measure._year_bounds(today.year)
        # the ledger was brought up to date by the caller's first read
        pipeline = Measure._compute_measures({"pipeline_weighted"}, users.ids, target="kam", refresh=False)
        this_year = Measure._compute_measures(
            {"pipeline_weighted"}, users.ids, year_start, next_year, target="kam", refresh=False
        )
        outlook = {}
        for user in users:
            yearly = objectives[user].filtered(
                lambda objective: objective.assignee_type == "kam"
                and objective.measure == "ordered_revenue"
                and objective.period_type == "year"
            )
            weighted = pipeline.get(user.id, {}).get("pipeline_weighted", 0.0)
            remaining = sum(yearly.mapped("target")) - sum(yearly.mapped("actual")) if yearly else None
            outlook[user.id] = {
                "pipeline_weighted": weighted,
                "remaining": remaining,
                "coverage": weighted / remaining if remaining and remaining > 0 else None,
                "forecast": revenue.get(user.id, 0.0)
                + this_year.get(user.id, {}).get("pipeline_weighted", 0.0),
            }
        return outlook
