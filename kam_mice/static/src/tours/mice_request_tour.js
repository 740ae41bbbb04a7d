import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("kam_mice_request_tour", {
    steps: () => [
        {
            content: "Open the inquiry from the pipeline",
            trigger: ".o_kanban_record:contains(Tour kick-off)",
            run: "click",
        },
        {
            content: "Add a programme item",
            trigger: ".o_field_widget[name=programme_line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe it",
            trigger: ".o_field_widget[name=programme_line_ids] .o_selected_row [name=name] input",
            run: "edit Plenary session",
        },
        {
            content: "Price it with a product",
            trigger: ".o_field_widget[name=programme_line_ids] .o_selected_row [name=product_id] input",
            run: "edit Tour delegate",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour delegate package)",
            run: "click",
        },
        {
            content: "The quantity follows the attendees",
            trigger: ".o_field_widget[name=programme_line_ids] .o_selected_row [name=quantity]:contains(25)",
        },
        ...stepUtils.saveForm(),
        {
            content: "Build the quotation from the programme",
            trigger: "button[name=action_build_quotation]",
            run: "click",
        },
        {
            content: "The quotation belongs to the request",
            trigger: ".o_form_view .o_field_widget[name=mice_request_id]:contains(Tour kick-off)",
        },
        {
            content: "Confirm the quotation",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It is a sales order now",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Sales Order)",
        },
    ],
});
