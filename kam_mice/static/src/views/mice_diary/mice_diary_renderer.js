import { Component, onWillUnmount, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

const { DateTime } = luxon;

// A pointer that moves less than this (in pixels) clicks rather than drags
const DRAG_THRESHOLD = 4;

const STATE_LABELS = {
    confirmed: _t("Confirmed"),
    released: _t("Released"),
    cancelled: _t("Cancelled"),
};
const RANK_LABELS = {
    1: _t("1st Option"),
    2: _t("2nd Option"),
    3: _t("3rd Option"),
};

/**
 * The grid: a row per space (grouped by venue, sections under their combination), a bar per
 * booking across the hours or days, in the browser's time zone as every Odoo view. A bar is
 * clicked to open its booking, dragged to another time or space to move it.
 */
export class MiceDiaryRenderer extends Component {
    static template = "kam_mice.MiceDiaryRenderer";
    static props = {
        model: Object,
        canCreate: Boolean,
        canEdit: Boolean,
        openBooking: Function,
        createBooking: Function,
        moveBooking: Function,
        openDay: Function,
    };

    setup() {
        this.gridRef = useRef("grid");
        this.drag = null;
        this.justDragged = false;
        this.onPointerMove = this.onPointerMove.bind(this);
        this.onPointerUp = this.onPointerUp.bind(this);
        this.onKeyDown = this.onKeyDown.bind(this);
        onWillUnmount(() => this.stopListening());
    }

    get model() {
        return this.props.model;
    }

    get nowPercent() {
        const now = DateTime.local();
        if (now < this.model.rangeStart || now >= this.model.rangeEnd) {
            return null;
        }
        return this.model.percentOf(now);
    }

    // ------------------------------------------------------------------ display
    columnTitle(column) {
        return this.model.scale === "day" ? "" : column.start.toLocaleString(DateTime.DATE_HUGE);
    }

    rowStyle(row) {
        return `--o-diary-lanes: ${row.lanes}`;
    }

    labelStyle(row) {
        return `padding-left: ${0.75 + row.space.level * 1.25}rem`;
    }

    itemStyle(item) {
        return `--o-diary-lane: ${item.lane}`;
    }

    /** The parts of an item, clipped to the period: set-up, the booking itself, tear-down. */
    segments(item) {
        const { booking } = item;
        const parts = item.isHold
            ? [["hold", booking.hold_start, booking.hold_end]]
            : [
                  ["setup", booking.hold_start, booking.date_start],
                  ["main", booking.date_start, booking.date_end],
                  ["teardown", booking.date_end, booking.hold_end],
              ];
        const segments = [];
        for (const [kind, start, end] of parts) {
            if (end <= start || end <= this.model.rangeStart || start >= this.model.rangeEnd) {
                continue;
            }
            const left = this.model.percentOf(start);
            const width = this.model.percentOf(end) - left;
            segments.push({ kind, style: `left: ${left}%; width: ${width}%` });
        }
        return segments;
    }

    itemClass(item) {
        const { booking } = item;
        const classes = [`o_mice_diary_${booking.state}`];
        if (item.isHold) {
            classes.push("o_mice_diary_hold");
        }
        if (booking.state === "option" && booking.option_rank !== "1") {
            classes.push("o_mice_diary_option_waiting");
        }
        if (booking.is_expired) {
            classes.push("o_mice_diary_expired");
        }
        if (this.model.saving.has(booking.id)) {
            classes.push("o_mice_diary_saving");
        }
        if (this.props.canEdit && !item.isHold) {
            classes.push("o_mice_diary_draggable");
        }
        return classes.join(" ");
    }

    statusLabel(booking) {
        if (booking.state === "option") {
            const rank = RANK_LABELS[booking.option_rank] || _t("Option");
            return booking.is_expired ? _t("%s, expired", rank) : rank;
        }
        return STATE_LABELS[booking.state] || booking.state;
    }

    timeLabel(start, end) {
        const sameDay = start.hasSame(end, "day");
        const format = (dateTime, withDay) =>
            withDay
                ? dateTime.toLocaleString({ ...DateTime.DATETIME_SHORT, year: undefined })
                : dateTime.toLocaleString(DateTime.TIME_SIMPLE);
        return sameDay
            ? `${format(start, this.model.scale !== "day")} – ${format(end, false)}`
            : `${format(start, true)} – ${format(end, true)}`;
    }

    tooltip(item) {
        const { booking } = item;
        const space = this.model.spaceById[booking.space_id];
        const lines = [
            `${booking.reference} ${booking.name}`,
            booking.client,
            this.timeLabel(booking.date_start, booking.date_end),
            `${this.statusLabel(booking)} · ${_t("%s people", booking.attendees)}`,
        ];
        if (booking.hold_start < booking.date_start || booking.hold_end > booking.date_end) {
            lines.push(
                _t("Held with set-up and tear-down: %s", this.timeLabel(booking.hold_start, booking.hold_end))
            );
        }
        if (item.isHold) {
            lines.unshift(_t("Held through %s", space?.name || ""));
        }
        return lines.filter(Boolean).join("\n");
    }

    // ------------------------------------------------------------------ clicks
    onBarClick(ev, item) {
        ev.stopPropagation();
        if (this.justDragged) {
            return;
        }
        this.props.openBooking(item.booking.id);
    }

    onLaneClick(ev, row) {
        if (this.justDragged || !this.props.canCreate || ev.target.closest(".o_mice_diary_segment")) {
            return;
        }
        const lane = ev.currentTarget.getBoundingClientRect();
        const { rangeStart, rangeEnd, scale } = this.model;
        const at = rangeStart.plus({
            milliseconds: ((ev.clientX - lane.left) / lane.width) * (rangeEnd - rangeStart),
        });
        // a click on a day books its working hours, a click on an hour books that hour
        const start = scale === "day" ? at.startOf("hour") : at.startOf("day").set({ hour: 9 });
        const end = scale === "day" ? start.plus({ hours: 1 }) : start.set({ hour: 18 });
        this.props.createBooking(row.space.id, start, end);
    }

    // ------------------------------------------------------------------ dragging
    onPointerDown(ev, item) {
        if (!this.props.canEdit || item.isHold || ev.button !== 0 || this.drag) {
            return;
        }
        const element = ev.currentTarget.closest(".o_mice_diary_item");
        const lane = element.closest(".o_mice_diary_lane");
        this.drag = {
            item,
            element,
            bar: element.querySelector(".o_mice_diary_bar"),
            startX: ev.clientX,
            startY: ev.clientY,
            laneWidth: lane.getBoundingClientRect().width,
            moved: false,
            deltaMs: 0,
            target: null,
        };
        window.addEventListener("pointermove", this.onPointerMove);
        window.addEventListener("pointerup", this.onPointerUp);
        window.addEventListener("keydown", this.onKeyDown);
    }

    onPointerMove(ev) {
        const drag = this.drag;
        const dx = ev.clientX - drag.startX;
        const dy = ev.clientY - drag.startY;
        if (!drag.moved && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) {
            return;
        }
        drag.moved = true;
        const { rangeStart, rangeEnd, snapMilliseconds } = this.model;
        const rawMs = (dx / drag.laneWidth) * (rangeEnd - rangeStart);
        drag.deltaMs = Math.round(rawMs / snapMilliseconds) * snapMilliseconds;
        drag.element.classList.add("o_mice_diary_dragging");
        drag.element.style.transform = `translate(${dx}px, ${dy}px)`;
        const row = this.rowAt(ev);
        if (row !== drag.target) {
            drag.target?.classList.remove("o_mice_diary_drop_target");
            row?.classList.add("o_mice_diary_drop_target");
            drag.target = row;
        }
        const { booking } = drag.item;
        const shift = (dateTime) => dateTime.plus({ milliseconds: drag.deltaMs });
        if (drag.bar) {
            drag.bar.dataset.dragLabel = this.timeLabel(shift(booking.date_start), shift(booking.date_end));
        }
    }

    /** The row under the pointer: the event's target, or what lies at its position. */
    rowAt(ev) {
        const target =
            ev.target instanceof Element && ev.target.closest(".o_mice_diary_row[data-space-id]")
                ? ev.target
                : document.elementFromPoint(ev.clientX, ev.clientY);
        return target?.closest(".o_mice_diary_row[data-space-id]") || null;
    }

    async onPointerUp() {
        const drag = this.drag;
        this.stopListening();
        this.endDrag(drag);
        if (!drag.moved) {
            return;
        }
        // the click that ends a drag opens nothing
        this.justDragged = true;
        setTimeout(() => (this.justDragged = false));
        const { booking } = drag.item;
        const spaceId = drag.target ? Number(drag.target.dataset.spaceId) : booking.space_id;
        if (spaceId === booking.space_id && !drag.deltaMs) {
            return;
        }
        await this.props.moveBooking(booking.id, { spaceId, deltaMs: drag.deltaMs });
    }

    onKeyDown(ev) {
        if (ev.key === "Escape" && this.drag) {
            const drag = this.drag;
            this.stopListening();
            this.endDrag(drag);
        }
    }

    endDrag(drag) {
        drag.element.classList.remove("o_mice_diary_dragging");
        drag.element.style.transform = "";
        if (drag.bar) {
            delete drag.bar.dataset.dragLabel;
        }
        drag.target?.classList.remove("o_mice_diary_drop_target");
    }

    stopListening() {
        this.drag = null;
        window.removeEventListener("pointermove", this.onPointerMove);
        window.removeEventListener("pointerup", this.onPointerUp);
        window.removeEventListener("keydown", this.onKeyDown);
    }
}
