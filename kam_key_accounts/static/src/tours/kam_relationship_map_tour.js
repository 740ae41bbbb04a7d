import { registry } from "@web/core/registry";

const MAP_BUTTON = "button[name=action_open_kam_relationship_map]";

/** The card of the stakeholder named ``name`` in the org chart. */
function card(name) {
    return `.o_hierarchy_view .o_hierarchy_node:has(.o_field_widget[name=partner_id]:contains(${name}))`;
}

/** The red, green and blue of the attitude band of ``name``'s card. */
function bandColour(name) {
    const band = document.querySelector(`${card(name)} .o_kam_stakeholder_attitude`);
    const [red, green, blue] = getComputedStyle(band).backgroundColor.match(/\d+/g).map(Number);
    return { red, green, blue };
}

registry.category("web_tour.tours").add("kam_relationship_map_tour", {
    steps: () => [
        {
            content: "The key account's buttons (the map may be under 'More')",
            trigger: ".o_form_view .o-form-buttonbox",
            run: () => {
                if (!document.querySelector(MAP_BUTTON)) {
                    document.querySelector(".o-form-buttonbox .o_button_more").click();
                }
            },
        },
        {
            content: "Open the relationship map: 2 stakeholders",
            trigger: `${MAP_BUTTON}:has(.o_stat_value:contains(2))`,
            run: "click",
        },
        {
            content: "The org chart shows the boss, a supporter: green band, role, owner",
            trigger: `${card("Marie Tourette")}:has(.o_kam_stakeholder_attitude.o_hierarchy_node_color_10:contains(Supporter)):contains(Decision Maker):contains(Influence 5/5)`,
            run: () => {
                const { red, green } = bandColour("Marie Tourette");
                if (!(green > red)) {
                    throw new Error(`A supporter's band is not green (red ${red}, green ${green})`);
                }
            },
        },
        {
            content: "Under her, an opponent: red band",
            trigger: `${card("Paul Tourneur")} .o_kam_stakeholder_attitude.o_hierarchy_node_color_1:contains(Opponent)`,
            run: () => {
                const { red, green } = bandColour("Paul Tourneur");
                if (!(red > green)) {
                    throw new Error(`An opponent's band is not red (red ${red}, green ${green})`);
                }
            },
        },
        {
            content: "Who covers him on our side, and when we last met him",
            trigger: `${card("Paul Tourneur")} .o_field_widget[name=owner_id]:contains(Océane Tour)`,
        },
        {
            content: "The last interaction date is on the card",
            trigger: `${card("Paul Tourneur")} .o_field_widget[name=last_interaction_date]:not(:empty)`,
        },
    ],
});
