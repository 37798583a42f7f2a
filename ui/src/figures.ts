// F12: the figures panel. Today's, this week's or this month's calls and
// messages, per company and per agent, as tables a screen reader walks
// cell by cell, with the two charts the client's e-mail carries (calls per
// hour by outcome, answer times). Counting and drawing are the core's
// (`api.figures`); this shows them. A chart is an image whose text
// alternative says what it shows; its SVG is never put into the page as
// markup.

import * as api from "./bindings";
import type { ChartView, FiguresView, Period, Row } from "./bindings";
import { capital, open } from "./dialogs";
import { byId, clear, h } from "./dom";
import { state, t, w } from "./state";
import { showError } from "./view";

let period: Period = "day";
/** The company on screen only (else every company). */
let onlyCompany = true;

/** Whether the panel is open (a change on another desk redraws it). */
export function figuresOpen(): boolean {
  return document.getElementById("figures-body") !== null;
}

export async function figuresPanel(): Promise<void> {
  const periodSelect = h("select", { id: "figures-period" });
  for (const [code, word] of [["day", t.figuresDay], ["week", t.figuresWeek], ["month", t.figuresMonth]] as const) {
    periodSelect.append(h("option", { value: code }, word));
  }
  periodSelect.value = period;
  periodSelect.addEventListener("change", () => {
    period = periodSelect.value as Period;
    void renderFigures();
  });
  const scopeSelect = h("select", { id: "figures-scope" });
  if (state.company) scopeSelect.append(h("option", { value: "company" }, w.with("figuresScopeCompany", { company: state.company.name })));
  scopeSelect.append(h("option", { value: "all" }, t.figuresScopeAll));
  scopeSelect.value = onlyCompany && state.company ? "company" : "all";
  scopeSelect.addEventListener("change", () => {
    onlyCompany = scopeSelect.value === "company";
    void renderFigures();
  });
  const controls = h(
    "div",
    { class: "form-grid figures-controls" },
    h("label", { for: "figures-period" }, t.figuresPeriod),
    periodSelect,
    h("label", { for: "figures-scope" }, t.figuresScope),
    scopeSelect,
  );
  const box = open("figures-dialog", t.figuresTitle, controls, h("div", { id: "figures-body" }));
  box.classList.add("wide");
  periodSelect.focus();
  await renderFigures();
}

export async function renderFigures(): Promise<void> {
  const body = document.getElementById("figures-body");
  if (!body) return;
  let view: FiguresView;
  try {
    const company = onlyCompany && state.company ? state.company.id : null;
    view = await api.figures({ company_id: company, period, language: state.lang });
  } catch (e) {
    showError(e);
    return;
  }
  clear(body);
  const f = view.figures;
  body.append(h("p", { class: "figures-since" }, w.with("figuresSince", { since: w.moment(f.since, view.zone) })));
  if (f.companies.length === 0) {
    body.append(h("p", { id: "figures-none" }, t.figuresNone));
    return;
  }
  body.append(table("figures-companies", t.figuresCompanies, f.companies), table("figures-agents", t.figuresAgents, f.agents));
  body.append(chart("figures-calls-chart", view.calls));
  if (view.answers) body.append(chart("figures-answers-chart", view.answers));
}

function table(id: string, caption: string, rows: Row[]): HTMLElement {
  const cols: [string, (r: Row) => string][] = [
    [t.figCalls, (r) => String(r.calls)],
    [capital(t.chartPutThrough), (r) => String(r.transferred)],
    [capital(t.chartMessage), (r) => String(r.messages)],
    [capital(t.chartAnswered), (r) => String(r.information)],
    [capital(t.chartNoOutcome), (r) => String(r.no_outcome)],
    [t.figAnswerMedian, (r) => whole(r.answer_median_s)],
    [t.figHandleMedian, (r) => whole(r.handle_median_s)],
    [t.figUrgentAcked, (r) => (r.urgent > 0 ? `${r.urgent_acknowledged}/${r.urgent}` : "–")],
    [t.figCallbacksDone, (r) => (r.callbacks > 0 ? `${r.callbacks_done}/${r.callbacks}` : "–")],
  ];
  const head = h("tr", {}, h("th", { scope: "col" }, t.figName), ...cols.map(([label]) => h("th", { scope: "col" }, label)));
  const lines = rows.map((r) => h("tr", {}, h("th", { scope: "row" }, r.name), ...cols.map(([, value]) => h("td", {}, value(r)))));
  // A narrow window (or 200 % text) scrolls the table sideways inside its
  // own region, which the keys reach (Tab, then ←/→), not the page.
  const table = h("table", { id, class: "figures" }, h("caption", {}, caption), h("thead", {}, head), h("tbody", {}, ...lines));
  return h("div", { class: "figures-scroll", role: "region", tabindex: "0", "aria-label": caption }, table);
}

function whole(v: number | null): string {
  return v === null ? "–" : String(Math.round(v));
}

function chart(id: string, c: ChartView): HTMLElement {
  // An image, so nothing in the SVG runs or styles the page; its words are
  // the core's and numbers.
  const img = h("img", { id, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.svg)}`, alt: c.said, width: "720", height: "360" });
  return h("figure", { class: "figures-chart" }, img, h("figcaption", {}, c.title));
}

/** The footer's button, for a pointer; F12 is the key. */
export function figuresButton(): void {
  byId("figures-open").textContent = t.figuresOpen;
}
