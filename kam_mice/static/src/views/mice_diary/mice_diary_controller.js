import { Component } from "@odoo/owl";
import { serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { useBus, useOwnedDialogs, useService } from "@web/core/utils/hooks";
import { useModel } from "@web/model/model";
import { useSetupAction } from "@web/search/action_hook";
import { CogMenu } from "@web/search/cog_menu/cog_menu";
import { Layout } from "@web/search/layout";
import { SearchBar } from "@web/search/search_bar/search_bar";
import { useSearchBarToggler } from "@web/search/search_bar/search_bar_toggler";
import { standardViewProps } from "@web/views/standard_view_props";
import { ViewScaleSelector } from "@web/views/view_components/view_scale_selector";
import { FormViewDialog } from "@web/views/view_dialogs/form_view_dialog";
import { initialDiaryDate, SCALE_DAYS, SCALE_LABELS } from "./mice_diary_model";

const { DateTime } = luxon;

// What the server answers when it refuses a move in words meant for the user
const USER_REFUSALS = [
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
];

export class MiceDiaryController extends Component {
    static template = "kam_mice.MiceDiaryController";
    static components = { Layout, SearchBar, CogMenu, ViewScaleSelector };
    static props = {
        ...standardViewProps,
        Model: Function,
        Renderer: Function,
        archInfo: Object,
    };

    setup() {
        this.notification = useService("notification");
        this.addDialog = useOwnedDialogs();
        this.model = useModel(this.props.Model, {
            resModel: this.props.resModel,
            scale: this.props.state?.scale || this.props.archInfo.scale,
            date: initialDiaryDate(this.props.state, this.props.context),
        });
        useBus(this.model.bus, "update", () => this.render(true));
        useSetupAction({
            getLocalState: () => ({ date: this.model.date.toISODate(), scale: this.model.scale }),
        });
        this.searchBarToggler = useSearchBarToggler();
    }

    get activeActions() {
        return this.props.archInfo.activeActions;
    }

    get scales() {
        return Object.fromEntries(
            Object.entries(SCALE_LABELS).map(([scale, description]) => [scale, { description }])
        );
    }

    get title() {
        const { rangeStart, rangeEnd, scale } = this.model;
        if (scale === "day") {
            return rangeStart.toLocaleString(DateTime.DATE_HUGE);
        }
        const last = rangeEnd.minus({ days: 1 });
        const first = rangeStart.toLocaleString(
            rangeStart.year === last.year
                ? { day: "numeric", month: "short" }
                : DateTime.DATE_MED
        );
        return `${first} – ${last.toLocaleString(DateTime.DATE_MED)}`;
    }

    get rendererProps() {
        return {
            model: this.model,
            canCreate: this.activeActions.create,
            canEdit: this.activeActions.edit,
            openBooking: (bookingId) => this.openBooking(bookingId),
            createBooking: (spaceId, start, end) => this.createBooking(spaceId, start, end),
            moveBooking: (bookingId, move) => this.moveBooking(bookingId, move),
            openDay: (day) => this.model.load({ scale: "day", date: day }),
        };
    }

    // ------------------------------------------------------------------ navigation
    setScale(scale) {
        return this.model.load({ scale });
    }

    move(direction) {
        const days = SCALE_DAYS[this.model.scale] * direction;
        return this.model.load({ date: this.model.date.plus({ days }) });
    }

    today() {
        return this.model.load({ date: DateTime.local().startOf("day") });
    }

    // ------------------------------------------------------------------ bookings
    openBooking(bookingId) {
        const booking = this.model.bookings[bookingId];
        this.addDialog(
            FormViewDialog,
            {
                resModel: this.props.resModel,
                resId: bookingId,
                title: _t("Open: %s", booking.name),
                context: this.props.context,
                preventEdit: !this.activeActions.edit,
            },
            // the form's buttons (confirm, release...) change the booking too
            { onClose: () => this.model.reload() }
        );
    }

    /** A new booking, of ``spaceId`` from ``start`` to ``end`` when given (a click on the grid). */
    createBooking(spaceId, start, end) {
        if (!this.activeActions.create) {
            return;
        }
        const defaults = {};
        if (spaceId) {
            defaults.default_space_id = spaceId;
        }
        if (start && end) {
            defaults.default_date_start = serializeDateTime(start);
            defaults.default_date_end = serializeDateTime(end);
        }
        this.addDialog(
            FormViewDialog,
            {
                resModel: this.props.resModel,
                title: _t("New Booking"),
                context: { ...this.props.context, ...defaults },
            },
            { onClose: () => this.model.reload() }
        );
    }

    /**
     * Moves a dragged booking; a refusal of the server (a clash, a space too small...) is shown
     * as a notification and the bar goes back where it was.
     */
    async moveBooking(bookingId, move) {
        try {
            return await this.model.moveBooking(bookingId, move);
        } catch (error) {
            if (!(error instanceof RPCError) || !USER_REFUSALS.includes(error.exceptionName)) {
                throw error;
            }
            this.notification.add(error.data.message, {
                title: _t("The booking was not moved"),
                type: "danger",
            });
            return false;
        }
    }
}
