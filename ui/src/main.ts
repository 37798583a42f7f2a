// The operator's screen: company context, one search box, the results and
// the selected person's card. Keyboard first. All facts come from the core
// through bindings.ts; this file arranges them and handles the keys. The
// card, the side panel and the dialogs have modules of their own.

import { initContrast, toggleContrast } from "./contrast";
import * as api from "./bindings";
import type { Answered, CallOutcome, Changed, CompanyView, PanelCall, SearchRow } from "./bindings";
import { answerNext, consultOrConnect, current, hangUp, hasLine, holdOrResume, line, lineChip, putThrough, refreshCalls, renderCalls, watchCompany } from "./calls";
import { renderCard } from "./card";
import { addNote, attempt, closeOverlay, companyPicker, editDelegates, editPerson, field, firstRun, help, keys, lineSettings, markAway, markLeft, open } from "./dialogs";
import { byId, clear, h } from "./dom";
import { ENDONYM, LANGS, type Lang } from "./i18n";
import { onEvent } from "./ipc";
import { renderAlarms } from "./alarms";
import { loadScripts, nextScript } from "./script";
import { askCallbackOutcome, messagesPanel, panelOpen, renderPanel, takeMessage } from "./messaging";
import { figuresButton, figuresOpen, figuresPanel, renderFigures } from "./figures";
import { operatorDialog, renderLanguageHelp, renderOperator } from "./operator";
import { scriptEditor } from "./script_editor";
import { focusSide, pollSync, renderAbsent, renderChanges, renderFeeds, renderLearned, renderSync, sideKey, syncNow } from "./side";
import { setLang, state, t, w } from "./state";
import { announce, cardKey, copyWhenKnown, fmt, rowKey, say, showError, statusChip } from "./view";

type Id = number;

const input = byId<HTMLInputElement>("search");

function renderCompany(): void {
  const bar = byId("company-bar");
  clear(bar);
  const c = state.company;
  void loadScripts();
  if (!c) return;
  bar.append(
    h("div", { class: "company-name", id: "company-name" }, c.name),
    h(
      "div",
      { class: `chip ${c.open_now ? "open" : "closed"}`, id: "company-chip" },
      `${c.favourite !== null ? `★${c.favourite} · ` : ""}${w.clock(c.now, c.timezone)} · ${c.open_now ? t.open : t.closed}`,
    ),
    // In the client's language, read with its voice (the window may speak another).
    h("div", { class: "greeting", id: "greeting", lang: c.language }, c.greeting),
  );
  if (c.notes) bar.append(h("div", { class: "company-notes", lang: c.language }, c.notes));
  bar.append(h("div", { class: "language-help", id: "language-help", hidden: "" }));
  void renderLanguageHelp();
  const call = state.call;
  if (call && call.company_id === c.id) {
    const who = call.caller
      ? `${t.caller}: ${call.caller.name}${call.caller.title ? `, ${call.caller.title}` : ""} (${call.caller.company_name})`
      : `${t.caller}: ${call.from ?? t.withheld}`;
    bar.append(h("div", { class: "call-banner", id: "call-banner" }, `${t.incoming} ${call.to} · ${who}`));
    const last = call.history?.last;
    if (call.history && last) {
      const outcome = w.callOutcome(last);
      const asked = last.asked_for ? ` → ${last.asked_for}` : "";
      bar.append(
        h("div", { class: "call-history", id: "call-history" }, w.with("cliCalledBefore", { count: call.history.this_week, last: w.moment(last.started_at, last.zone), asked, outcome })),
      );
    }
  }
}

/** A call the app was opened for: switch to the company that answers the number. */
async function takeCall(): Promise<void> {
  const pending = await api.takePendingCall({});
  if (!pending) return;
  // Answered: the call is in the log (a message taken from it ends it).
  const call = await api.answerCall(pending);
  state.call = call;
  const company = state.companies.find((c) => c.id === call.company_id);
  if (company) {
    // A new call starts from an empty search box: the last caller's query is not this one's.
    input.value = "";
    setCompany(company);
    // Said once, at once: the company and the caller, not the whole bar again.
    announce(`${company.name}: ${document.getElementById("call-banner")?.textContent ?? ""}`, true);
  }
}

/** The call taken on the desk's line whose company is on screen. */
let lineCall: string | null = null;

