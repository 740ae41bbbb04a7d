import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A booking typed in the request's Spaces and Rooms tab, ended with Enter as users do: the new
// empty line that Enter adds must not break the form.
registry.category("web_tour.tours").add("kam_mice_booking_line_tour", {
    steps: () => [
        {
            content: "Open the Spaces and Rooms tab",
            trigger: ".o_notebook .nav-link:contains(Spaces and Rooms)",
            run: "click",
        },
        {
            content: "Add a booking",
            trigger: "div[name=booking_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type the option's expiry first, and press Enter",
            trigger: "div[name=booking_ids] .o_selected_row .o_field_widget[name=option_expiry] input",
            run: "edit 09/01/2030 && press Enter",
        },
        {
            content: "No error: the line waits for its space",
            trigger: "body:not(:has(.o_error_dialog)) div[name=booking_ids] .o_data_row",
        },
        {
            content: "Choose the space",
            trigger: "div[name=booking_ids] .o_data_row .o_field_widget[name=space_id] input",
            run: "edit Line Hall",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Line Hall)",
            run: "click",
        },
        {
            content: "Start",
            trigger: "div[name=booking_ids] .o_selected_row .o_field_widget[name=date_start] input",
            run: "edit 09/20/2030 09:00:00",
        },
        {
            content: "End",
            trigger: "div[name=booking_ids] .o_selected_row .o_field_widget[name=date_end] input",
            run: "edit 09/20/2030 12:00:00",
        },
        {
            content: "The typed expiry is still there",
            trigger:
                "div[name=booking_ids] .o_selected_row .o_field_widget[name=option_expiry] input:value(09/01/2030)",
        },
        ...stepUtils.saveForm(),
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// Function Diary > New: the request is found and the booking saved.
registry.category("web_tour.tours").add("kam_mice_diary_new_tour", {
    steps: () => [
        {
            content: "Switch the diary to its list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "New booking",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Find the request",
            trigger: ".o_field_widget[name=request_id] input",
            run: "edit Diary New",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Diary New Event)",
            run: "click",
        },
        {
            content: "Choose the space",
            trigger: ".o_field_widget[name=space_id] input",
            run: "edit New Hall",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(New Hall)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=date_start] input",
            run: "edit 09/21/2030 09:00:00",
        },
        {
            trigger: ".o_field_widget[name=date_end] input",
            run: "edit 09/21/2030 12:00:00",
        },
        {
            trigger: ".o_field_widget[name=option_expiry] input",
            run: "edit 09/01/2030",
        },
        ...stepUtils.saveForm(),
        {
            content: "The booking is saved",
            trigger: ".o_breadcrumb:contains(New Hall)",
        },
    ],
});
