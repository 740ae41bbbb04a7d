import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_mice_diary_tour", {
    steps: () => [
        {
            content: "The function diary opens on its grid: a row per space",
            trigger: ".o_mice_diary_view .o_mice_diary_row[data-space-id]:contains(Tour Hall)",
        },
        {
            content: "Switch to the calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
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

const row = (space) => `.o_mice_diary_row[data-space-id]:contains(${space})`;
// a bar whose move the server has answered
const bar = (space, request) =>
    `${row(space)} .o_mice_diary_item:not(.o_mice_diary_saving) .o_mice_diary_bar:contains(${request})`;

/**
 * Drags the bar in hand to the lane of ``space``, ``hours`` later (earlier when negative): the
 * pointer goes down on the bar's middle and comes up as far from it as the hours are wide.
 */
function dragTo(space, hours) {
    return async function (helpers) {
        const spaceRow = [...document.querySelectorAll(".o_mice_diary_row[data-space-id]")].find(
            (element) => element.querySelector(".o_mice_diary_space_name").textContent === space
        );
        const lane = spaceRow.querySelector(".o_mice_diary_lane");
        const laneRect = lane.getBoundingClientRect();
        const barRect = this.anchor.getBoundingClientRect();
        const hourWidth = laneRect.width / 24; // the day scale
        const left = barRect.left + barRect.width / 2 - laneRect.left + hours * hourWidth;
        await helpers.drag_and_drop(`.o_mice_diary_row[data-space-id="${spaceRow.dataset.spaceId}"] .o_mice_diary_lane`, {
            position: { left, top: laneRect.height / 2 },
            relative: true,
        });
    };
}

registry.category("web_tour.tours").add("kam_mice_diary_drag_tour", {
    steps: () => [
        {
            content: "The diary shows today, by the hour",
            trigger: ".o_mice_diary_view .o_mice_diary_scale_day",
        },
        {
            content: "Tomorrow",
            trigger: ".o_mice_diary_button_next",
            run: "click",
        },
        {
            content: "The event's bar, with its client, in its space",
            trigger: `${bar("Drag Hall A", "Drag Event")}:contains(Drag Event Client)`,
        },
        {
            content: "Set-up and tear-down extend the bar",
            trigger: `${row("Drag Hall A")} .o_mice_diary_confirmed .o_mice_diary_setup + .o_mice_diary_bar + .o_mice_diary_teardown`,
        },
        {
            content: "Drag it onto the other hall, 4 hours later: the other event holds it then",
            trigger: bar("Drag Hall A", "Drag Event"),
            run: dragTo("Drag Hall B", 4),
        },
        {
            content: "The server refuses the clash, in words",
            trigger: ".o_notification:contains(already held)",
        },
        {
            content: "The bar is back in its hall",
            trigger: bar("Drag Hall A", "Drag Event"),
        },
        {
            content: "Drag it onto the other hall, 2 hours earlier",
            trigger: bar("Drag Hall A", "Drag Event"),
            run: dragTo("Drag Hall B", -2),
        },
        {
            content: "The bar moved",
            trigger: bar("Drag Hall B", "Drag Event"),
        },
        {
            trigger: `${row("Drag Hall A")}:not(:has(.o_mice_diary_bar))`,
        },
        {
            content: "A click opens the booking",
            trigger: bar("Drag Hall B", "Drag Event"),
            run: "click",
        },
        {
            content: "In a dialog, on its new space",
            trigger: ".modal .o_form_view .o_field_widget[name=space_id] input:value(Drag Hall B)",
        },
        {
            trigger: ".modal .o_form_button_cancel, .modal .btn-close",
            run: "click",
        },
        {
            content: "Back on the diary",
            trigger: "body:not(:has(.modal)) .o_mice_diary_view",
        },
    ],
});
