/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { formatDate, deserializeDate } from "@web/core/l10n/dates";

/**
 * The KAM home dashboard: the logged-in KAM's accounts by health, overdue actions, next deadlines
 * and objectives; managers also see their team. All the figures come from one call
 * (kam.dashboard.get_dashboard_data), whose query count does not grow with the data.
 */
export class KamDashboard extends Component {
    static template = "kam_key_accounts.KamDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("kam.dashboard", "get_dashboard_data", []);
    }

    money(value) {
        return formatMonetary(value || 0, { currencyId: this.state.data.currency_id, digits: [16, 0] });
    }

    amount(objective, value) {
        return objective.is_amount ? this.money(value) : formatFloat(value || 0, { digits: [16, 0] });
    }

    percent(value) {
        return value === null || value === undefined ? "-" : `${formatFloat(value, { digits: [16, 0] })} %`;
    }

    coverage(ratio) {
        // no objective, or nothing left of it: no ratio to show
        return ratio === null || ratio === undefined ? "-" : `${formatFloat(ratio, { digits: [16, 1] })}x`;
    }

    date(value) {
        return formatDate(deserializeDate(value));
    }

    growth(current, previous) {
        if (!previous) {
            return "";
        }
        const rate = (100 * (current - previous)) / Math.abs(previous);
        return `${rate >= 0 ? "+" : ""}${formatFloat(rate, { digits: [16, 0] })} %`;
    }

    open(model, id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: id,
            views: [[false, "form"]],
        });
    }

    openList(name, model, domain) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    openOverdueActions() {
        this.openList(_t("Overdue Actions"), "kam.plan.action", [
            ["partner_id.key_account_manager_id", "=", user.userId],
            ["is_overdue", "=", true],
        ]);
    }

    openMyAccounts() {
        this.action.doAction("kam_key_accounts.res_partner_action_key_account", {
            additionalContext: { search_default_my_key_accounts: 1 },
        });
    }

    openObjectives() {
        this.action.doAction("kam_key_accounts.kam_objective_action");
    }

    openAnalysis() {
        this.action.doAction("kam_key_accounts.kam_account_report_action");
    }

    statusClass(status) {
        return { on_track: "text-bg-success", at_risk: "text-bg-warning", off_track: "text-bg-danger" }[status];
    }

    bandClass(key) {
        return { good: "border-success", watch: "border-warning", risk: "border-danger", none: "border-secondary" }[key];
    }
}

registry.category("actions").add("kam_key_accounts.dashboard", KamDashboard);
