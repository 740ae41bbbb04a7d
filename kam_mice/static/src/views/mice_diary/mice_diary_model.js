import { _t } from "@web/core/l10n/translation";
import {
    deserializeDate,
    deserializeDateTime,
    getStartOfLocalWeek,
    serializeDateTime,
} from "@web/core/l10n/dates";
import { KeepLast } from "@web/core/utils/concurrency";
import { Model } from "@web/model/model";

const { DateTime } = luxon;

export const SCALE_DAYS = { day: 1, week: 7, two_weeks: 14 };
export const SCALE_LABELS = {
    day: _t("Day"),
    week: _t("Week"),
    two_weeks: _t("2 Weeks"),
};
// A dragged bar moves by whole steps: a quarter of an hour on a day, an hour on a week.
const SNAP_MINUTES = { day: 15, week: 60, two_weeks: 60 };
// The states of a booking that hold its space (and so its combinations' or sections') in time
const HOLDING_STATES = ["option", "confirmed"];

/**
 * The function diary's data: one call to mice.booking.get_diary_data per screen, turned into rows
 * (spaces by venue) of items (bookings, and the holds they put on the combinations and sections of
 * their space), each item in a lane of its row so that overlapping items never cover each other.
 */
export class MiceDiaryModel extends Model {
    setup(params) {
        this.resModel = params.resModel;
        this.keepLast = new KeepLast();
        this.meta = {
            scale: params.scale,
            date: params.date,
            domain: [],
            context: {},
        };
        this.venues = [];
        this.spaces = [];
        this.spaceById = {};
        this.rows = [];
        this.bookings = {};
        this.saving = new Set();
    }

    // ------------------------------------------------------------------ period
    get scale() {
        return this.meta.scale;
    }

    get date() {
        return this.meta.date;
    }

    get rangeStart() {
        return this.scale === "day" ? this.date.startOf("day") : getStartOfLocalWeek(this.date);
    }

    get rangeEnd() {
        return this.rangeStart.plus({ days: SCALE_DAYS[this.scale] });
    }

    get snapMilliseconds() {
        return SNAP_MINUTES[this.scale] * 60 * 1000;
    }

    /** The grid's columns: the hours of the day, or the days of the weeks. */
    get columns() {
        const columns = [];
        const end = this.rangeEnd;
        const step = this.scale === "day" ? { hours: 1 } : { days: 1 };
        const today = DateTime.local().startOf("day");
        for (let start = this.rangeStart; start < end; start = start.plus(step)) {
            const stop = DateTime.min(start.plus(step), end);
            columns.push({
                key: start.toMillis(),
                start,
                width: this.percentOf(stop) - this.percentOf(start),
                label:
                    this.scale === "day"
                        ? start.toLocaleString({ hour: "numeric" })
                        : start.toLocaleString({ weekday: "short", day: "numeric" }),
                isToday: this.scale !== "day" && start.hasSame(today, "day"),
                isWeekend: this.scale !== "day" && [6, 7].includes(start.weekday),
            });
        }
        return columns;
    }

    /** Where ``dateTime`` falls across the period, in percent (clamped to the period). */
    percentOf(dateTime) {
        const start = this.rangeStart.toMillis();
        const total = this.rangeEnd.toMillis() - start;
        return Math.min(Math.max(((dateTime.toMillis() - start) / total) * 100, 0), 100);
    }

    // ------------------------------------------------------------------ loading
    /**
     * @param {Object} params the search's domain and context (from the view's props), and/or a
     *  new date or scale
     */
    async load(params = {}) {
        const meta = { ...this.meta };
        for (const key of ["scale", "date", "domain", "context"]) {
            if (key in params && params[key] !== undefined) {
                meta[key] = params[key];
            }
        }
        const data = await this.keepLast.add(this._fetch(meta));
        this.meta = meta;
        this._process(data);
        this.notify();
    }

    reload() {
        return this.load();
    }

    _fetch(meta) {
        const start =
            meta.scale === "day" ? meta.date.startOf("day") : getStartOfLocalWeek(meta.date);
        const end = start.plus({ days: SCALE_DAYS[meta.scale] });
        return this.orm.call(
            this.resModel,
            "get_diary_data",
            [serializeDateTime(start), serializeDateTime(end), meta.domain],
            { context: meta.context }
        );
    }

