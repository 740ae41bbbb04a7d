import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("kam_key_account_tour", {
    steps: () => [
        {
            content: "Open the company's Key Account tab",
            trigger: ".o_notebook .nav-link:contains(Key Account)",
            run: "click",
        },
        {
            content: "Flag the company as a key account",
            trigger: ".o_field_widget[name=is_key_account] input",
            run: "click",
        },
        {
            content: "Choose its key account manager",
            trigger: ".o_field_widget[name=key_account_manager_id] input",
            run: "edit Mitchell",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Mitchell Admin)",
            run: "click",
        },
        {
            content: "Choose its tier",
            trigger: ".o_field_widget[name=kam_tier_id] input",
            run: "edit Strat",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Strategic)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The form shows the key-account ribbon",
            trigger: ".o_form_view .ribbon:contains(Key Account)",
        },
        ...stepUtils.goToAppSteps("kam_key_accounts.kam_menu_root", "Open the Key Accounts app"),
        {
            content: "The app opens on the KAM's dashboard: go to the key accounts",
            trigger: ".o_kam_dashboard .card",
        },
        {
            trigger: ".o_main_navbar [data-menu-xmlid='kam_key_accounts.kam_key_account_menu']",
            run: "click",
        },
        {
            content: "Open the new key account's card",
            trigger: ".o_kanban_record:contains(Tour Company SA):contains(Strategic)",
            run: "click",
        },
        {
            content: "Its form opens",
            trigger: ".o_breadcrumb:contains(Tour Company SA)",
        },
    ],
});
