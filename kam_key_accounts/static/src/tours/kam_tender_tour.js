import { registry } from "@web/core/registry";

// A KAM manager answers a call for tenders: analysis, go, checklist, bid, submission.
registry.category("web_tour.tours").add("kam_tender_tour", {
    steps: () => [
        {
            content: "Start the analysis",
            trigger: ".o_form_view button[name=action_start_analysis]",
            run: "click",
        },
        {
            content: "The scorecard has the criteria",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Analysis)",
        },
        {
            content: "Decide to answer",
            trigger: ".o_form_view button[name=action_decide_go]",
            run: "click",
        },
        {
            content: "The tender is being prepared",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Preparing)",
        },
        {
            content: "Open the checklist",
            trigger: ".o_notebook .nav-link:contains(Checklist)",
            run: "click",
        },
        {
            content: "Tick the required document",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains(Tour proposal) .o_field_widget[name=is_done] input",
            run: "click",
        },
        {
            content: "Enter our bid",
            trigger: ".o_field_widget[name=bid_amount] input",
            run: "edit 88000",
        },
        {
            content: "Submit the bid",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "The tender is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
    ],
});
