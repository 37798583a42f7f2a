// The side panel: the company's calendars (with sync progress and "sync
// now"), everyone away now, and what changed recently.

import * as api from "./bindings";
import type { SyncStatus } from "./bindings";
import { byId, clear, h } from "./dom";
import { state, t, w } from "./state";
import { announce, fmt, say, showError, statusChip } from "./view";

/** Whether an answer asked for `companyId` is still for the company on screen. */
function stillShown(companyId: number): boolean {
  return state.company?.id === companyId;
}

export async function renderAbsent(): Promise<void> {
  byId("absent-title").textContent = t.awayNow;
  const list = byId("absent");
  if (!state.company) return;
  const companyId = state.company.id;
  try {
    const rows = await api.absent({ company_id: companyId });
    // Fast Ctrl+1, Ctrl+2: an answer for the company before is dropped.
    if (!stillShown(companyId)) return;
    clear(list);
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
  const companyId = state.company.id;
  try {
    const [feeds, staff] = await Promise.all([api.feeds({ company_id: companyId }), api.staffFeeds({ company_id: companyId })]);
    if (!stillShown(companyId)) return;
    // Keep the operator's place among the suggestions across a refresh.
    const focused = (document.activeElement as HTMLElement | null)?.dataset["uid"];
    clear(list);
    for (const f of feeds) {
      const last = f.last_success_at ? `${t.lastSync} ${fmt(f.last_success_at)}` : t.neverSynced;
      const li = h("li", { class: f.problem ? "feed failing" : "feed", "data-feed": String(f.id) }, h("strong", {}, f.label || f.address), h("span", { class: "feed-last" }, last));
      if (f.problem) li.append(h("span", { class: "feed-error" }, w.problem(f.problem)));
      if (f.on_call) {
        // A rota nobody kept up to date is said here too, not only on the role's card.
        for (const line of w.onCall(f.on_call)) li.append(h("span", { class: line.warn ? "feed-error on-call-warning" : "feed-news" }, line.text));
      }
      if (f.warnings.length > 0) {
        // Events skipped (with their line), unknown time zones: said, not hidden.
        const more = f.warnings.length > 3 ? ` (+${f.warnings.length - 3})` : "";
        li.append(h("span", { class: "feed-warnings" }, `${t.feedNotes}: ${f.warnings.slice(0, 3).map((n) => w.feedNote(n)).join("; ")}${more}`));
      }
      if (f.unmatched.length > 0) {
        const titles = [...new Set(f.unmatched.map((u) => u.summary))];
        li.append(h("span", { class: "feed-unmatched" }, `${t.unmatched}: ${titles.join("; ")}`));
      }
      for (const n of f.news) {
        li.append(h("span", { class: "feed-news" }, `${n.person_name}: ${n.summary} — ${n.names_them ? t.nowNames : t.noLongerNames}`));
      }
      if (f.suggestions.length > 0) {
        // A lone name marks nobody away until the operator says who it is.
        const box = h("ul", { class: "suggestions" });
        for (const g of f.suggestions) {
          const item = h("li", { class: "suggestion", tabindex: "-1", "data-feed": String(f.id), "data-uid": g.uid }, `${g.summary} → ${g.person_name}?`);
          box.append(item);
          if (g.uid === focused) queueMicrotask(() => item.focus());
        }
        li.append(h("span", { class: "feed-unmatched" }, `${t.suggestion} · ${t.suggestionKeys}`), box);
      }
      list.append(li);
    }
    for (const f of staff) {
      // The client's own staff list, followed like a calendar.
      const last = f.last_success_at ? `${t.lastSync} ${fmt(f.last_success_at)}` : t.neverSynced;
      const li = h("li", { class: f.problem ? "feed staff failing" : "feed staff", "data-staff-feed": String(f.id) }, h("strong", {}, f.name), h("span", { class: "feed-last" }, `${t.staffFeedKind} · ${last} · ${w.with("staffFeedListed", { count: f.listed })}`));
      if (f.gone > 0) li.append(h("span", { class: "feed-unmatched" }, w.with("staffFeedGone", { count: f.gone })));
      if (f.problem) li.append(h("span", { class: "feed-error" }, w.with("staffFeedFailing", { error: w.staffProblem(f.problem) })));
      list.append(li);
    }
  } catch (e) {
    showError(e);
  }
}

export async function renderChanges(): Promise<void> {
  byId("changes-title").textContent = t.changes;
  const list = byId("changes");
  if (!state.company) return;
  const companyId = state.company.id;
  try {
    const changes = await api.changes({ company_id: companyId, days: 30 });
    if (!stillShown(companyId)) return;
    clear(list);
    for (const c of changes.slice(0, 40)) {
      list.append(h("li", {}, h("span", { class: "when" }, fmt(c.at)), h("strong", {}, c.subject), " ", w.change(c)));
    }
  } catch (e) {
    showError(e);
  }
}

/**
 * "Since your last shift": what the clients' staff lists changed that this
 * operator has not seen, every company's (an agent answers for all of
 * them), management titles first. Hidden when there is nothing to read.
 */
export async function renderLearned(): Promise<void> {
  const box = byId("since-shift");
  try {
    const items = await api.learned({ company_id: null });
    byId("since-shift-title").textContent = t.sinceShift;
    const list = byId("learned");
    clear(list);
    box.hidden = items.length === 0;
    const names = new Map(state.companies.map((c) => [c.id, c.name]));
    for (const l of items.slice(0, 20)) {
      const company = l.company_id === state.company?.id ? "" : `${names.get(l.company_id) ?? ""} · `;
      list.append(
        h(
          "li",
          { class: l.pinned ? "learned pinned" : "learned", "data-person": String(l.person_id) },
          l.pinned ? h("span", { class: "chip pinned" }, t.learnedPinned) : null,
          h("strong", {}, `${company}${l.name}`),
          ": ",
          w.learned(l),
          h("span", { class: "when" }, w.with("learnedFrom", { source: l.feed })),
        ),
      );
    }
    if (items.length > 20) list.append(h("li", { class: "more" }, `+${items.length - 20}`));
    const all = byId("learned-seen-all");
    all.textContent = t.learnedSeenAll;
    all.onclick = () => {
      void api.markLearned({ ids: items.map((l) => l.id), person_id: null }).then(learnedSeen, showError);
    };
  } catch (e) {
    showError(e);
  }
}

/** Tells the window that this operator has seen items: rows, card and the list lose their marks. */
export function learnedSeen(): void {
  document.dispatchEvent(new CustomEvent("vaihde-learned-seen"));
}

let saidFailed = 0;
let saidTrouble = "";
/**
 * Says a sync failure once (politely: statuses may be stale, but the call
 * in hand comes first): sync itself in trouble, when its sentence changes;
 * calendars that could not be read, when a round ends with more of them
 * than were last said (a feed mended and broken again is said again).
 */
function announceSync(s: SyncStatus, trouble: string): void {
  if (trouble !== saidTrouble) {
    if (trouble) announce(trouble);
    saidTrouble = trouble;
  }
  if (s.running) return;
  if (s.failed > saidFailed) announce(w.with("syncFeedsFailed", { count: s.failed }));
  saidFailed = s.failed;
}

/** The feeds panel's progress line: "Syncing 3/8", or the last round's failures. */
export function renderSync(): void {
  const el = byId("sync-state");
  const s = state.sync;
  if (!s || !s.enabled) {
    el.textContent = "";
    return;
  }
  const trouble = s.trouble;
  const troubleText = !trouble ? "" : trouble.kind === "stopped" ? w.with("syncStopped", { detail: trouble.detail }) : w.with("syncRoundFailed", { detail: w.phrase(trouble.said) });
  announceSync(s, troubleText);
  if (trouble) {
    // Sync itself is in trouble: say it, with what to do, until it is over.
    el.textContent = troubleText;
    el.className = "sync-state trouble";
    el.dataset["trouble"] = trouble.kind;
    byId("sync-now").toggleAttribute("disabled", trouble.kind === "stopped");
    return;
  }
  delete el.dataset["trouble"];
  if (!s.running && s.other_desk !== null) {
    // A desk of the team was in its round: this one left it be.
    el.textContent = w.with("syncByOtherDesk", { desk: s.other_desk || t.anotherDesk });
    el.className = "sync-state";
    byId("sync-now").removeAttribute("disabled");
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

/** F6: to the side panel (its first suggestion, if any) and back. */
export function focusSide(): void {
  const first = byId("side").querySelector<HTMLElement>(".suggestion");
  (first ?? byId("side")).focus();
}

async function decide(item: HTMLElement, confirmed: boolean, after: () => void): Promise<void> {
  const feed = Number(item.dataset["feed"]);
  const uid = item.dataset["uid"] ?? "";
  const next = (item.nextElementSibling ?? item.previousElementSibling) as HTMLElement | null;
  try {
    await api.decideMatch({ feed_id: feed, uid, confirmed });
    say(confirmed ? t.confirmed : t.dismissed);
    next?.focus();
    await renderFeeds();
    if (!byId("side").contains(document.activeElement)) focusSide();
    after();
  } catch (e) {
    showError(e);
  }
}

/**
 * Keys while the side panel has the focus: ↑/↓ move between suggestions
 * (or scroll), PageUp/PageDown scroll, Enter confirms the suggestion,
 * Delete dismisses it, Esc or F6 go back to the search box. Returns whether
 * the key was the panel's.
 */
export function sideKey(ev: KeyboardEvent, after: () => void): boolean {
  const side = byId("side");
  const items = [...side.querySelectorAll<HTMLElement>(".suggestion")];
  const i = items.indexOf(document.activeElement as HTMLElement);
  switch (ev.key) {
    case "ArrowDown":
    case "ArrowUp": {
      ev.preventDefault();
      const next = items[i + (ev.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
      else side.scrollBy({ top: ev.key === "ArrowDown" ? 60 : -60 });
      return true;
    }
    case "PageDown":
    case "PageUp":
      ev.preventDefault();
      side.scrollBy({ top: (ev.key === "PageDown" ? 1 : -1) * side.clientHeight * 0.8 });
      return true;
    case "Enter":
    case "Delete": {
      ev.preventDefault();
      const item = items[i];
      if (item) void decide(item, ev.key === "Enter", after);
      return true;
    }
    case "Escape":
    case "F6":
      ev.preventDefault();
      byId<HTMLInputElement>("search").focus();
      return true;
  }
  return false;
}
