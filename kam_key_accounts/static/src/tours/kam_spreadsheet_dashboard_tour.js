import { registry } from "@web/core/registry";

/** The spreadsheet model of the dashboard on screen (Owl keeps it in its components' env). */
function findSpreadsheetModel(node) {
    const env = node.component && node.component.env;
    if (env && env.model && env.model.getters && env.model.getters.getSheetIdByName) {
        return env.model;
    }
    for (const child of Object.values(node.children || {})) {
        const model = findSpreadsheetModel(child);
        if (model) {
            return model;
        }
    }
    return null;
}

registry.category("web_tour.tours").add("kam_key_accounts_dashboard_tour", {
    steps: () => [
        {
            content: "Open the Key Accounts spreadsheet dashboard",
            trigger: ".o_search_panel_category_value .o_dashboard_name:contains(Key Accounts)",
            run: "click",
        },
        {
            content: "The dashboard is selected",
            trigger: ".o_search_panel_category_value.active .o_dashboard_name:contains(Key Accounts)",
        },
        {
            content: "Its spreadsheet is displayed",
            trigger: ".o-spreadsheet .o-grid",
        },
        {
            content: "Every figure is computed: a positive ordered revenue, no cell in error",
            trigger: ".o-spreadsheet .o-grid",
            run: async () => {
                for (let attempt = 0; attempt < 100; attempt++) {
                    const model = findSpreadsheetModel(odoo.__WOWL_DEBUG__.root.__owl__);
                    if (model) {
                        const dataSheet = model.getters.getSheetIdByName("Data");
                        const ordered = model.getters.getEvaluatedCell({ sheetId: dataSheet, col: 1, row: 1 });
                        const sheetIds = model.getters.getSheetIds();
                        const cells = sheetIds.flatMap((sheetId) =>
                            Object.values(model.getters.getEvaluatedCells(sheetId))
                        );
                        const loading = cells.some((cell) => cell.value === "Loading...");
                        if (!loading && typeof ordered.value === "number") {
                            const errors = cells.filter((cell) => cell.type === "error");
                            if (errors.length) {
                                throw new Error(`Cells in error: ${errors.map((c) => c.message).join(", ")}`);
                            }
                            if (!(ordered.value > 0)) {
                                throw new Error(`Ordered revenue is ${ordered.value}`);
                            }
                            return;
                        }
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The dashboard's figures were not computed within 10 seconds");
            },
        },
    ],
});
