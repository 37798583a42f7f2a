// The operator's screen: company context, one search box, the results and
// the selected person's card. Keyboard first. All facts come from the core
// through bindings.ts; this file only arranges them.

import * as api from "./bindings";
import type { AbsenceKind, CompanyView, IncomingCall, PersonCard, Presence, Route, SearchRow } from "./bindings";
import { byId, clear, h } from "./dom";
import { detectLang, strings } from "./i18n";
import { asApiError } from "./ipc";

const t = strings(detectLang());
document.documentElement.lang = detectLang();

const state = {
  companies: [] as CompanyView[],
  company: null as CompanyView | null,
  all: false,
  rows: [] as SearchRow[],
  selected: 0,
  card: null as PersonCard | null,
  route: null as Route | null,
  searchSeq: 0,
  call: null as IncomingCall | null,
};

const input = byId<HTMLInputElement>("search");

function showError(e: unknown): void {
  const err = asApiError(e);
  const card = byId("card");
  clear(card);
  card.append(h("p", { class: "error", "data-kind": err.kind }, `${t.error}: ${err.message}`));
}

function renderCompany(): void {
  const bar = byId("company-bar");
  clear(bar);
  const c = state.company;
  if (!c) return;
  bar.append(
    h("div", { class: "company-name", id: "company-name" }, c.name),
    h("div", { class: `chip ${c.open_now ? "open" : "closed"}` }, `${c.local_time} · ${c.open_now ? t.open : t.closed}`),
    h("div", { class: "greeting", id: "greeting" }, c.greeting),
  );
  if (c.notes) bar.append(h("div", { class: "company-notes" }, c.notes));
  const call = state.call;
  if (call && call.company_id === c.id) {
    const who = call.caller
      ? `${t.caller}: ${call.caller.name}${call.caller.title ? `, ${call.caller.title}` : ""} (${call.caller.company_name})`
      : `${t.caller}: ${call.from ?? t.withheld}`;
    bar.append(h("div", { class: "call-banner", id: "call-banner" }, `${t.incoming} ${call.to} · ${who}`));
  }
}

/** A call the app was opened for: switch to the company that answers the number. */
async function takeCall(): Promise<void> {
  const pending = await api.takePendingCall({});
  if (!pending) return;
  const call = await api.incomingCall(pending);
  state.call = call;
  const company = state.companies.find((c) => c.id === call.company_id);
  if (company) setCompany(company);
}

function renderScope(): void {
  const el = byId("scope");
  el.textContent = state.all ? t.allCompanies : t.thisCompany;
  el.className = state.all ? "scope all" : "scope";
}

/** The coloured chip for a status: "in", "away · back Mon 30.11. 08:00", ... */
function statusChip(p: Presence | null): HTMLElement | null {
  if (!p) return null;
  const until = p.until_local ? ` · ${p.status === "outside_hours" ? t.opens : t.back} ${p.until_local}` : "";
  const reason = p.reason ? ` (${t.reasons[p.reason]})` : "";
  const text = `${t.states[p.status]}${p.status === "away" || p.status === "busy" || p.status === "tentative" ? reason : ""}${until}`;
  return h("span", { class: `chip ${p.status}`, "data-state": p.status }, text);
}

function kindLabel(row: SearchRow): string | null {
  if (row.kind === "former") return t.former;
  if (row.kind === "outsider") return t.outsider;
  return null;
}

function renderResults(): void {
  const list = byId("results");
  clear(list);
  if (input.value.trim() !== "" && state.rows.length === 0) {
    list.append(h("li", { class: "empty" }, t.noResults));
    return;
  }
  state.rows.forEach((row, i) => {
    const label = kindLabel(row);
    const li = h(
      "li",
      { role: "option", class: i === state.selected ? "row selected" : "row", "aria-selected": String(i === state.selected), "data-person": String(row.person.id) },
      h("span", { class: "name" }, row.person.name),
      h("span", { class: "meta" }, [row.person.title, row.person.department].filter((s) => s).join(" · ")),
      state.all ? h("span", { class: "company" }, row.person.company) : null,
      label ? h("span", { class: `chip ${row.kind}` }, label) : statusChip(row),
    );
    li.addEventListener("mousedown", (ev) => {
      ev.preventDefault();
      select(i);
    });
    list.append(li);
  });
  list.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
}

