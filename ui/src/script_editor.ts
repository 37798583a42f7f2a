// Ctrl+Shift+S: the company's call scripts, edited. A list of the
// company's scripts (when each applies), and the form of one: the call
// type, when it applies (days, hours, dates, the dialled number), what to
// say in each language, the questions one a line, where the call goes and
// whether its messages are urgent. Each part is typed in the forms `vaihde
// script add` takes; the core reads them and refuses a wrong part in the
// operator's words, naming its field. A script saved here shows on every
// desk at once.

import * as api from "./bindings";
import type { ScriptForm, ScriptRow } from "./bindings";
import { attempt, capital, closeOverlay, field, keys, open } from "./dialogs";
import { h } from "./dom";
import { LANGS } from "./i18n";
import { loadScripts } from "./script";
import { state, t, w } from "./state";
import { say, showError } from "./view";


export async function scriptEditor(): Promise<void> {
  const company = state.company;
  if (!company) return;
  let rows: ScriptRow[];
  try {
    rows = await api.scriptsOf({ company_id: company.id });
  } catch (e) {
    showError(e);
    return;
  }
  const list = h("ul", { id: "script-list", class: "script-list" });
  for (const r of rows) {
    const b = h("button", { type: "button", id: `script-edit-${r.script.id}` }, `#${r.script.id} ${r.script.name} · ${r.when}`);
    b.addEventListener("click", () => scriptForm(company.id, r));
    list.append(h("li", {}, b));
  }
  if (rows.length === 0) list.append(h("li", {}, t.scriptsNone));
  const add = h("button", { type: "button", id: "script-new" }, t.scriptsNew);
  add.addEventListener("click", () => scriptForm(company.id, null));
  open("scripts-dialog", w.with("scriptsTitle", { company: company.name }), list, h("div", { class: "dialog-buttons" }, add));
  (list.querySelector("button") ?? add).focus();
}

function scriptForm(companyId: number, row: ScriptRow | null): void {
  const f: ScriptForm = row?.form ?? { name: "", days: "", hours: "", dates: "", number: "", say: {}, questions: "", goes_to: "", urgent: false };
  const grid = h("div", { class: "form-grid" });
  const line = (id: string, label: string, value: string, example: string): HTMLInputElement => {
    const [l, input] = field(id, capital(label), value);
    input.placeholder = example;
    grid.append(l, input);
    return input;
  };
  const name = line("sf-name", t.fieldScriptName, f.name, "Vikailmoitus virka-ajan ulkopuolella");
  const days = line("sf-days", t.fieldScriptDays, f.days, "mon-fri");
  const hours = line("sf-hours", t.fieldScriptHours, f.hours, "16:00-08:00");
  const dates = line("sf-dates", t.fieldScriptDates, f.dates, "2026-12-24..2026-12-26");
  const number = line("sf-number", t.fieldScriptNumber, f.number, "09 4321 001");
  const says = LANGS.map((code) => {
    const id = `sf-say-${code}`;
    const area = h("textarea", { id, rows: "2", lang: code });
    area.value = f.say[code] ?? "";
    grid.append(h("label", { for: id }, `${capital(t.fieldScriptSay)} (${code})`), area);
    return [code, area] as const;
  });
  const questions = h("textarea", { id: "sf-questions", rows: "4" });
  questions.value = f.questions;
  questions.placeholder = "choice:Vian laatu:vesi|sähkö|muu:required";
  grid.append(h("label", { for: "sf-questions" }, capital(t.fieldScriptQuestions)), questions);
  const goesTo = line("sf-goes-to", t.fieldScriptGoesTo, f.goes_to, "person:NAME · role:NAME · on-call · address:EMAIL");
  const urgent = h("input", { type: "checkbox", id: "sf-urgent" });
  urgent.checked = f.urgent;
  grid.append(h("label", { for: "sf-urgent" }, t.scriptsUrgent), urgent);
  const note = h("p", { class: "dialog-note", id: "sf-note" }, t.scriptsFormHelp);
  const saveButton = h("button", { type: "button", id: "sf-save" }, t.scriptsSave);
  const remove = row ? h("button", { type: "button", id: "sf-remove" }, t.scriptsRemove) : null;
  open("script-form", row ? `#${row.script.id} ${row.script.name}` : t.scriptsNew, grid, note, h("div", { class: "dialog-buttons" }, saveButton, remove));
  const form = (): ScriptForm => ({
    name: name.value,
    days: days.value,
    hours: hours.value,
    dates: dates.value,
    number: number.value,
    say: Object.fromEntries(says.map(([code, area]) => [code, area.value])),
    questions: questions.value,
    goes_to: goesTo.value,
    urgent: urgent.checked,
  });
  const save = (): void =>
    void attempt(
      note,
      async () => {
        const saved = await api.saveScript({ company_id: companyId, id: row?.script.id ?? null, form: form() });
        say(w.with("scriptsSaved", { name: saved.name }));
      },
      () => loadScripts(),
      {
        script_name: name,
        script_days: days,
        script_hours: hours,
        script_dates: dates,
        script_questions: questions,
        script_goes_to: goesTo,
        script_say: says[0]?.[1] ?? questions,
      },
    );
  // Enter saves from a one-line field; in a text area Ctrl+Enter does.
  keys([name, days, hours, dates, number, goesTo, urgent, questions, ...says.map(([, a]) => a)], save);
  saveButton.addEventListener("click", save);
  remove?.addEventListener("click", () => {
    if (!row) return;
    void api
      .removeScript({ id: row.script.id })
      .then(() => {
        say(w.with("scriptsRemoved", { name: row.script.name }));
        closeOverlay();
        return loadScripts();
      })
      .catch(showError);
  });
  name.focus();
}