/**
 * A call answered on the desk's line: its company, greeting and an empty
 * search come up at once; its line in the log, once written, is the
 * call a message taken now belongs to.
 */
function onLineAnswer(c: PanelCall): void {
  if (lineCall !== c.id) {
    lineCall = c.id;
    const company = state.companies.find((x) => x.id === c.company_id);
    if (company) {
      input.value = "";
      setCompany(company);
    }
    input.focus();
  }
  if (c.answered && state.call?.call_id !== c.answered.call_id) {
    state.call = c.answered;
    renderCompany();
  }
}

/** Enter with a line and a call: puts it through to the selected row's number (the chain's, when they are away). */
async function transferOnLine(consult: boolean): Promise<void> {
  try {
    const { row, number, shown } = await decideTransfer();
    const name = state.route?.transfer_to?.person?.name ?? row?.person.name ?? "";
    if (consult) {
      await consultOrConnect(number, name, onLineAnswer);
      return;
    }
    if (!number) {
      sayNoNumber(row, shown);
      return;
    }
    await putThrough(number, name, onLineAnswer);
  } catch (e) {
    showError(e);
  }
}

/** F10: a call by hand (a line without a phone-system link), for the company on screen. */
function callByHand(): void {
  const company = state.company;
  if (!company) return;
  const [label, number] = field("call-from", t.callByHandNumber);
  const note = h("p", { class: "dialog-note" }, w.with("callByHandHelp", { company: company.name }));
  let answered: Answered | null = null;
  const start = () =>
    void attempt(
      note,
      async () => {
        answered = await api.startCall({ company_id: company.id, from: number.value });
      },
      () => {
        state.call = answered;
        renderCompany();
      },
    );
  keys([number], start);
  open("call-dialog", t.callByHandTitle, label, number, note);
  number.focus();
}

function renderScope(): void {
  const el = byId("scope");
  el.textContent = state.all ? t.allCompanies : t.thisCompany;
  el.className = state.all ? "scope all" : "scope";
}

/** Former employees and outsiders: the label, and where their calls go now. */
function kindLabel(row: SearchRow): string | null {
  const to = row.calls_to ? ` → ${w.callsTo(row.calls_to)}` : "";
  if (row.kind === "former") return `${t.former}${to}`;
  if (row.kind === "outsider") return `${t.outsider}${to}`;
  return null;
}

function renderResults(): void {
  const list = byId("results");
  // The box is a combobox: it says whether the list has rows and which one is active.
  input.setAttribute("aria-expanded", String(state.rows.length > 0));
  if (state.rows.length > 0) input.setAttribute("aria-activedescendant", `result-${state.selected}`);
  else input.removeAttribute("aria-activedescendant");
  if (input.value.trim() !== "" && state.rows.length === 0) {
    // Nobody here, somebody at another client: said, with the key that searches them all.
    const there = elsewhereNow();
    list.replaceChildren(h("li", { class: there ? "empty elsewhere" : "empty", role: "presentation" }, there ? `${there} — ${t.foundElsewhereSlash}` : t.noResults));
    return;
  }
  // Built apart and put in at once: one change of the list per keystroke.
  const items = state.rows.map((row, i) => {
    const label = kindLabel(row);
    const other = state.company !== null && row.person.company_id !== state.company.id;
    const attrs = { role: "option", id: `result-${i}`, class: `row${i === state.selected ? " selected" : ""}${row.group ? " group" : ""}`, "aria-selected": String(i === state.selected), "data-person": String(row.person.id) };
    const li = row.group
      ? // The role or topic itself, and where its calls go now.
        h("li", attrs, h("span", { class: "name" }, row.group.name), h("span", { class: "meta" }, `${t[row.group.kind]} → ${row.person.name}`), statusChip(row))
      : h(
          "li",
          attrs,
          h("span", { class: "name" }, row.person.name),
          h("span", { class: "meta" }, [row.person.title, row.person.department].filter((s) => s).join(" · ")),
          other ? h("span", { class: "chip other-company" }, `${row.person.company} · ${t.otherCompany}`) : state.all ? h("span", { class: "company" }, row.person.company) : null,
          label ? h("span", { class: `chip ${row.kind}` }, label) : statusChip(row),
          row.person.extension ? lineChip(row.person.extension) : null,
          // The client's list changed them and this operator has not seen it yet.
          row.learned ? h("span", { class: `chip learned${row.learned.pinned ? " pinned" : ""}`, title: w.learned(row.learned) }, w.learnedBadge(row.learned)) : null,
          row.note ? h("span", { class: "meta row-note" }, row.note) : null,
        );
    return li;
  });
  list.replaceChildren(...items);
  // The first row is at the top of a list just filled; only a row chosen
  // further down needs the list scrolled (a layout the keystroke can skip).
  if (state.selected > 0) list.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
  else list.scrollTop = 0;
}

