import { getActiveActions } from "@web/views/utils";

export const DIARY_SCALES = ["day", "week", "two_weeks"];

/**
 * <mice_diary string="..." scale="day|week|two_weeks" create="0" edit="0"/>
 */
export class MiceDiaryArchParser {
    parse(xmlDoc) {
        const scale = xmlDoc.getAttribute("scale") || "day";
        return {
            activeActions: getActiveActions(xmlDoc),
            scale: DIARY_SCALES.includes(scale) ? scale : "day",
        };
    }
}
