import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_dashboard_kam_tour", {
    steps: () => [
        {
            content: "The KAM sees their account among those without an active plan",
            trigger: ".o_kam_health_bands a:contains(Tour Dashboard SA)",
        },
        {
            content: "No team section for a KAM",
            trigger: ".o_kam_dashboard:not(:has(.o_kam_team))",
        },
        {
            content: "Open the account from the dashboard",
            trigger: ".o_kam_health_bands a:contains(Tour Dashboard SA)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains(Tour Dashboard SA), .o_form_view .o_field_widget[name=name] input",
        },
    ],
});

registry.category("web_tour.tours").add("kam_dashboard_manager_tour", {
    steps: () => [
        {
            content: "The manager sees the team, with the KAM and their account",
            trigger: ".o_kam_team tr:contains(Tour KAM) td:nth-child(2):contains(1)",
        },
        {
            content: "Open the analysis from the figures",
            trigger: ".o_kam_dashboard_figures .card:first",
            run: "click",
        },
        {
            trigger: ".o_pivot_view, .o_view_nocontent",
        },
    ],
});
