// The call script for the call on screen: the client's own way to handle
// this type of call at this hour (what to say, what to ask, where it goes),
// the most specific that applies first. Ctrl+S shows the next one that
// applies. Which applies is the core's rule (scripts::applying); this
// only shows it. What to say is in the client's language and carries its
// `lang`, so a screen reader reads it with the right voice.

import * as api from "./bindings";
import type { Language, Script } from "./bindings";
import { byId, clear, h } from "./dom";
import { state, t, w } from "./state";
import { announce, say, showError } from "./view";

let scripts: Script[] = [];
let shown = 0;
/** The script last said, so a re-render does not say it again. */
let saidId: number | null = null;
/** What the list was asked for, so a late answer for another company is dropped. */
let asked = "";

/** Reads the scripts that apply now for the company on screen (and the call's dialled number). */
export async function loadScripts(): Promise<void> {
  const c = state.company;
  const dialled = state.call && state.call.company_id === c?.id ? state.call.to : null;
  const key = `${c?.id ?? ""}|${dialled ?? ""}`;
  asked = key;
  if (!c) {
    scripts = [];
    render();
    return;
  }
  try {
    const found = await api.scriptsNow({ company_id: c.id, dialled });
    if (asked !== key) return;
    const same = scripts.map((s) => s.id).join() === found.map((s) => s.id).join();
    scripts = found;
    if (!same) shown = 0;
    render();
  } catch (e) {
    showError(e);
  }
}

/** The script shown now (the message form asks its questions). */
export function currentScript(): Script | null {
  return scripts[shown] ?? null;
}

/** Ctrl+S: the next script that applies. */
export function nextScript(): void {
  if (scripts.length < 2) {
    // Nothing to switch to: say which one stands (if any).
    const only = scripts[0];
    if (only) say(w.with("scriptShown", { name: only.name }));
    return;
  }
  shown = (shown + 1) % scripts.length;
  render();
}

function render(): void {
  const box = byId("script");
  clear(box);
  const s = scripts[shown];
  box.hidden = s === undefined;
  if (!s) {
    saidId = null;
    return;
  }
  const language: Language = state.company?.language ?? "fi";
  const head = h("h2", { id: "script-name" }, `${t.scriptHead}: ${s.name}`);
  if (s.urgent) head.append(" ", h("span", { class: "chip away" }, t.scriptUrgent));
  box.append(head);
  const lines = Object.entries(s.say) as [Language, string][];
  lines.sort(([a], [b]) => Number(a !== language) - Number(b !== language));
  for (const [lang, text] of lines) box.append(h("p", { class: "script-say", lang }, text));
  if (s.questions.length > 0) {
    const ask = h("ol", { class: "script-questions" });
    for (const q of s.questions) {
      const choices = q.choices.length > 0 ? `: ${q.choices.join(" / ")}` : "";
      const required = q.required ? ` (${t.scriptRequired})` : "";
      ask.append(h("li", { lang: language }, `${q.label}${choices}${required}`));
    }
    box.append(ask);
  }
  if (s.goes_to) {
    const where =
      s.goes_to.kind === "on_call" ? t.scriptOnCall : s.goes_to.kind === "address" ? s.goes_to.address : s.goes_to.name;
    box.append(h("p", { class: "script-goes" }, w.with("scriptGoesTo", { where })));
  }
  if (scripts.length > 1) box.append(h("p", { class: "script-more" }, w.with("scriptMore", { n: shown + 1, count: scripts.length })));
  if (saidId !== s.id) {
    saidId = s.id;
    announce(w.with("scriptShown", { name: s.name }));
  }
}
