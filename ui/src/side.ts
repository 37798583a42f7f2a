// The side panel: the company's calendars (with sync progress and "sync
// now"), everyone away now, and what changed recently.

import * as api from "./bindings";
import { byId, clear, h } from "./dom";
import { state, t } from "./state";
import { fmt, showError, statusChip } from "./view";

export async function renderAbsent(): Promise<void> {
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

export async function renderFeeds(): Promise<void> {
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
      if (f.warnings.length > 0) {
        // Events skipped (with their line), unknown time zones: said, not hidden.
        const more = f.warnings.length > 3 ? ` (+${f.warnings.length - 3})` : "";
        li.append(h("span", { class: "feed-warnings" }, `${t.feedNotes}: ${f.warnings.slice(0, 3).join("; ")}${more}`));
      }
      if (f.unmatched.length > 0) {
        li.append(h("span", { class: "feed-unmatched" }, `${t.unmatched}: ${f.unmatched.map((u) => u.summary).join("; ")}`));
      }
      list.append(li);
    }
  } catch (e) {
    showError(e);
  }
}

export async function renderChanges(): Promise<void> {
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

/** The feeds panel's progress line: "Syncing 3/8", or the last round's failures. */
export function renderSync(): void {
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
/** Reads the sync status; `onRoundEnd` runs when a round has just ended. */
export async function pollSync(onRoundEnd: () => void): Promise<void> {
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
    onRoundEnd();
  }
  wasRunning = state.sync.running;
}

export async function syncNow(): Promise<void> {
  try {
    state.sync = await api.syncNow({});
    wasRunning = true;
    renderSync();
  } catch (e) {
    showError(e);
  }
}
