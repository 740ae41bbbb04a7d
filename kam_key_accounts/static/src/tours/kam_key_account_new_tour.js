import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Key Accounts > New: a company, with its Key Account tab and its parent company (a subsidiary).
registry.category("web_tour.tours").add("kam_key_account_new_tour", {
    steps: () => [
        {
            content: "New key account",
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        },
        {
            content: "A company's form",
            trigger: ".o_field_widget[name=company_type] input[data-value=company]:checked",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Filiale Nord",
        },
        {
            content: "Open its Key Account tab",
            trigger: ".o_notebook .nav-link:contains(Key Account)",
            run: "click",
        },
        {
            content: "Its parent company",
            trigger: ".o_field_widget[name=parent_id] input",
            run: "edit Tour Group",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Group)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            trigger: ".o_form_saved",
        },
    ],
});
