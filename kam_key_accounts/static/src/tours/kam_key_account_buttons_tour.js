import { registry } from "@web/core/registry";

// The buttons shown in the button box itself; the "More" dropdown's menu carries the same class.
const SHOWN = ".o_form_view .o-form-buttonbox:not(.o_dropdown_more) > .oe_stat_button";

/** A stat button whose label is on its own line above its value (not "70/100Health" on one line). */
function checkStatButtonLayout(label) {
    const button = [...document.querySelectorAll(SHOWN)].find(
        (element) => element.querySelector(".o_stat_text")?.textContent.trim() === label
    );
    if (!button) {
        throw new Error(`No "${label}" button in the button box`);
    }
    const text = button.querySelector(".o_stat_text").getBoundingClientRect();
    const value = button.querySelector(".o_stat_value").getBoundingClientRect();
    if (!(value.top >= text.bottom - 1)) {
        throw new Error(`"${label}": the value is not under the label`);
    }
}

registry.category("web_tour.tours").add("kam_key_account_buttons_tour", {
    steps: () => [
        {
            content: "A laptop screen: the button box shows 4 buttons and 'More'",
            trigger: ".o_form_view .o-form-buttonbox",
            run: () => {
                if (window.innerWidth !== 1440) {
                    throw new Error(`The window is ${window.innerWidth} px wide, not 1440`);
                }
            },
        },
        {
            content: "The account plan is shown, not under 'More'",
            trigger: `${SHOWN} .o_stat_text:contains(Account Plan)`,
        },
        {
            content: "The group's orders are shown",
            trigger: `${SHOWN} .o_stat_text:contains(Group Orders)`,
        },
        {
            content: "The group's pipeline is shown",
            trigger: `${SHOWN} .o_stat_text:contains(Group Pipeline)`,
        },
        {
            content: "The group's open tenders are shown",
            trigger: `${SHOWN} .o_stat_text:contains(Open Tenders)`,
            run: () => checkStatButtonLayout("Account Plan"),
        },
        {
            content: "Open the account plan",
            trigger: `${SHOWN}:has(.o_stat_text:contains(Account Plan))`,
            run: "click",
        },
        {
            content: "The plan's health reads '<score> / 100' under 'Health'",
            trigger: `${SHOWN}:has(.o_stat_text:contains(Health)) .o_stat_value:contains(/ 100)`,
            run: () => checkStatButtonLayout("Health"),
        },
    ],
});
