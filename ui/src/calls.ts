// The calls panel: the desk's phone line, its calls longest waiting first,
// and the keys that answer, hold, hang up and put through. What a call is,
// what may be done to it and what is said about it come from the core
// (line_panel / line_act); this file shows them and sends the keys.

import * as api from "./bindings";
import type { LinePanel, PanelCall } from "./bindings";
import { byId, clear, h } from "./dom";
import { t, w } from "./state";
import { say, showError } from "./view";

export const line = {
  panel: null as LinePanel | null,
  /** The last announcement said aloud (the status line is a live region). */
  saidUpTo: -1,
  /** Called when a colleague's line changes: the card's chain is walked again. */
  linesChanged: null as (() => void) | null,
  /** Called once per callback call that ended with no outcome yet: the window asks how it went. */
  callbackEnded: null as ((messageId: number) => void) | null,
};

/** The ended callbacks the window has already asked about. */
const askedOutcome = new Set<number>();

/** Whether this desk has a phone line: then Enter puts the call through instead of copying. */
export function hasLine(): boolean {
  return line.panel?.configured === true;
}

/** The call the operator is in: talking with the caller, or with a colleague about them. */
export function current(): PanelCall | undefined {
  const calls = line.panel?.calls ?? [];
  return calls.find((c) => c.state === "talking") ?? calls.find((c) => c.state === "consulting" || c.state === "colleague_on");
}

/** What Ctrl+Enter answers: the longest ringing call, else the longest held. */
function next(): PanelCall | undefined {
  const calls = line.panel?.calls ?? [];
  return calls.find((c) => c.state === "ringing") ?? calls.find((c) => c.state === "held");
}

/** Fetches the panel again and shows it; says what the desk has not said yet. */
export async function refreshCalls(onAnswer: (c: PanelCall) => void): Promise<void> {
  let panel: LinePanel;
  try {
    panel = await api.linePanel({});
  } catch (e) {
    showError(e);
    return;
  }
  show(panel, onAnswer);
}

function show(panel: LinePanel, onAnswer: (c: PanelCall) => void): void {
  const first = line.panel === null;
  const linesBefore = JSON.stringify(line.panel?.lines ?? []);
  line.panel = panel;
  const fresh = panel.news.filter((n) => n.serial > line.saidUpTo);
  // At start the old news stays unsaid: only what happens from now on is told.
  if (!first) for (const n of fresh) say(w.phrase(n.said), n.warn ? "warn" : "ok", n.urgent);
  const last = panel.news[panel.news.length - 1];
  if (last) line.saidUpTo = last.serial;
  renderCalls(onAnswer);
  paintLineStates();
  // A colleague who picked up (or hung up) changes who the chain offers.
  if (JSON.stringify(panel.lines) !== linesBefore) line.linesChanged?.();
  for (const ended of panel.callbacks_ended) {
    if (askedOutcome.has(ended.message_id)) continue;
    askedOutcome.add(ended.message_id);
    line.callbackEnded?.(ended.message_id);
  }
  const talking = current();
  if (talking && talking.state === "talking") onAnswer(talking);
}

/**
 * A place for a colleague's line state beside `number` (on the phone,
 * ringing), painted now and again whenever the PBX reports a change.
 */
export function lineChip(number: string, id?: string): HTMLElement {
  const chip = h("span", { class: "line-chip", "data-line-number": number, ...(id ? { id } : {}) });
  paintChip(chip);
  return chip;
}

function paintChip(chip: HTMLElement): void {
  const state = line.panel?.lines.find((l) => l.number === chip.dataset["lineNumber"])?.state;
  chip.dataset["state"] = state ?? "";
  chip.textContent = state === "busy" ? t.lineBusy : state === "ringing" ? t.lineRinging : "";
  chip.hidden = state === undefined || state === "idle";
}

function paintLineStates(): void {
  for (const chip of document.querySelectorAll<HTMLElement>("[data-line-number]")) paintChip(chip);
}

/** Watches the line state of the company on screen (a desk without a line ignores it). */
export function watchCompany(companyId: number): void {
  if (hasLine()) void api.lineWatch({ company_id: companyId }).catch(showError);
}