    _process(data) {
        const bookings = {};
        for (const raw of data.bookings) {
            bookings[raw.id] = {
                ...raw,
                date_start: deserializeDateTime(raw.date_start),
                date_end: deserializeDateTime(raw.date_end),
                hold_start: deserializeDateTime(raw.hold_start),
                hold_end: deserializeDateTime(raw.hold_end),
            };
        }
        this.bookings = bookings;
        this.spaces = data.spaces;
        this.spaceById = Object.fromEntries(data.spaces.map((space) => [space.id, space]));
        // a booking of a space also holds the spaces it is made of, and keeps the combinations it
        // is part of from being booked: both show its hold
        const related = Object.fromEntries(data.spaces.map((space) => [space.id, new Set()]));
        for (const space of data.spaces) {
            for (const heldId of space.held_space_ids) {
                related[space.id].add(heldId);
                related[heldId]?.add(space.id);
            }
        }
        this.related = related;
        this.venues = data.venues;
        this._buildRows(data.spaces);
    }

    _buildRows(spaces) {
        const items = Object.fromEntries(spaces.map((space) => [space.id, []]));
        for (const booking of Object.values(this.bookings)) {
            items[booking.space_id]?.push({ key: `b${booking.id}`, booking, isHold: false });
            if (this.holdsSpace(booking)) {
                for (const spaceId of this.related[booking.space_id] || []) {
                    items[spaceId]?.push({ key: `h${booking.id}`, booking, isHold: true });
                }
            }
        }
        const rowsByVenue = {};
        for (const space of spaces) {
            const lanes = this._placeInLanes(items[space.id]);
            (rowsByVenue[space.venue_id] ||= []).push({ space, items: items[space.id], lanes });
        }
        this.rows = this.venues.map((venue) => ({ venue, rows: rowsByVenue[venue.id] || [] }));
    }

    /** Gives each item the first lane free at its start (items sorted by start); returns the count. */
    _placeInLanes(items) {
        items.sort((a, b) => a.booking.hold_start - b.booking.hold_start || a.booking.id - b.booking.id);
        const laneEnds = [];
        for (const item of items) {
            let lane = laneEnds.findIndex((end) => end <= item.booking.hold_start);
            if (lane < 0) {
                lane = laneEnds.length;
                laneEnds.push(null);
            }
            laneEnds[lane] = item.booking.hold_end;
            item.lane = lane;
        }
        return Math.max(laneEnds.length, 1);
    }

    holdsSpace(booking) {
        return booking.holds_space && HOLDING_STATES.includes(booking.state) && !booking.is_expired;
    }

    // ------------------------------------------------------------------ moving
    /**
     * Moves a booking by ``deltaMs`` to the space ``spaceId``: shown at once, written through the
     * ORM, put back when the server refuses (a clash, a space too small...).
     * @returns {Promise<boolean>} whether the server took the move
     */
    async moveBooking(bookingId, { spaceId, deltaMs }) {
        const booking = this.bookings[bookingId];
        const before = { ...booking };
        const shift = (dateTime) => dateTime.plus({ milliseconds: deltaMs });
        Object.assign(booking, {
            space_id: spaceId,
            date_start: shift(booking.date_start),
            date_end: shift(booking.date_end),
            hold_start: shift(booking.hold_start),
            hold_end: shift(booking.hold_end),
        });
        this.saving.add(bookingId);
        this._buildRows(this.spaces);
        this.notify();
        try {
            await this.orm.write(
                this.resModel,
                [bookingId],
                {
                    space_id: spaceId,
                    date_start: serializeDateTime(booking.date_start),
                    date_end: serializeDateTime(booking.date_end),
                },
                { context: this.meta.context }
            );
        } catch (error) {
            Object.assign(booking, before);
            this._buildRows(this.spaces);
            throw error;
        } finally {
            this.saving.delete(bookingId);
            this.notify();
        }
        await this.reload();
        return true;
    }
}

/** The day the diary opens on: the one it showed last, the action's ``initial_date``, or today. */
export function initialDiaryDate(state, context) {
    if (state?.date) {
        return DateTime.fromISO(state.date);
    }
    const initial = context?.initial_date;
    if (initial) {
        const date =
            initial.length > 10 ? deserializeDateTime(initial) : deserializeDate(initial);
        if (date.isValid) {
            return date.startOf("day");
        }
    }
    return DateTime.local().startOf("day");
}