/** A row chosen by the pointer (one listener for the list, not one per row). */
function onResultsMouseDown(ev: MouseEvent): void {
  const li = (ev.target as HTMLElement | null)?.closest<HTMLElement>("#results li[role=option]");
  if (!li) return;
  ev.preventDefault();
  const i = Number(li.id.replace("result-", ""));
  if (Number.isInteger(i)) select(i);
}

let countTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * The number of results, said politely once typing pauses (not on every
 * keystroke, which would talk over the operator's typing).
 */
function countSoon(): void {
  clearTimeout(countTimer);
  countTimer = setTimeout(() => {
    if (input.value.trim() === "") return;
    const empty = document.querySelector("#results .empty")?.textContent ?? t.noResults;
    announce(state.rows.length === 0 ? empty : w.with("resultsCount", { count: state.rows.length }));
  }, 700);
}

/** The other companies that have what the call's company has not, for this query. */
let elsewhere: { query: string; said: string } | null = null;

/** What the list says of other clients for the query in the box, while nobody here matches it. */
function elsewhereNow(): string | null {
  return state.rows.length === 0 && elsewhere?.query === input.value ? elsewhere.said : null;
}

/**
 * Asked only after an empty answer in the call's company (never on the
 * keystroke's path while there are rows): who else the desk serves has them.
 */
async function lookElsewhere(seq: number, query: string): Promise<void> {
  const company = state.company;
  if (state.all || !company) return;
  const found = await api.searchElsewhere({ query, company_id: company.id, all: false, limit: 15 });
  if (seq !== state.searchSeq || !found.said) return;
  elsewhere = { query, said: w.phrase(found.said) };
  renderResults();
}

let elsewhereTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Other clients are asked once typing pauses (150 ms), as the card is: a
 * search of everyone must not hold up the next keystroke's answer.
 */
function elsewhereSoon(seq: number, query: string): void {
  clearTimeout(elsewhereTimer);
  elsewhereTimer = setTimeout(() => void lookElsewhere(seq, query).catch(showError), 150);
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
  clearTimeout(elsewhereTimer);
  if (query.trim() === "") {
    state.rows = [];
    state.selected = 0;
    renderResults();
    clearCard();
    return;
  }
  try {
    // The call's caller: whom they asked for before comes first among namesakes.
    const call_id = state.call?.call_id ?? null;
    const asked = performance.now();
    const rows = await api.search({ query, company_id: state.company?.id ?? null, all: state.all, limit: 15, call_id });
    if (seq !== state.searchSeq) return; // a newer keystroke already answered
    const answered = performance.now();
    state.rows = rows;
    const keep = selectId === undefined ? -1 : rows.findIndex((r) => r.person.id === selectId && !r.group);
    state.selected = Math.max(0, keep);
    // A card for another row than the selected one must not stay up, not
    // even until typing pauses: Enter would act on it. Cleared before the
    // list is drawn, so the frame lays out once.
    if (selectedKey() !== cardKey()) clearCard();
    renderResults();
    notePaint(asked, answered);
    countSoon();
    if (rows.length === 0) elsewhereSoon(seq, query);
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
function notePaint(asked: number, answered: number): void {
  if (typedAt === 0) return;
  const from = typedAt;
  const drawn = performance.now();
  typedAt = 0;
  requestAnimationFrame(() => {
    const now = performance.now();
    const ms = now - from;
    const w = window as unknown as { vaihdePaints?: number[]; vaihdePaintParts?: number[][]; vaihdePainted?: () => void };
    (w.vaihdePaints ??= []).push(ms);
    // Where the time went: before the question, the answer, drawing, the frame.
    (w.vaihdePaintParts ??= []).push([asked - from, answered - asked, drawn - answered, now - drawn]);
    if (w.vaihdePaints.length > 500) w.vaihdePaints.shift();
    if (w.vaihdePaintParts.length > 500) w.vaihdePaintParts.shift();
    document.body.dataset["paintMs"] = ms.toFixed(1);
    w.vaihdePainted?.();
  });
}

/**
 * The card follows the first row once typing pauses (120 ms): while the
 * operator is still typing, each keystroke's results come first instead of
 * queueing behind a card that the next keystroke replaces.
 */
let cardTimer: ReturnType<typeof setTimeout> | undefined;
function cardSoon(): void {
  clearTimeout(cardTimer);
  cardTimer = setTimeout(() => void loadCard(), 120);
}

/** The key of the selected row, or null when nothing is selected. */
function selectedKey(): string | null {
  const row = state.rows[state.selected];
  return row ? rowKey(row) : null;
}

/** An empty card: after a company switch, Esc, a search with no hits. */
function clearCard(): void {
  clearTimeout(cardTimer);
  state.card = null;
  state.route = null;
  state.cardRow = null;
  renderCard();
}

async function loadCard(): Promise<void> {
  const row = state.rows[state.selected];
  if (!row) {
    clearCard();
    return;
  }
  const key = rowKey(row);
  const seq = state.searchSeq;
  try {
    const [card, route] = row.group
      ? [null, await api.routeGroup(row.group)]
      : await Promise.all([api.personCard({ person_id: row.person.id }), api.route({ person_id: row.person.id, topic: null })]);
    if (selectedKey() !== key) return; // selection moved on
    // A keystroke came meanwhile and its results are not drawn yet: they go
    // first, and ask for the card again when typing pauses (drawing this one
    // now would hold that keystroke's frame back). A search that is not a
    // keystroke's (a live change) never keeps the card from being drawn.
    if (seq !== state.searchSeq && typedAt !== 0) return;
    // The same card again (a live refresh after this desk's own edit, the
    // same first row after a keystroke): left as it is, not drawn anew,
    // so it keeps its scroll and nothing on it is replaced under the reader.
    const same = cardKey() === key && JSON.stringify([card, route]) === JSON.stringify([state.card, state.route]);
    state.card = card;
    state.route = route;
    state.cardRow = row;
    if (!same) renderCard();
  } catch (e) {
    showError(e);
  }
}

/**
 * Ctrl+I: the card read on demand, short: who, their status, where the
 * call goes and what to tell the caller (the card itself is not a live
 * region, so arrows never make it read again).
 */
function readCard(): void {
  const text = (css: string) => document.querySelector(css)?.textContent?.trim() ?? "";
  const who = text("#card-name");
  if (who === "") {
    announce(t.cardNothingToRead);
    return;
  }
  const to = [text("#transfer .transfer-label"), text("#transfer .transfer-who"), text("#transfer-number")].filter((s) => s !== "").join(" ");
  announce([who, text("#card .status-line"), to, text("#caller-sentence")].filter((s) => s !== "").join(". "));
}

function select(i: number): void {
  if (state.rows.length === 0) return;
  state.selected = Math.max(0, Math.min(state.rows.length - 1, i));
  renderResults();
  if (selectedKey() !== cardKey()) clearCard();
  void loadCard();
}

function setCompany(c: CompanyView): void {
  state.company = c;
  watchCompany(c.id);
  // Nothing of the last company may stay on screen.
  state.rows = [];
  state.selected = 0;
  clearCard();
  renderResults();
  renderCompany();
  void renderFeeds();
  void renderAbsent();
  void renderChanges();
  void renderLearned();
  void runSearch();
}

/** Enter: copies the number shown for the selected row, and only that, and says so. */
function copyTransferNumber(): void {
  // Started here, in the key event, so the clipboard accepts the write.
  const decided = decideTransfer();
  const copying = copyWhenKnown(decided.then((d) => d.number)).catch(() => false);
  void (async () => {
    try {
      const { row, number, shown } = await decided;
      const copied = await copying;
      if (!number) {
        document.body.dataset["copied"] = "";
        sayNoNumber(row, shown);
        return;
      }
      if (!copied) {
        say(`${t.copyFailed}: ${number}`, "warn");
        return;
      }
      document.body.dataset["copied"] = number;
      const other = state.company && row && row.person.company_id !== state.company.id ? ` · ${row.person.company}` : "";
      say(`${t.copied}: ${number}${other}`);
      // Put through: the call's line in the log says to whom and on which number.
      const target = state.route?.transfer_to?.person?.name ?? row?.person.name ?? "";
      // Whom the caller asked for (the row, not a role's holder): the search learns namesakes from it.
      const asked = row && row.kind !== "group" ? row.person.id : null;
      await closeCall("transferred", target, number, asked);
    } catch (e) {
      showError(e);
    }
  })();
}

/** Why Enter has no number: no row, a message rather than a number, or a card not shown yet. */
function sayNoNumber(row: SearchRow | undefined, shown: boolean): void {
  say(!row ? t.nothingSelected : shown ? t.nothingToTransfer : t.nothingShown, "warn");
}

/**
 * The number Enter copies: the selected row's route, once its card is up
 * (waited for while it loads, and again when the last keystrokes' results
 * moved the selection meanwhile); null when the answer is a message or no
 * card is shown, and then the clipboard is emptied, so an earlier number
 * cannot be pasted by mistake.
 */
async function decideTransfer(): Promise<{ row: SearchRow | undefined; number: string | null; shown: boolean }> {
  let row = state.rows[state.selected];
  for (let tries = 0; row && cardKey() !== rowKey(row) && tries < 3; tries++) {
    await loadCard();
    row = state.rows[state.selected];
  }
  const shown = row !== undefined && cardKey() === rowKey(row);
  return { row, number: (shown ? state.route?.transfer_to?.number : null) ?? null, shown };
}

/** PageUp / PageDown from the search box scroll the card. */
function scrollCard(down: boolean): void {
  const card = byId("card");
  card.scrollBy({ top: (down ? 1 : -1) * card.clientHeight * 0.8 });
}

/** After an edit: the directory changed, so everything on screen may have. */
async function refreshAll(selectId?: Id): Promise<void> {
  state.companies = await api.companies({});
  const current = state.companies.find((c) => c.id === state.company?.id);
  if (current) state.company = current;
  renderCompany();
  void renderAbsent();
  void renderChanges();
  void renderLearned();
  await runSearch(selectId);
  say(t.saved);
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
  renderCalls(onLineAnswer);
  renderResults();
  renderCard();
  void renderFeeds();
  void renderAbsent();
  void renderChanges();
  void renderLearned();
  void renderAlarms();
}

/** Ctrl+, and the footer's button: the line's settings; the window follows the line it now has. */
async function openLineSettings(): Promise<void> {
  await lineSettings(async (panel) => {
    line.panel = panel;
    await refreshCalls(onLineAnswer);
    renderKeys();
    if (state.company) watchCompany(state.company.id);
    renderCard();
  });
}

/** The keys line: Enter puts the call through when the desk has a line, else copies the number. */
function renderKeys(): void {
  byId("keys").textContent = w.with("keysHelp", { enter: hasLine() ? t.enterPutsThrough : t.enterCopies });
}

function renderStatic(): void {
  byId("search-label").textContent = t.search;
  input.placeholder = t.search;
  renderKeys();
  byId("calls-keys").textContent = t.callsKeys;
  byId("sync-now").textContent = t.syncNow;
  byId("line-settings").textContent = t.lineSettingsOpen;
  figuresButton();
  void renderOperator();
  const menu = byId<HTMLSelectElement>("lang");
  menu.setAttribute("aria-label", t.language);
  clear(menu);
  for (const l of LANGS) {
    const option = h("option", { value: l }, ENDONYM[l]);
    option.selected = l === state.lang;
    menu.append(option);
  }
  renderScope();
  renderSync();
}

/** Ends the current call in the log (Enter's transfer, F9's "answered"); a message ends it too. */
async function closeCall(outcome: CallOutcome, name = "", number = "", person_id: number | null = null): Promise<void> {
  const call = state.call;
  if (!call) return;
  try {
    await api.closeCall({ call_id: call.call_id, outcome, name, number, message_id: null, person_id });
    state.call = null;
    renderCompany();
    if (outcome === "information") say(t.callClosedAnswered);
  } catch (e) {
    showError(e);
  }
}

/** Whom F7's message is for: the card's person, the role or topic row, or what was typed. */
function messageFor(): string {
  const row = state.cardRow;
  if (row?.group) return row.group.name;
  if (row) return row.person.name;
  return input.value;
}

/** Ctrl+letter and F-keys that act on the selected person. */
function personKey(run: (card: NonNullable<typeof state.card>) => void): void {
  if (state.card) run(state.card);
}

const afterEdit = () => refreshAll(state.card?.person.id);

/**
 * Something changed in the directory, here or anywhere else (the CLI, a
 * sync, an import, another window): what is on screen is read again,
 * keeping the operator's place, and only if it is about the company shown.
 */
async function onChanged(ch: Changed): Promise<void> {
  try {
    // Messages and callbacks are every company's (the agent's list).
    if (panelOpen() && (ch.everything || ch.topics.includes("message") || ch.topics.includes("call"))) void renderPanel();
    if (figuresOpen() && (ch.everything || ch.topics.includes("message") || ch.topics.includes("call"))) void renderFigures();
    if (ch.everything || ch.topics.includes("shift")) {
      void renderOperator();
      void renderLanguageHelp();
    }
    if (ch.everything || ch.topics.includes("message")) void renderAlarms();
    if (ch.everything || ch.topics.includes("script")) void loadScripts();
    if (ch.everything || ch.topics.includes("company") || ch.topics.includes("favourite")) {
      state.companies = await api.companies({});
      const current = state.companies.find((c) => c.id === state.company?.id);
      if (current) state.company = current;
      renderCompany();
    }
    const shown = state.company?.id;
    if (!(ch.everything || state.all || (shown !== undefined && ch.companies.includes(shown)))) return;
    void renderAbsent();
    void renderChanges();
  void renderLearned();
    if (ch.everything || ch.topics.includes("feed")) void renderFeeds();
    // The search again (a new or renamed person), and with it the card and chain.
    if (input.value.trim() !== "") await runSearch(state.card?.person.id);
  } catch (e) {
    showError(e);
  }
}

/** After a sync round: the card's status may have changed. */
function cardAgain(): void {
  if (cardKey() !== null) void loadCard();
}

/** After a calendar suggestion was confirmed or dismissed. */
function afterDecision(): void {
  void renderAbsent();
  void renderChanges();
  void renderLearned();
  cardAgain();
}

/** After Ctrl+N: search for the new person by name, so their card is up. */
async function showNewPerson(id: Id): Promise<void> {
  const card = await api.personCard({ person_id: id });
  input.value = [card.person.given_name, card.person.family_name].filter((x) => x).join(" ");
  await refreshAll(id);
}

// Seen (the card's button or the panel's): the marks go from rows, card and list.
document.addEventListener("vaihde-learned-seen", () => {
  void renderLearned();
  if (input.value.trim() !== "") void runSearch(state.card?.person.id);
  else cardAgain();
});

document.addEventListener("keydown", (ev) => {
  const overlay = byId("overlay");
  if (!overlay.hidden) {
    if (ev.key === "Escape") closeOverlay();
    // Focus never leaves an open dialog.
    else if (!overlay.contains(document.activeElement)) (overlay.querySelector<HTMLElement>("input, select, textarea") ?? overlay.querySelector<HTMLElement>(".dialog"))?.focus();
    return;
  }
  if (byId("side").contains(document.activeElement) && sideKey(ev, afterDecision)) return;
  const key = ev.key.toLowerCase();
  if (ev.ctrlKey && ev.shiftKey && !ev.altKey && key === "s") {
    ev.preventDefault();
    void scriptEditor();
    return;
  }
  if (ev.ctrlKey && ev.shiftKey && !ev.altKey && key === "c") {
    ev.preventDefault();
    say(toggleContrast() ? t.contrastOn : t.contrastOff);
    return;
  }
  if (ev.ctrlKey && !ev.shiftKey && !ev.altKey) {
    const actions: Record<string, () => void> = {
      k: () => companyPicker(setCompanyById),
      m: () => personKey((c) => markAway(c, afterEdit)),
      n: () => editPerson(null, showNewPerson),
      l: () => personKey((c) => markLeft(c, afterEdit)),
      d: () => personKey((c) => editDelegates(c, afterEdit)),
      j: () => personKey((c) => addNote(c, afterEdit)),
      enter: () => answerNext(onLineAnswer),
      ",": () => void openLineSettings(),
      h: () => holdOrResume(onLineAnswer),
      e: () => hangUp(onLineAnswer),
      i: readCard,
      s: nextScript,
      o: () => void operatorDialog(),
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
      // A call in the calls panel: Enter there answers it (the button's own click).
      if (byId("calls").contains(document.activeElement)) return;
      ev.preventDefault();
      if (hasLine() && ev.shiftKey) void transferOnLine(true);
      else if (hasLine() && (current()?.state === "talking" || line.panel?.calls.some((c) => c.state === "held" && c.failed))) void transferOnLine(false);
      else void copyTransferNumber();
      return;
    case "Escape":
      input.value = "";
      void runSearch();
      return;
    case "PageDown":
    case "PageUp":
      ev.preventDefault();
      scrollCard(ev.key === "PageDown");
      return;
    case "F6":
      ev.preventDefault();
      focusSide();
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
    case "F7":
      ev.preventDefault();
      void takeMessage(messageFor());
      return;
    case "F8":
      ev.preventDefault();
      void messagesPanel();
      return;
    case "F9":
      ev.preventDefault();
      void closeCall("information");
      return;
    case "F10":
      ev.preventDefault();
      callByHand();
      return;
    case "F12":
      ev.preventDefault();
      void figuresPanel();
      return;
    case "/":
      // Only as the first character (typed text may contain "/"), or when
      // the list says nobody is here but somebody is at another client.
      if (input.value !== "" && elsewhereNow() === null) break;
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

byId("results").addEventListener("mousedown", onResultsMouseDown);
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
  initContrast();
  renderStatic();
  try {
    state.companies = await api.companies({});
    const first = state.companies[0];
    if (first) setCompany(first);
    else {
      // An empty directory: ask how to start (nothing fictional is loaded unasked).
      const run = await api.firstRun({});
      if (run.empty) firstRun(run.demo_dir, () => location.reload());
    }
    await takeCall();
    await refreshCalls(onLineAnswer);
    renderKeys();
    if (state.company) watchCompany(state.company.id);
  } catch (e) {
    showError(e);
  }
  // The first-run screen keeps the focus it gave itself.
  if (byId("overlay").hidden) input.focus();
  // Page load and process start to a usable search box (scripts/measure-desktop reads them).
  document.body.dataset["readyMs"] = performance.now().toFixed(0);
  try {
    const info = await api.appInfo({});
    if (info.launched_at_ms !== null) document.body.dataset["launchMs"] = String(Date.now() - info.launched_at_ms);
  } catch {
    // Only a measurement.
  }
  document.body.dataset["ready"] = "true";
  void pollSync(cardAgain);
  void onEvent<Changed>(api.DIRECTORY_CHANGED, (ch) => void onChanged(ch)).catch(showError);
  void onEvent<api.TeamState>(api.TEAM_STATE, showTeamState).catch(showError);
  byId("line-settings").addEventListener("click", () => void openLineSettings());
  byId("figures-open").addEventListener("click", () => void figuresPanel());
  byId("operator").addEventListener("click", () => void operatorDialog());
  line.linesChanged = () => void loadCard();
  line.callbackEnded = (id) => void askCallbackOutcome(id);
  void onEvent<number>(api.LINE_CHANGED, () => void refreshCalls(onLineAnswer)).catch(showError);
  void api.teamState({}).then(showTeamState).catch(showError);
  void renderAlarms();
}

/** The banner while the team database cannot be reached: since when, and the copy shown. */
function showTeamState(team: api.TeamState): void {
  const banner = byId("team-away");
  const away = team.offline;
  banner.hidden = away === null;
  if (away === null) {
    banner.textContent = "";
    return;
  }
  banner.textContent =
    away.copied_at === null
      ? w.with("teamAwayNoCopy", { since: fmt(away.since) })
      : w.with("teamAwayCopy", { since: fmt(away.since), copied: fmt(away.copied_at) });
}

// Background sync runs in the app: follow its progress (quickly while it
// runs) and refresh what it changes.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  // A softphone's later launch hands its call over (one window per directory).
  void takeCall().catch(showError);
  // Waiting and hold times tick on while calls are at the desk.
  if (line.panel?.calls.length) void refreshCalls(onLineAnswer);
  if (state.sync?.running || ticks % 10 === 0) void pollSync(cardAgain);
  if (ticks % 30 === 0) {
    void renderFeeds();
    void renderAbsent();
  }
}, 1_000);

void start();