/** Waited or held, as m:ss. */
function waited(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

function stateWords(c: PanelCall): string {
  const to = c.to ?? "";
  switch (c.state) {
    case "ringing":
      return t.callStateRinging;
    case "calling":
      return t.callStateCalling;
    case "talking":
      return t.callStateTalking;
    case "held":
      return t.callStateHeld;
    case "transferring":
      return w.with("callStateTransferring", { to });
    case "consulting":
      return w.with("callStateConsulting", { to });
    case "colleague_on":
      return w.with("callStateColleagueOn", { to });
  }
}

/** The calls whose ringing was measured to the screen already. */
const measured = new Set<string>();

/**
 * The ringing event to its company painted on the panel, in the page: from
 * when the desk took the event to the frame after the call is in the DOM.
 * The last 500 are kept on `window.vaihdeRings` for scripts/measure-desktop;
 * nothing is sent anywhere.
 */
function noteRing(c: PanelCall): void {
  if (measured.has(c.id) || c.heard_ms === 0) return;
  measured.add(c.id);
  requestAnimationFrame(() => {
    const w = window as unknown as { vaihdeRings?: number[] };
    (w.vaihdeRings ??= []).push(Date.now() - c.heard_ms);
    if (w.vaihdeRings.length > 500) w.vaihdeRings.shift();
  });
}

export function renderCalls(onAnswer: (c: PanelCall) => void): void {
  const section = byId("calls");
  const panel = line.panel;
  section.hidden = !panel?.configured;
  if (!panel?.configured) return;
  byId("calls-title").textContent = t.callsPanel;
  const lineState = byId("line-state");
  lineState.textContent = panel.said ? w.phrase(panel.said) : "";
  lineState.dataset["state"] = panel.state ?? "";
  const list = byId("call-list");
  clear(list);
  if (panel.calls.length === 0) {
    list.append(h("li", { class: "no-calls" }, t.callsNone));
    return;
  }
  for (const c of panel.calls) {
    const company = c.company_name ?? c.dialled ?? "";
    const button = h(
      "button",
      // In the Tab order just before the search box (Shift+Tab reaches the calls).
      // Named by what it shows (spaces between the parts, for the name a
      // screen reader reads), never by a label that could say otherwise.
      { type: "button", class: "call", "data-call": c.id, "data-state": c.state },
      h("span", { class: `chip call-state ${c.state}` }, stateWords(c)),
      " ",
      h("span", { class: "call-waited" }, waited(c.waited_seconds)),
      " ",
      h("span", { class: "call-company" }, company),
      " ",
      h("span", { class: "call-caller" }, c.caller),
    );
    button.addEventListener("click", () => void act(c, "answer", onAnswer));
    const item = h("li", { class: `call-row${c.remind ? " remind" : ""}${c.failed ? " failed" : ""}` }, button);
    if (c.failed) item.append(h("div", { class: "call-failed", role: "note" }, w.phrase(c.failed)));
    list.append(item);
    noteRing(c);
  }
}

/** Does `action` to call `c`; the panel as it is after. */
async function act(c: PanelCall, action: api.LineAction, onAnswer: (c: PanelCall) => void, to?: string, name?: string): Promise<void> {
  try {
    const panel = await api.lineAct({ call: c.id, action, to: to ?? null, name: name ?? null });
    if (action === "answer") {
      // The company of the call comes up at once, with an empty search box.
      onAnswer({ ...c, state: "talking" });
    }
    show(panel, onAnswer);
  } catch (e) {
    say(`${t.callNoCall}: ${errorWords(e)}`, "warn");
  }
}

function errorWords(e: unknown): string {
  const err = e as { said?: api.Phrase | null; message?: string };
  return err.said ? w.phrase(err.said) : (err.message ?? String(e));
}

/** Calls a callback's number from the desk's line (claimed for this operator first). */
export async function callBack(number: string, name: string, messageId: number): Promise<boolean> {
  try {
    const panel = await api.lineDial({ number, name, message_id: messageId });
    // A callback asked about before (called again after no answer) is asked about again.
    askedOutcome.delete(messageId);
    // The line-changed event that follows draws the panel.
    line.panel = panel;
    return true;
  } catch (e) {
    say(errorWords(e), "warn");
    return false;
  }
}

/** Ctrl+Enter: answers the next call (or resumes the longest held, holding the one talked to). */
export function answerNext(onAnswer: (c: PanelCall) => void): void {
  const c = next();
  if (!c) say(t.callNoCall, "warn");
  else void act(c, "answer", onAnswer);
}

/** Ctrl+H: holds the call talked to; with none, takes back the longest held. */
export function holdOrResume(onAnswer: (c: PanelCall) => void): void {
  const c = current();
  if (c?.state === "talking") void act(c, "hold", onAnswer);
  else if (c) void act(c, "take_back", onAnswer);
  else answerNext(onAnswer);
}

/** Ctrl+E: hangs up the call talked to; during a consult, ends the colleague's call and goes back to the caller. */
export function hangUp(onAnswer: (c: PanelCall) => void): void {
  const c = current();
  if (!c) say(t.callNoCall, "warn");
  else void act(c, c.state === "talking" ? "hangup" : "take_back", onAnswer);
}

/** Enter with a line: puts the call talked to (or the held one whose transfer failed) through to `number`. */
export async function putThrough(number: string, name: string, onAnswer: (c: PanelCall) => void): Promise<boolean> {
  const calls = line.panel?.calls ?? [];
  const c = calls.find((x) => x.state === "talking") ?? calls.find((x) => x.state === "held" && x.failed !== null);
  if (!c) return false;
  say(w.with("callTransferring", { to: name ? `${name} ${number}` : number }));
  await act(c, "transfer", onAnswer, number, name);
  return true;
}

/** Shift+Enter: asks the colleague first; once they answer, the same key connects the caller. */
export async function consultOrConnect(number: string | null, name: string, onAnswer: (c: PanelCall) => void): Promise<void> {
  const c = current();
  if (!c) {
    say(t.callNoCall, "warn");
    return;
  }
  if (c.state === "colleague_on") {
    await act(c, "connect", onAnswer);
    return;
  }
  if (c.state !== "talking" || !number) {
    say(number ? t.callNoCall : t.nothingToTransfer, "warn");
    return;
  }
  say(w.with("callConsulting", { to: name ? `${name} ${number}` : number }));
  await act(c, "consult", onAnswer, number, name);
}
