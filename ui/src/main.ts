// The operator's screen: company context, one search box, the results and
// the selected person's card. Keyboard first. All facts come from the core
// through bindings.ts; this file only arranges them.

import * as api from "./bindings";
import type { CompanyView, Presence, SearchRow } from "./bindings";
import { addNote, closeOverlay, companyPicker, editDelegates, editPerson, help, markAway, markLeft } from "./dialogs";
import { byId, clear, h } from "./dom";
import { LANGS, type Lang } from "./i18n";
import { asApiError } from "./ipc";
import { setLang, state, t } from "./state";

type Id = number;

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
    h(
      "div",
      { class: `chip ${c.open_now ? "open" : "closed"}`, id: "company-chip" },
      `${c.favourite !== null ? `★${c.favourite} · ` : ""}${c.local_time} · ${c.open_now ? t.open : t.closed}`,
    ),
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

/** Former employees and outsiders: the label, and where their calls go now. */
function kindLabel(row: SearchRow): string | null {
  const to = row.calls_to ? ` → ${row.calls_to}` : "";
  if (row.kind === "former") return `${t.former}${to}`;
  if (row.kind === "outsider") return `${t.outsider}${to}`;
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
      row.note ? h("span", { class: "meta row-note" }, row.note) : null,
    );
    li.addEventListener("mousedown", (ev) => {
      ev.preventDefault();
      select(i);
    });
    list.append(li);
  });
  list.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
}

