import { registry } from "@web/core/registry";

// From a request: Find a Space, search, hold the best fit as an option.
registry.category("web_tour.tours").add("kam_mice_availability_tour", {
    steps: () => [
        {
            content: "Find a space for the request",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Find a Space)",
            run: "click",
        },
        {
            content: "The request's attendees are filled in",
            trigger: ".modal .o_field_widget[name=attendees] input:value(40)",
        },
        {
            content: "Only this venue",
            trigger: ".modal .o_field_widget[name=venue_ids] input",
            run: "edit Avail Venue",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Avail Venue)",
            run: "click",
        },
        {
            content: "Search",
            trigger: ".modal button[name=action_search]",
            run: "click",
        },
        {
            content: "The held hall is not offered; the best fit comes first",
            trigger:
                ".modal .o_data_row:first-child:contains(Avail Hall):not(:has(~ .o_data_row:contains(Busy Hall)))",
        },
        {
            content: "Hold it as an option",
            trigger: ".modal .o_data_row:first-child button[name=action_hold]",
            run: "click",
        },
        {
            content: "The request's bookings show the new options",
            trigger: ".o_list_view .o_data_row:contains(Avail Hall)",
        },
    ],
});
