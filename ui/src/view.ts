// Small pieces of the screen used everywhere: the status chip, dates in
// the company's zone, and errors in the card's place.

import type { Presence, SearchRow } from "./bindings";
import { byId, clear, h } from "./dom";
import { asApiError } from "./ipc";
import { state, w } from "./state";

export function showError(e: unknown): void {
  const err = asApiError(e);
  const card = byId("card");
  clear(card);
  card.append(h("p", { class: "error", "data-kind": err.kind }, `${w.error(err.kind)}: ${w.errorDetail(err)}`));
}

/** The coloured chip for a status: "in", "away (holiday) · back Mon 30 Nov 08:00", ... in the person's zone. */
export function statusChip(p: Presence | null): HTMLElement | null {
  if (!p) return null;
  return h("span", { class: `chip ${p.status}`, "data-state": p.status }, w.presence(p));
}

/** What a result row stands for: a person, or a role or topic itself. */
export function rowKey(row: SearchRow): string {
  return row.group ? `g:${row.group.company_id}:${row.group.kind}:${row.group.name}` : `p:${row.person.id}`;
}

/** The key of the row the card shows, or null when it is empty. */
export function cardKey(): string | null {
  return state.cardRow ? rowKey(state.cardRow) : null;
}

/**
 * Puts the text that `later` resolves to on the clipboard; whether it got
 * there (false when `later` resolves to null: the clipboard is then emptied).
 *
 * The write is started at once, inside the key event that asked for it,
 * with the text still to come (a `ClipboardItem` holding a promise): WebKit
 * only honours a clipboard write begun during a user gesture, and a
 * `writeText` issued after awaiting the card sometimes never settled (about
 * one Enter in five in the end-to-end runs). Should the write still not
 * answer within a second, the old synchronous copy through a selected
 * textarea is tried, so Enter never goes silent.
 */
export async function copyWhenKnown(later: Promise<string | null>): Promise<boolean> {
  const blob = later.then((text) => new Blob([text ?? ""], { type: "text/plain" }));
  let api: Promise<boolean>;
  if (navigator.clipboard?.write && typeof ClipboardItem !== "undefined") {
    api = navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]).then(() => true, () => false);
  } else if (navigator.clipboard) {
    api = later.then((text) => navigator.clipboard.writeText(text ?? "")).then(() => true, () => false);
  } else {
    api = Promise.resolve(false);
  }
  const text = await later;
  const late = new Promise<boolean>((done) => setTimeout(() => done(false), 1_000));
  const written = await Promise.race([api, late]);
  if (text === null || text === "") return false;
  return written || copyBySelection(text);
}

/** The synchronous copy through a selected, invisible textarea. */
function copyBySelection(text: string): boolean {
  const focused = document.activeElement as HTMLElement | null;
  const area = h("textarea", { "aria-hidden": "true", style: "position:fixed;opacity:0" });
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  focused?.focus();
  return copied;
}

let statusTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * A short message in the footer ("Copied: 2104", "Saved"). It fades after a
 * few seconds, so the key hints beside it are never hidden for long. A
 * screen reader hears it once: politely, or at once when `urgent` (a call
 * ringing, a failed transfer, a caller held too long).
 */
export function say(text: string, tone: "ok" | "warn" = "ok", urgent = false): void {
  const el = byId("status");
  el.textContent = text;
  el.className = `status ${tone}`;
  announce(text, urgent);
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => {
    el.textContent = "";
    el.className = "status";
  }, 4_000);
}

/**
 * A moment in the catalog's words, in `timezone` (by default the call's
 * company's; a person's card and status pass their company's).
 */
export function fmt(iso: string, timezone?: string): string {
  return w.moment(iso, timezone ?? state.company?.timezone ?? "Europe/Helsinki");
}

/**
 * Speaks `text` through a live region without showing it: at once
 * (assertive) when `urgent`, else when the reader is free. Each sentence
 * is a new paragraph in place of the last (so the same sentence twice is
 * heard twice), not new text: WebKitGTK tells AT-SPI (and so Orca) of a
 * block added to a live region, but of no change to its text (measured
 * with 2.50; tests/e2e_atspi.rs).
 */
export function announce(text: string, urgent = false): void {
  // While a modal dialog is open only it is read: its own regions speak.
  const overlay = byId("overlay");
  const inDialog = overlay.hidden ? null : overlay.querySelector<HTMLElement>(`[data-live="${urgent ? "assertive" : "polite"}"]`);
  const region = inDialog ?? byId(urgent ? "announce" : "announce-polite");
  // A new element each time: the same sentence twice is heard twice.
  region.replaceChildren(h("p", {}, text));
}
