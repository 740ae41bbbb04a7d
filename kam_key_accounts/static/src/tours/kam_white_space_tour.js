import { registry } from "@web/core/registry";

// Aurélys Lyon's first cell: the first offer (Conseil), which it has not ordered this year.
const LYON_FIRST_CELL = ".o_pivot table tbody tr:has(th:contains(Aurélys Lyon)) td.o_pivot_cell_value:first";

registry.category("web_tour.tours").add("kam_white_space_tour", {
    steps: () => [
        {
            content: "Open the key account's tab",
            trigger: ".o_notebook .nav-link:contains(Key Account)",
            run: "click",
        },
        {
            content: "Open the group's white space",
            trigger: ".o_form_view button[name=action_open_kam_white_space]",
            run: "click",
        },
        {
            content: "The pivot shows the offers as columns",
            trigger: ".o_pivot thead th:contains(Conseil)",
        },
        {
            content: "An empty cell shows 0",
            trigger: LYON_FIRST_CELL,
            run: () => {
                const lyon = [...document.querySelectorAll(".o_pivot table tbody tr")].find((row) =>
                    row.querySelector("th")?.textContent.includes("Aurélys Lyon")
                );
                const first = lyon?.querySelector("td.o_pivot_cell_value");
                if (!first || !/^\D*0[.,]00\D*$/.test(first.textContent.trim())) {
                    throw new Error(`Aurélys Lyon's Conseil cell is not 0: "${first?.textContent}"`);
                }
            },
        },
        {
            content: "Open the cell",
            trigger: LYON_FIRST_CELL,
            run: "click",
        },
        {
            content: "Its row opens an opportunity",
            trigger: ".o_list_view .o_data_row:contains(Aurélys Lyon) button[name=action_open_opportunity]",
            run: "click",
        },
        {
            content: "The opportunity opens, named after the offer and the company",
            trigger: ".o_form_view .o_breadcrumb:contains(Conseil - Aurélys Lyon)",
        },
    ],
});

registry.category("web_tour.tours").add("kam_group_tree_tour", {
    steps: () => [
        {
            content: "Open the key account's tab",
            trigger: ".o_notebook .nav-link:contains(Key Account)",
            run: "click",
        },
        {
            content: "Open the group tree",
            trigger: ".o_form_view button[name=action_open_kam_group_tree]",
            run: "click",
        },
        {
            content: "The key account's card, flagged, with its own orders of the year",
            trigger: ".o_hierarchy_node:contains(Groupe Aurélys):contains(Key Account):contains(Orders this year)",
        },
        {
            content: "Its subsidiaries below it",
            trigger: ".o_hierarchy_node:contains(Aurélys Services)",
        },
        {
            content: "Unfold Aurélys France",
            trigger: ".o_hierarchy_node_container:contains(Aurélys France) button[name=hierarchy_search_subsidiaries]",
            run: "click",
        },
        {
            content: "Its own subsidiaries show",
            trigger: ".o_hierarchy_node:contains(Aurélys Marseille)",
        },
        {
            content: "Companies only: no card for the group's contacts",
            trigger: ".o_hierarchy_node:contains(Aurélys Marseille)",
            run: () => {
                const names = [...document.querySelectorAll(".o_hierarchy_node_header")].map((header) =>
                    header.textContent.trim()
                );
                if (names.includes("Hélène Garnier") || names.length !== 5) {
                    throw new Error(`Unexpected cards: ${names.join(", ")}`);
                }
            },
        },
    ],
});
