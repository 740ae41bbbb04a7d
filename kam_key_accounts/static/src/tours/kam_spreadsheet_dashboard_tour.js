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

// What o-spreadsheet draws (o_spreadsheet.js): a cell's text has a 4 px margin; a scorecard clips its
// title and value 20 px before its right edge, the title starting 10 px from the left, the value centered.
const CELL_TEXT_MARGIN = 4;
const CARD_PADDING = 10;
const CARD_RIGHT_CLIP = 20;
const CARD_FONT = "'Roboto', arial";
const COLUMNS = "ABCDEFGHIJ";

/** What does not fit at this screen size: cells cut by their neighbours, card titles and values cut. */
function layoutProblems(model) {
    const getters = model.getters;
    const sheetId = getters.getActiveSheetId();
    const problems = [];
    const colCount = getters.getNumberCols(sheetId);
    const width = (col) => getters.getColSize(sheetId, col);
    const isEmpty = (col, row) => getters.getEvaluatedCell({ sheetId, col, row }).type === "empty";
    for (let row = 0; row < getters.getNumberRows(sheetId); row++) {
        for (let col = 0; col < colCount; col++) {
            const position = { sheetId, col, row };
            const cell = getters.getEvaluatedCell(position);
            if (cell.type === "empty") {
                continue;
            }
            const name = `${COLUMNS[col]}${row + 1} "${cell.formattedValue}"`;
            const style = getters.getCellComputedStyle(position);
            if (style.wrapping === "wrap") {
                // a header on several lines: whole words, and the row high enough for its lines
                const lines = getters.getCellMultiLineText(position, {
                    maxWidth: width(col) - 2 * CELL_TEXT_MARGIN,
                    wrapText: true,
                });
                if (lines.join(" ") !== cell.formattedValue.replace(/\s+/g, " ").trim()) {
                    problems.push(`${name} breaks a word: ${lines.join(" | ")}`);
                }
                const fontPx = ((style.fontSize || 10) * 96) / 72;
                const height = lines.length * (fontPx + CELL_TEXT_MARGIN) - CELL_TEXT_MARGIN + 6;
                if (height > getters.getRowSize(sheetId, row)) {
                    problems.push(`${name} needs ${Math.ceil(height)} px high`);
                }
                continue;
            }
            const needed = getters.getTextWidth(cell.formattedValue, style) + CELL_TEXT_MARGIN;
            let available = width(col);
            // text runs over empty neighbours (numbers must fit in their own column)
            const align = style.align || cell.defaultAlign;
            if (cell.type !== "number" && align === "left") {
                for (let next = col + 1; next < colCount && isEmpty(next, row); next++) {
                    available += width(next);
                }
            }
            if (needed > available) {
                problems.push(`${name} needs ${Math.ceil(needed)} px, has ${available}`);
            }
        }
    }
    const context = document.createElement("canvas").getContext("2d");
    for (const figure of getters.getFigures(sheetId)) {
        const runtime = getters.getChartRuntime(figure.id);
        if (!runtime || runtime.keyValue === undefined) {
            continue; // not a scorecard
        }
        const clipAt = figure.width - CARD_RIGHT_CLIP;
        context.font = `${runtime.title.bold ? "bold" : ""} 14px ${CARD_FONT}`;
        const title = context.measureText(runtime.title.text).width;
        if (CARD_PADDING + title > clipAt) {
            problems.push(`card title "${runtime.title.text}" is cut`);
        }
        context.font = `32px ${CARD_FONT}`;
        const value = context.measureText(runtime.keyValue).width;
        if (Math.max(CARD_PADDING, (figure.width - value) / 2) + value > clipAt) {
            problems.push(`card value "${runtime.keyValue}" is cut`);
        }
    }
    return problems;
}

registry.category("web_tour.tours").add("kam_key_accounts_dashboard_layout_tour", {
    steps: () => [
        {
            content: "The dashboard's spreadsheet is displayed",
            trigger: ".o-spreadsheet .o-grid",
        },
        {
            content: "At 1440x900, nothing is cut and the sheet does not scroll sideways",
            trigger: ".o-spreadsheet .o-grid",
            run: async () => {
                if (window.innerWidth !== 1440) {
                    throw new Error(`The window is ${window.innerWidth} px wide, not 1440`);
                }
                for (let attempt = 0; attempt < 100; attempt++) {
                    const model = findSpreadsheetModel(odoo.__WOWL_DEBUG__.root.__owl__);
                    const sheetId = model && model.getters.getActiveSheetId();
                    const cells = model ? Object.values(model.getters.getEvaluatedCells(sheetId)) : [];
                    if (cells.length && !cells.some((cell) => cell.value === "Loading...")) {
                        if (!model.getters.getFigure(sheetId, "kam-scorecard-ordered_amount")) {
                            throw new Error("This is not the Key Accounts dashboard");
                        }
                        const problems = layoutProblems(model);
                        const scrollbar = document.querySelector(".o-spreadsheet .o-scrollbar.horizontal");
                        if (scrollbar && scrollbar.scrollWidth > scrollbar.clientWidth) {
                            problems.push(`the sheet scrolls: ${scrollbar.scrollWidth} px in ${scrollbar.clientWidth}`);
                        }
                        if (problems.length) {
                            throw new Error(`Dashboard layout at 1440 px: ${problems.join("; ")}`);
                        }
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The dashboard's figures were not computed within 10 seconds");
            },
        },
    ],
});
