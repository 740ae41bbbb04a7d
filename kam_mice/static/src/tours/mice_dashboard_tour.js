import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_mice_dashboard_tour", {
    steps: () => [
        {
            content: "Open the MICE spreadsheet dashboard",
            trigger: ".o_search_panel_category_value .o_dashboard_name:contains(MICE)",
            run: "click",
        },
        {
            content: "The dashboard is rendered",
            trigger: ".o_search_panel_category_value.active .o_dashboard_name:contains(MICE)",
        },
        {
            content: "Its spreadsheet is displayed, pivots loaded",
            trigger: ".o-spreadsheet .o-grid",
        },
    ],
});
