import { registry } from "@web/core/registry";

const MAP_BUTTON = "button[name=action_open_kam_relationship_map]";

/** The card of the stakeholder named ``name`` in the org chart. */
function card(name) {
    return `.o_hierarchy_view .o_hierarchy_node:contains(${name})`;
}

/** The element of ``name``'s card (querySelector knows no :contains). */
function cardElement(name) {
    return [...document.querySelectorAll(".o_hierarchy_view .o_hierarchy_node")].find((node) =>
        node.textContent.includes(name)
    );
}

/** The red, green and blue of the attitude band of ``name``'s card. */
function bandColour(name) {
    const band = cardElement(name).querySelector(".o_kam_stakeholder_attitude");
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
            content: "The org chart shows the boss's card",
            trigger: card("Marie Tourette"),
        },
        {
            content: "She is a supporter: a green band",
            trigger: `${card("Marie Tourette")} .o_kam_stakeholder_attitude.o_hierarchy_node_color_10:contains(Supporter)`,
            run: () => {
                const { red, green } = bandColour("Marie Tourette");
                if (!(green > red)) {
                    throw new Error(`A supporter's band is not green (red ${red}, green ${green})`);
                }
            },
        },
        {
            content: "Her buying role and influence",
            trigger: `${card("Marie Tourette")}:contains(Decision Maker)`,
            run: () => {
                const text = cardElement("Marie Tourette").textContent.replace(/\s+/g, "");
                if (!text.includes("Influence5/5")) {
                    throw new Error(`Her influence is not on the card: "${text}"`);
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
            content: "Who covers him on our side",
            trigger: `${card("Paul Tourneur")}:contains(Océane Tour)`,
        },
        {
            content: "When we last met him",
            trigger: `${card("Paul Tourneur")} .o_kam_last_interaction`,
            run: () => {
                const text = cardElement("Paul Tourneur").querySelector(".o_kam_last_interaction").textContent;
                if (!/\d/.test(text)) {
                    throw new Error(`No last interaction date on the card: "${text}"`);
                }
            },
        },
    ],
});