function renderCard(): void {
  const el = byId("card");
  clear(el);
  const c = state.card;
  if (!c) return;
  const p = c.person;
  const name = [p.given_name, p.family_name].filter((s) => s).join(" ");
  el.append(h("h1", { id: "card-name" }, name));
  el.append(h("p", { class: "card-meta" }, [p.title, p.department, c.company.name].filter((s) => s).join(" · ")));
  if (c.status_label === "former") {
    el.append(h("p", { class: "chip former big" }, `${t.former}${p.left ? ` ${p.left.on}` : ""}${p.left?.reason ? ` (${p.left.reason})` : ""}`));
  } else if (c.status_label === "outsider") {
    el.append(h("p", { class: "chip outsider big" }, t.outsider));
  }
  if (c.calls_to) el.append(h("p", { class: "calls-to" }, `${t.callsTo}: ${c.calls_to.text}`));
  for (const w of c.calendar_warnings) el.append(h("p", { class: "calendar-warning" }, w));
  const r = state.route;
  if (r) {
    el.append(h("div", { class: "status-line" }, statusChip(r)));
    const to = r.transfer_to;
    if (to) {
      const target = h("div", { class: "transfer", id: "transfer" });
      target.append(h("div", { class: "transfer-label" }, t.transferTo));
      if (to.number) {
        target.append(
          h("div", { class: "transfer-who" }, to.person?.name ?? ""),
          h("a", { class: "transfer-number", id: "transfer-number", href: `tel:${to.number.replace(/[^+\d]/g, "")}` }, to.number),
          h("div", { class: "transfer-why" }, `${to.label} · ${t.enterCopies}`),
        );
      } else {
        target.append(h("div", { class: "transfer-text" }, to.label));
      }
      el.append(target);
    }
    if (r.caller_sentence) el.append(h("p", { class: "caller-sentence", id: "caller-sentence" }, r.caller_sentence));
    if (r.note) el.append(h("p", { class: "route-note" }, r.note));
    if (r.chain.length > 1) {
      const list = h("ol", { class: "chain", id: "chain" });
      for (const step of r.chain) {
        list.append(
          h("li", { class: step.why_skipped ? "skipped" : "taken" }, h("span", { class: "step-name" }, step.person.name), " ", statusChip(step), h("span", { class: "step-via" }, step.via)),
        );
      }
      el.append(h("h2", {}, t.chain), list);
    }
  }
  const phones = h("ul", { class: "phones" });
  for (const ph of p.phones) {
    const link = h("a", { href: `tel:${ph.number.replace(/[^+\d]/g, "")}` }, ph.number);
    phones.append(h("li", {}, h("span", { class: "phone-kind" }, ph.kind), link));
  }
  for (const e of p.emails) phones.append(h("li", {}, h("span", { class: "phone-kind" }, "e-mail"), e));
  el.append(phones);
  if (c.delegates.length > 0) {
    const list = h("ol", { class: "delegates" });
    for (const d of c.delegates) list.append(h("li", {}, d.name, d.topic ? ` (${d.topic})` : ""));
    el.append(h("h2", {}, t.coveredBy), list);
  }
  if (c.roles.length > 0) el.append(h("p", {}, `${t.roles}: ${c.roles.join(", ")}`));
  if (p.topics.length > 0) el.append(h("p", {}, `${t.topics}: ${p.topics.join(", ")}`));
  if (p.languages.length > 0) el.append(h("p", {}, `${t.languages}: ${p.languages.join(", ")}`));
  if (c.absences.length > 0) {
    const list = h("ul", { class: "absences" });
    for (const a of c.absences) {
      list.append(h("li", {}, `${fmt(a.starts_at)} – ${fmt(a.ends_at)}: ${a.kind}${a.reason ? ` (${a.reason})` : ""}`));
    }
    el.append(h("h2", {}, t.away), list);
  }
  if (p.notes) el.append(h("h2", {}, t.notes), h("p", { class: "notes" }, p.notes));
}

