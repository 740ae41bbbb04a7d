import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// From the request: open its room block, add a guest to the rooming list, see the pickup.
registry.category("web_tour.tours").add("kam_mice_room_block_tour", {
    steps: () => [
        {
            content: "Open the Spaces and Rooms tab",
            trigger: ".o_notebook .nav-link:contains(Spaces and Rooms)",
            run: "click",
        },
        {
            content: "Open the room block",
            trigger: "div[name=room_block_ids] .o_data_row:contains(Tour Rooms Venue) td.o_data_cell:first",
            run: "click",
        },
        {
            content: "Its rooming list",
            trigger: ".modal .o_notebook .nav-link:contains(Rooming List)",
            run: "click",
        },
        {
            content: "Add a guest",
            trigger: ".modal div[name=rooming_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal div[name=rooming_ids] .o_selected_row .o_field_widget[name=guest_name] input",
            run: "edit Camille Tour",
        },
        {
            content: "The guest's stay defaults to the block's nights",
            trigger:
                ".modal div[name=rooming_ids] .o_selected_row .o_field_widget[name=arrival] input:value(09/20/2030)",
        },
        {
            content: "Save the block",
            trigger: ".modal .o_form_button_save, .modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The request's list shows the pickup",
            trigger: "div[name=room_block_ids] .o_data_row:contains(Tour Rooms Venue) td[name=room_nights_picked_up]:contains(1)",
        },
        ...stepUtils.saveForm(),
    ],
});
