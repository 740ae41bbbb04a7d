import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_tier_tour", {
    steps: () => [
        {
            content: "Add a tier",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_data_row .o_field_widget[name=name] input",
            run: "edit Platinum Tour",
        },
        {
            content: "Save it",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The new tier is listed",
            trigger: ".o_data_row:not(.o_selected_row) td:contains(Platinum Tour)",
        },
    ],
});
