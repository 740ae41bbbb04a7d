import { registry } from "@web/core/registry";
import { MiceDiaryArchParser } from "./mice_diary_arch_parser";
import { MiceDiaryController } from "./mice_diary_controller";
import { MiceDiaryModel } from "./mice_diary_model";
import { MiceDiaryRenderer } from "./mice_diary_renderer";

/**
 * The function diary: function spaces down, time across (a day by the hour, a week or two by the
 * day), one bar per booking. Odoo community has no Gantt view: this is the room-by-time grid
 * venues know from their diaries (Delphi, Tripleseat), as a view type of its own, so that the
 * action's search, filters and favourites drive it like any other view.
 */
export const miceDiaryView = {
    type: "mice_diary",
    searchMenuTypes: ["filter", "favorite"],
    ArchParser: MiceDiaryArchParser,
    Controller: MiceDiaryController,
    Model: MiceDiaryModel,
    Renderer: MiceDiaryRenderer,
    props: (genericProps, view) => ({
        ...genericProps,
        archInfo: new view.ArchParser().parse(genericProps.arch),
        Model: view.Model,
        Renderer: view.Renderer,
    }),
};

registry.category("views").add("mice_diary", miceDiaryView);