/** A moment as the caller's company sees it: "ma 30.11. 08:00" in its own zone. */
function fmt(iso: string): string {
  const zone = state.company?.timezone ?? "Europe/Helsinki";
  const parts = new Intl.DateTimeFormat(document.documentElement.lang, {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("weekday")} ${get("day")}.${get("month")}. ${get("hour")}:${get("minute")}`;
}

async function renderAbsent(): Promise<void> {
  byId("absent-title").textContent = t.awayNow;
  const list = byId("absent");
  clear(list);
  if (!state.company) return;
  try {
    const rows = await api.absent({ company_id: state.company.id });
    for (const r of rows) {
      list.append(h("li", {}, h("strong", {}, r.person.name), " ", statusChip(r)));
    }
  } catch (e) {
    showError(e);
  }
}

async function renderFeeds(): Promise<void> {
  byId("feeds-title").textContent = t.feeds;
  const list = byId("feeds");
  if (!state.company) return;
  try {
    const feeds = await api.feeds({ company_id: state.company.id });
    clear(list);
    for (const f of feeds) {
      const last = f.last_success_at ? `${t.lastSync} ${fmt(f.last_success_at)}` : t.neverSynced;
      const li = h("li", { class: f.last_error ? "feed failing" : "feed", "data-feed": String(f.id) }, h("strong", {}, f.label || f.address), h("span", { class: "feed-last" }, last));
      if (f.last_error) li.append(h("span", { class: "feed-error" }, f.last_error));
      if (f.unmatched.length > 0) {
        li.append(h("span", { class: "feed-unmatched" }, `${t.unmatched}: ${f.unmatched.map((u) => u.summary).join("; ")}`));
      }
      list.append(li);
    }
  } catch (e) {
    showError(e);
  }
}

async function renderChanges(): Promise<void> {
  byId("changes-title").textContent = t.changes;
  const list = byId("changes");
  clear(list);
  if (!state.company) return;
  try {
    const changes = await api.changes({ company_id: state.company.id, days: 30 });
    for (const c of changes.slice(0, 40)) {
      const what = c.field === "" ? (c.new ?? "") : `${c.field}: ${c.old ?? "–"} → ${c.new ?? "–"}`;
      list.append(h("li", {}, h("span", { class: "when" }, fmt(c.at)), h("strong", {}, c.subject), " ", what));
    }
  } catch (e) {
    showError(e);
  }
}

async function runSearch(): Promise<void> {
  const seq = ++state.searchSeq;
  const query = input.value;
  if (query.trim() === "") {
    state.rows = [];
    state.selected = 0;
    renderResults();
    return;
  }
  try {
    const rows = await api.search({ query, company_id: state.company?.id ?? null, all: state.all, limit: 30 });
    if (seq !== state.searchSeq) return; // a newer keystroke already answered
    state.rows = rows;
    state.selected = 0;
    renderResults();
    await loadCard();
  } catch (e) {
    showError(e);
  }
}

async function loadCard(): Promise<void> {
  const row = state.rows[state.selected];
  if (!row) {
    state.card = null;
    renderCard();
    return;
  }
  try {
    const [card, route] = await Promise.all([api.personCard({ person_id: row.person.id }), api.route({ person_id: row.person.id, topic: null })]);
    if (state.rows[state.selected]?.person.id !== row.person.id) return; // selection moved on
    state.card = card;
    state.route = route;
    renderCard();
  } catch (e) {
    showError(e);
  }
}

function select(i: number): void {
  if (state.rows.length === 0) return;
  state.selected = Math.max(0, Math.min(state.rows.length - 1, i));
  renderResults();
  void loadCard();
}

function setCompany(c: CompanyView): void {
  state.company = c;
  renderCompany();
  void renderFeeds();
  void renderAbsent();
  void renderChanges();
  void runSearch();
}

function companyPicker(): void {
  const overlay = byId("overlay");
  clear(overlay);
  const box = h("input", { id: "company-filter", type: "text", placeholder: t.pickCompany, autocomplete: "off" });
  const list = h("ol", { class: "picker" });
  const render = () => {
    clear(list);
    const q = box.value.toLowerCase();
    state.companies
      .filter((c) => c.name.toLowerCase().includes(q) || c.slug.includes(q))
      .forEach((c, i) => list.append(h("li", { class: i === 0 ? "selected" : "" }, c.name)));
  };
  box.addEventListener("input", render);
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const q = box.value.toLowerCase();
      const pick = state.companies.find((c) => c.name.toLowerCase().includes(q) || c.slug.includes(q));
      closeOverlay();
      if (pick) setCompany(pick);
    } else if (ev.key === "Escape") {
      closeOverlay();
    }
    ev.stopPropagation();
  });
  overlay.append(h("div", { class: "dialog" }, box, list));
  overlay.hidden = false;
  render();
  box.focus();
}

/** The day after the company's today, "2026-11-24": the usual "back on". */
function tomorrowInCompany(): string {
  const today = state.company?.local_date ?? "";
  const d = new Date(`${today}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return "";
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Ctrl+M: mark the selected person away from now; the chain updates at once. */
function markAway(): void {
  const person = state.card?.person;
  if (!person) return;
  const overlay = byId("overlay");
  clear(overlay);
  const kind = h("select", { id: "away-kind" });
  for (const k of ["sick", "holiday", "out_of_office", "training", "meeting", "other"] as const) {
    kind.append(h("option", { value: k }, t.reasons[k]));
  }
  const until = h("input", { id: "away-until", type: "text", value: tomorrowInCompany(), autocomplete: "off" });
  const reason = h("input", { id: "away-reason", type: "text", placeholder: t.reasonOptional, autocomplete: "off" });
  const note = h("p", { class: "dialog-note" }, t.untilHelp);
  const save = async () => {
    try {
      await api.addAbsence({ person_id: person.id, kind: kind.value as AbsenceKind, until: until.value, reason: reason.value });
      closeOverlay();
      await loadCard();
      void renderAbsent();
    } catch (e) {
      note.textContent = asApiError(e).message;
      note.className = "dialog-note error";
    }
  };
  for (const el of [kind, until, reason]) {
    el.addEventListener("keydown", (ev) => {
      const key = (ev as KeyboardEvent).key;
      if (key === "Enter") {
        ev.preventDefault();
        void save();
      } else if (key === "Escape") {
        closeOverlay();
      }
      ev.stopPropagation();
    });
  }
  const name = [person.given_name, person.family_name].filter((x) => x).join(" ");
  overlay.append(h("div", { class: "dialog", id: "away-dialog" }, h("h2", {}, `${t.markAway}: ${name}`), kind, h("label", { for: "away-until" }, t.backOn), until, reason, note));
  overlay.hidden = false;
  // The usual case is "sick, back tomorrow": the date is ready, Enter saves.
  until.focus();
  until.select();
}

function help(): void {
  const overlay = byId("overlay");
  clear(overlay);
  const lines = t.keysHelp.split(" · ");
  overlay.append(h("div", { class: "dialog", id: "help" }, h("h2", {}, t.keysTitle), h("ul", {}, ...lines.map((l) => h("li", {}, l)))));
  overlay.hidden = false;
}

function closeOverlay(): void {
  const overlay = byId("overlay");
  overlay.hidden = true;
  clear(overlay);
  input.focus();
}

async function copyTransferNumber(): Promise<void> {
  const number = state.route?.transfer_to?.number;
  if (!number) return;
  try {
    await navigator.clipboard.writeText(number);
    document.body.dataset["copied"] = number;
    byId("keys").textContent = `${t.copied}: ${number}`;
  } catch (e) {
    showError(e);
  }
}

document.addEventListener("keydown", (ev) => {
  const overlay = byId("overlay");
  if (!overlay.hidden) {
    if (ev.key === "Escape") closeOverlay();
    return;
  }
  if (ev.ctrlKey && ev.key.toLowerCase() === "k") {
    ev.preventDefault();
    companyPicker();
    return;
  }
  if (ev.ctrlKey && ev.key.toLowerCase() === "m") {
    ev.preventDefault();
    markAway();
    return;
  }
  if (ev.ctrlKey && /^[1-9]$/.test(ev.key)) {
    const c = state.companies[Number(ev.key) - 1];
    if (c) setCompany(c);
    ev.preventDefault();
    return;
  }
  switch (ev.key) {
    case "ArrowDown":
      ev.preventDefault();
      select(state.selected + 1);
      return;
    case "ArrowUp":
      ev.preventDefault();
      select(state.selected - 1);
      return;
    case "Enter":
      ev.preventDefault();
      void copyTransferNumber();
      return;
    case "Escape":
      input.value = "";
      void runSearch();
      return;
    case "F1":
      ev.preventDefault();
      help();
      return;
    case "/":
      ev.preventDefault();
      state.all = !state.all;
      renderScope();
      void runSearch();
      return;
  }
  // Typing anywhere types into the search box.
  if (document.activeElement !== input && ev.key.length === 1 && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
    input.focus();
  }
});

input.addEventListener("input", () => void runSearch());

async function start(): Promise<void> {
  byId("search-label").textContent = t.search;
  input.placeholder = t.search;
  byId("keys").textContent = t.keysHelp;
  renderScope();
  try {
    state.companies = await api.companies({});
    const first = state.companies[0];
    if (first) setCompany(first);
    await takeCall();
  } catch (e) {
    showError(e);
  }
  input.focus();
  document.body.dataset["ready"] = "true";
}

// Background sync runs in the app; refresh what it changes.
setInterval(() => {
  void renderFeeds();
  void renderAbsent();
}, 10_000);

void start();
