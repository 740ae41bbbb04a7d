/* global luxon */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("kam_account_plan_tour", {
    steps: () => [
        {
            content: "Create an account plan",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Plan",
        },
        {
            content: "Choose the key account",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Key",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Key Account SA)",
            run: "click",
        },
        {
            content: "Open the objectives",
            trigger: ".o_notebook .nav-link:contains(Objectives)",
            run: "click",
        },
        {
            content: "Add an objective",
            trigger: ".o_field_widget[name=objective_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Set its target",
            trigger: ".o_field_widget[name=objective_ids] .o_data_row .o_field_widget[name=target] input",
            run: "edit 50000",
        },
        {
            content: "Open the action plan",
            trigger: ".o_notebook .nav-link:contains(Action Plan)",
            run: "click",
        },
        {
            content: "Add an action",
            trigger: ".o_field_widget[name=action_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the action",
            trigger: ".o_field_widget[name=action_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Kick-off with the purchasing director",
        },
        {
            content: "Give it a due date",
            trigger: ".o_field_widget[name=action_ids] .o_data_row .o_field_widget[name=date_deadline] input",
            run: `edit ${luxon.DateTime.now().plus({ days: 7 }).toFormat("MM/dd/yyyy")}`,
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit the plan",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Approve it as a KAM manager",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "Open the stakeholders",
            trigger: ".o_notebook .nav-link:contains(Stakeholders)",
            run: "click",
        },
        {
            content: "The stakeholder list shows",
            trigger: ".o_field_widget[name=stakeholder_ids] .o_list_renderer",
        },
        {
            content: "Open the stakeholder map",
            trigger: "a[data-menu-xmlid='kam_key_accounts.kam_stakeholder_menu']",
            run: "click",
        },
        {
            content: "The map shows the demo stakeholders by buying role",
            trigger: ".o_kanban_renderer .o_kanban_group .o_kanban_record",
        },
        {
            content: "Open the actions",
            trigger: "a[data-menu-xmlid='kam_key_accounts.kam_plan_action_menu']",
            run: "click",
        },
        {
            content: "The action list shows the new action",
            trigger: ".o_list_renderer .o_data_row:contains(Kick-off with the purchasing director)",
        },
    ],
});