/** A number as softphones dial it: digits and a leading +, for tel: and sip: links. */
function dialable(number: string): string {
  return number.replace(/[^+\d]/g, "");
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
          h("a", { class: "transfer-number", id: "transfer-number", href: `tel:${dialable(to.number)}` }, to.number),
          h("a", { class: "sip-link", id: "transfer-sip", href: `sip:${dialable(to.number)}` }, "SIP"),
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
    const link = h("a", { href: `tel:${dialable(ph.number)}` }, ph.number);
    const sip = h("a", { class: "sip-link", href: `sip:${dialable(ph.number)}` }, "SIP");
    phones.append(h("li", {}, h("span", { class: "phone-kind" }, ph.kind), link, " ", sip));
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

/** When the last keystroke arrived, for the keystroke-to-paint measurement. */
let typedAt = 0;

/**
 * Runs the search for what is in the box. With `selectId`, that person is
 * selected if found (after an edit, the card stays on the edited person).
 */
async function runSearch(selectId?: Id): Promise<void> {
  const seq = ++state.searchSeq;
  const query = input.value;
  if (query.trim() === "") {
    state.rows = [];
    state.selected = 0;
    renderResults();
    return;
  }
  try {
    const rows = await api.search({ query, company_id: state.company?.id ?? null, all: state.all, limit: 15 });
    if (seq !== state.searchSeq) return; // a newer keystroke already answered
    state.rows = rows;
    const keep = selectId === undefined ? -1 : rows.findIndex((r) => r.person.id === selectId);
    state.selected = Math.max(0, keep);
    renderResults();
    notePaint();
    cardSoon();
  } catch (e) {
    showError(e);
  }
}

/**
 * Keystroke to painted results, measured in the page: from the input event
 * to the frame after the list is in the DOM. The last 500 are kept on
 * `window.vaihdePaints` for scripts/measure-desktop; nothing is sent anywhere.
 */
function notePaint(): void {
  if (typedAt === 0) return;
  const from = typedAt;
  typedAt = 0;
  requestAnimationFrame(() => {
    const ms = performance.now() - from;
    const w = window as unknown as { vaihdePaints?: number[] };
    (w.vaihdePaints ??= []).push(ms);
    if (w.vaihdePaints.length > 500) w.vaihdePaints.shift();
    document.body.dataset["paintMs"] = ms.toFixed(1);
  });
}

/**
 * The card follows the first row once typing pauses (60 ms): while the
 * operator is still typing, each keystroke's results come first instead of
 * queueing behind a card that the next keystroke replaces.
 */
let cardTimer: ReturnType<typeof setTimeout> | undefined;
function cardSoon(): void {
  clearTimeout(cardTimer);
  cardTimer = setTimeout(() => void loadCard(), 60);
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

/** After an edit: the directory changed, so everything on screen may have. */
async function refreshAll(selectId?: Id): Promise<void> {
  state.companies = await api.companies({});
  const current = state.companies.find((c) => c.id === state.company?.id);
  if (current) state.company = current;
  renderCompany();
  void renderAbsent();
  void renderChanges();
  await runSearch(selectId);
  byId("keys").textContent = t.saved;
}

function setCompanyById(id: Id): void {
  const c = state.companies.find((x) => x.id === id);
  if (c) setCompany(c);
}

/** F3: the current company on the next free Ctrl+number, or off it. */
async function toggleFavourite(): Promise<void> {
  const c = state.company;
  if (!c) return;
  try {
    await api.toggleFavourite({ company_id: c.id });
    state.companies = await api.companies({});
    state.company = state.companies.find((x) => x.id === c.id) ?? c;
    renderCompany();
  } catch (e) {
    showError(e);
  }
}

/** F4 and the language menu: the UI's own words, not the directory's. */
function switchLang(lang: Lang): void {
  setLang(lang);
  renderStatic();
  renderCompany();
  renderResults();
  renderCard();
  void renderFeeds();
  void renderAbsent();
  void renderChanges();
}

function renderStatic(): void {
  byId("search-label").textContent = t.search;
  input.placeholder = t.search;
  byId("keys").textContent = t.keysHelp;
  byId("sync-now").textContent = t.syncNow;
  const menu = byId<HTMLSelectElement>("lang");
  menu.setAttribute("aria-label", t.language);
  clear(menu);
  for (const l of LANGS) {
    const option = h("option", { value: l }, { fi: "suomi", sv: "svenska", en: "English" }[l]);
    option.selected = l === state.lang;
    menu.append(option);
  }
  renderScope();
  renderSync();
}

/** The feeds panel's progress line: "Syncing 3/8", or the last round's failures. */
function renderSync(): void {
  const el = byId("sync-state");
  const s = state.sync;
  if (!s || !s.enabled) {
    el.textContent = "";
    return;
  }
  el.textContent = s.running ? `${t.syncing} ${s.fetched}/${s.total || "…"}` : s.failed > 0 ? `${s.failed} ${t.syncFailed}` : "";
  el.className = s.running ? "sync-state running" : "sync-state";
  byId("sync-now").toggleAttribute("disabled", s.running);
}

let wasRunning = false;
async function pollSync(): Promise<void> {
  try {
    state.sync = await api.syncStatus({});
  } catch {
    return;
  }
  renderSync();
  if (wasRunning && !state.sync.running) {
    // A round just ended: new absences and feed errors.
    void renderFeeds();
    void renderAbsent();
    if (state.card) void loadCard();
  }
  wasRunning = state.sync.running;
}

async function syncNow(): Promise<void> {
  try {
    state.sync = await api.syncNow({});
    wasRunning = true;
    renderSync();
  } catch (e) {
    showError(e);
  }
}

/** Ctrl+letter and F-keys that act on the selected person. */
function personKey(run: (card: NonNullable<typeof state.card>) => void): void {
  if (state.card) run(state.card);
}

const afterEdit = () => refreshAll(state.card?.person.id);

/** After Ctrl+N: search for the new person by name, so their card is up. */
async function showNewPerson(id: Id): Promise<void> {
  const card = await api.personCard({ person_id: id });
  input.value = [card.person.given_name, card.person.family_name].filter((x) => x).join(" ");
  await refreshAll(id);
}

document.addEventListener("keydown", (ev) => {
  const overlay = byId("overlay");
  if (!overlay.hidden) {
    if (ev.key === "Escape") closeOverlay();
    return;
  }
  const key = ev.key.toLowerCase();
  if (ev.ctrlKey && !ev.shiftKey && !ev.altKey) {
    const actions: Record<string, () => void> = {
      k: () => companyPicker(setCompanyById),
      m: () => personKey((c) => markAway(c, afterEdit)),
      n: () => editPerson(null, showNewPerson),
      l: () => personKey((c) => markLeft(c, afterEdit)),
      d: () => personKey((c) => editDelegates(c, afterEdit)),
      j: () => personKey((c) => addNote(c, afterEdit)),
    };
    const action = actions[key];
    if (action) {
      ev.preventDefault();
      action();
      return;
    }
    if (/^[1-9]$/.test(ev.key)) {
      // The desk's favourites (F3) on their numbers; without any, the list's order.
      const n = Number(ev.key);
      const anyFavourite = state.companies.some((c) => c.favourite !== null);
      const c = anyFavourite ? state.companies.find((x) => x.favourite === n) : state.companies[n - 1];
      if (c) setCompany(c);
      ev.preventDefault();
      return;
    }
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
    case "F2":
      ev.preventDefault();
      personKey((c) => editPerson(c, (id) => refreshAll(id)));
      return;
    case "F3":
      ev.preventDefault();
      void toggleFavourite();
      return;
    case "F4": {
      ev.preventDefault();
      const next = LANGS[(LANGS.indexOf(state.lang) + 1) % LANGS.length] ?? "en";
      switchLang(next);
      return;
    }
    case "F5":
      ev.preventDefault();
      void syncNow();
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

input.addEventListener("input", () => {
  typedAt = performance.now();
  void runSearch();
});

byId<HTMLSelectElement>("lang").addEventListener("change", (ev) => {
  switchLang((ev.target as HTMLSelectElement).value as Lang);
  input.focus();
});
byId("sync-now").addEventListener("click", () => void syncNow());

async function start(): Promise<void> {
  renderStatic();
  try {
    state.companies = await api.companies({});
    const first = state.companies[0];
    if (first) setCompany(first);
    await takeCall();
  } catch (e) {
    showError(e);
  }
  input.focus();
  // Page load and process start to a usable search box (scripts/measure-desktop reads them).
  document.body.dataset["readyMs"] = performance.now().toFixed(0);
  try {
    const info = await api.appInfo({});
    if (info.launched_at_ms !== null) document.body.dataset["launchMs"] = String(Date.now() - info.launched_at_ms);
  } catch {
    // Only a measurement.
  }
  document.body.dataset["ready"] = "true";
  void pollSync();
}

// Background sync runs in the app: follow its progress (quickly while it
// runs) and refresh what it changes.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  // A softphone's later launch hands its call over (one window per directory).
  void takeCall().catch(showError);
  if (state.sync?.running || ticks % 10 === 0) void pollSync();
  if (ticks % 30 === 0) {
    void renderFeeds();
    void renderAbsent();
  }
}, 1_000);

void start();
