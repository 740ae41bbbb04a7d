import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_mice_diary_tour", {
    steps: () => [
        {
            content: "The function diary opens on its calendar",
            trigger: ".o_calendar_view .o_calendar_renderer",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The bookings holding a space are listed",
            trigger: ".o_list_view .o_data_row:contains(Tour Hall)",
        },
        {
            content: "Switch to the occupancy pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "Occupancy per space",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Tour Hall), .o_pivot th:contains(Tour Hall)",
        },
    ],
});
