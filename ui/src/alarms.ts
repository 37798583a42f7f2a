// Urgent messages nobody acknowledged after the last recipient: an alarm
// on every desk, at the top of the window whatever screen is on, and at
// the top of the callbacks in the Messages panel. Each is said at once
// (assertively) when it first appears, never again while it stands. The
// rule (who is next, when the alarm goes) is the core's; this only shows
// it and lets the operator mark it seen after calling the person.

import * as api from "./bindings";
import type { Alarm } from "./bindings";
import { byId, clear, h } from "./dom";
import { t, w } from "./state";
import { announce, showError } from "./view";

/** The alarms already said, by message id. */
const said = new Set<number>();

/** One alarm as a list item: its sentence and "Seen" (after calling them). */
export function alarmItem(a: Alarm, idPrefix: string, after: () => void): HTMLElement {
  const seen = h("button", { type: "button", id: `${idPrefix}-seen-${a.message.id}` }, t.msgMarkSeen);
  seen.addEventListener("click", () => {
    void api
      .markMessage({ message_id: a.message.id, mark: "acknowledged" })
      .then(after)
      .catch(showError);
  });
  return h("li", { class: "alarm", "data-message": String(a.message.id) }, h("span", { class: "alarm-text" }, w.phrase(a.said)), seen);
}

/** Reads the alarms again and shows them at the top of the window. */
export async function renderAlarms(): Promise<void> {
  try {
    const alarms = await api.alarms({ company_id: null });
    const box = byId("alarms");
    clear(box);
    box.hidden = alarms.length === 0;
    if (alarms.length === 0) return;
    const list = h("ol", { id: "alarm-list" });
    for (const a of alarms) list.append(alarmItem(a, "alarm", () => void renderAlarms()));
    box.append(list);
    const fresh = alarms.filter((a) => !said.has(a.message.id));
    for (const a of fresh) said.add(a.message.id);
    if (fresh.length > 0) announce(fresh.map((a) => w.phrase(a.said)).join(". "), true);
  } catch (e) {
    showError(e);
  }
}
