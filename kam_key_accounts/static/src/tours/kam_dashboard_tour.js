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
            content: "Without an ordered revenue objective, no pipeline coverage",
            trigger: ".o_kam_team tr:contains(Tour KAM) .o_kam_coverage:contains(-)",
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

registry.category("web_tour.tours").add("kam_dashboard_team_layout_tour", {
    steps: () => [
        {
            content: "The KAM's coverage (90,000 / 60,000) and forecast (40,000 + 60,000) in the team table",
            trigger: ".o_kam_team tr:contains(Tour Outlook KAM) .o_kam_forecast:contains(100)",
            run: () => {
                const row = [...document.querySelectorAll(".o_kam_team tbody tr")].find((tr) =>
                    tr.textContent.includes("Tour Outlook KAM")
                );
                const coverage = row.querySelector(".o_kam_coverage").textContent.trim();
                if (!/^1[.,]5x$/.test(coverage)) {
                    throw new Error(`Coverage shows "${coverage}", not 1.5x`);
                }
                const forecast = row.querySelector(".o_kam_forecast").textContent.replace(/\D/g, "");
                if (forecast !== "100000") {
                    throw new Error(`Forecast shows "${row.querySelector(".o_kam_forecast").textContent}"`);
                }
            },
        },
        {
            content: "At 1440 px the team table fits its card and no header or figure is cut",
            trigger: ".o_kam_team table",
            run: () => {
                const card = document.querySelector(".o_kam_team");
                const table = card.querySelector("table");
                if (table.scrollWidth > card.clientWidth + 1) {
                    throw new Error(`The team table is ${table.scrollWidth} px wide in ${card.clientWidth} px`);
                }
                const cut = [...table.querySelectorAll("th, td")].filter(
                    (cell) => cell.scrollWidth > cell.clientWidth + 1
                );
                if (cut.length) {
                    throw new Error(`Cut: ${cut.map((cell) => cell.textContent.trim()).join(", ")}`);
                }
                const headers = [...table.querySelectorAll("th")].map((th) => th.textContent.trim());
                console.log(`Team table at ${window.innerWidth} px: ${headers.join(" | ")}`);
            },
        },
    ],
});
