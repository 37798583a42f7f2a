// The card of the selected row: who (or which role or topic), status, the
// transfer target, what to say, the covering chain, numbers, delegates,
// absences and notes. It always belongs to the selected row: main.ts
// clears it before anything else could be shown in its place.

import * as api from "./bindings";
import type { PersonCard, Route } from "./bindings";
import { hasLine, lineChip } from "./calls";
import { byId, clear, h } from "./dom";
import { words } from "./i18n";
import { state, t, w } from "./state";
import { learnedSeen } from "./side";
import { cardKey, fmt, showError, statusChip } from "./view";

/** The card last rendered, so a new one opens at its top. */
let shownKey: string | null = null;

export function renderCard(): void {
  const el = byId("card");
  clear(el);
  const key = cardKey();
  // (An emptied card needs no scrolling: that would be a layout for nothing.)
  if (shownKey !== key && key !== null) el.scrollTop = 0;
  shownKey = key;
  const row = state.cardRow;
  if (!row) return;
  const r = state.route;
  const c = state.card;
  if (state.company && row.person.company_id !== state.company.id) {
    // Searching all companies: the answer is not for the company on the bar.
    el.append(h("p", { class: "other-company", id: "other-company" }, `${row.person.company} — ${t.notThisCall}`));
  }
  if (row.group) {
    el.append(h("h1", { id: "card-name" }, row.group.name));
    el.append(h("p", { class: "card-meta" }, `${t[row.group.kind]} · ${row.person.company}`));
  } else if (c) {
    personHead(el, c);
  }
  if (r) routeBlock(el, r, c);
  if (c) personDetails(el, c);
}

function personHead(el: HTMLElement, c: PersonCard): void {
  const p = c.person;
  const name = [p.given_name, p.family_name].filter((s) => s).join(" ");
  el.append(h("h1", { id: "card-name" }, name));
  el.append(h("p", { class: "card-meta" }, [p.title, p.department, c.company.name].filter((s) => s).join(" · ")));
  if (c.record === "former") {
    // Said once, with where the calls go now.
    const when = p.left ? ` ${w.date(p.left.on)}` : "";
    const why = p.left?.reason ? ` (${p.left.reason})` : "";
    const to = c.calls_to ? ` — ${t.callsTo}: ${w.callsTo(c.calls_to.value)}` : "";
    el.append(h("p", { class: "chip former big", id: "left-banner" }, `${t.leftOn}${when}${why}${to}`));
  } else if (c.record === "outsider") {
    el.append(h("p", { class: "chip outsider big" }, t.outsider));
    if (c.calls_to) el.append(h("p", { class: "calls-to" }, `${t.callsTo}: ${w.callsTo(c.calls_to.value)}`));
  } else if (c.calls_to) {
    el.append(h("p", { class: "calls-to" }, `${t.callsTo}: ${w.callsTo(c.calls_to.value)}`));
  }
  for (const cw of c.calendar_warnings) {
    const last = cw.last_success_at ? w.with("lastSyncAt", { when: fmt(cw.last_success_at, cw.zone) }) : t.neverSynced;
    el.append(h("p", { class: "calendar-warning" }, w.with("calendarFailing", { name: cw.name, problem: w.problem(cw.problem), last })));
  }
  if (c.learned.length > 0) {
    // What the client's own list changed, until this operator has seen it.
    const box = h("div", { class: "learned-card", id: "learned-card" });
    for (const l of c.learned) box.append(h("p", { class: l.pinned ? "learned pinned" : "learned" }, `${w.learned(l)} · ${w.with("learnedFrom", { source: l.feed })}`));
    const seen = h("button", { type: "button", id: "learned-seen" }, t.learnedSeen);
    seen.addEventListener("click", () => {
      void api.markLearned({ ids: [], person_id: p.id }).then(learnedSeen, showError);
    });
    box.append(seen);
    el.append(box);
  }
  for (const g of c.gone_from) {
    // The client's own list no longer has them: the operator asks before the next caller does.
    el.append(h("p", { class: "gone-from", id: "gone-from" }, w.with("cardGoneFrom", { source: g.feed, since: w.moment(g.since, g.zone) })));
  }
  if (c.open_messages.length > 0) {
    // A caller may already have left one: the operator says so rather than taking it twice.
    const list = h("ul", { class: "open-messages", id: "open-messages" });
    for (const m of c.open_messages) {
      const caller = [m.caller_name, m.caller_org].filter((x) => x).join(", ") || w.text("mailUnknownCaller");
      list.append(h("li", {}, `#${m.id} ${fmt(m.taken_at, c.company.timezone)} · ${caller}${m.caller_number ? `, ${m.caller_number}` : ""} · ${w.messageStatus(m.status)}`));
    }
    el.append(h("p", { class: "open-messages-head" }, t.openMessagesHead), list);
  }
}

function routeBlock(el: HTMLElement, r: Route, c: PersonCard | null): void {
  const former = c?.record === "former";
  // A role's or topic's status is each holder's, shown in the chain below.
  if (!former && r.person !== null) el.append(h("div", { class: "status-line" }, statusChip(r)));
  const to = r.transfer_to;
  if (to) {
    const target = h("div", { class: to.number ? "transfer" : "transfer message", id: "transfer" });
    target.append(h("div", { class: "transfer-label" }, t.transferTo));
    if (to.number) {
      target.append(
        h("div", { class: "transfer-who" }, to.person?.name ?? ""),
        h("a", { class: "transfer-number", id: "transfer-number", href: `tel:${to.dial ?? ""}` }, to.number),
        // Named with its number: "SIP" alone, four times on a card, says nothing.
        h("a", { class: "sip-link", id: "transfer-sip", href: `sip:${to.dial ?? ""}`, "aria-label": `SIP ${to.number}` }, "SIP"),
        lineChip(to.number, "transfer-line"),
        h("div", { class: "transfer-why" }, `${to.phone ? w.phone(to.phone) : ""} · ${hasLine() ? t.enterPutsThrough : t.enterCopies}`),
      );
    } else {
      target.append(h("div", { class: "transfer-text" }, to.words ?? ""));
    }
    el.append(target);
  }
  if (r.caller_sentence) {
    // The caller hears the company's language, whatever the operator's.
    const said = words(r.caller_sentence.language).sentence(r.caller_sentence.phrases);
    el.append(h("p", { class: "caller-sentence", id: "caller-sentence", lang: r.caller_sentence.language }, said));
  }
  // A former employee's note repeats the banner above.
  if (r.note && !former) el.append(h("p", { class: "route-note" }, w.routeNote(r.note)));
  if (r.on_call) {
    // Who is on call, and a rota nobody kept up to date, before the caller finds out.
    const box = h("div", { class: "on-call", id: "on-call" });
    for (const line of w.onCall(r.on_call)) box.append(h("p", { class: line.warn ? "on-call-warning" : "on-call-now" }, line.text));
    el.append(box);
  }
  if (r.chain.length > 1 || (r.person === null && r.chain.length > 0)) {
    const list = h("ol", { class: "chain", id: "chain" });
    for (const step of r.chain) {
      list.append(
        h(
          "li",
          { class: step.why_skipped ? "skipped" : "taken" },
          h("span", { class: "step-name" }, step.person.name),
          " ",
          // Said in words too: strike-through and bold alone are not read.
          h("span", { class: "step-mark" }, step.why_skipped ? t.stepSkipped : t.stepChosen),
          " ",
          statusChip(step), step.extension ? lineChip(step.extension) : null, h("span", { class: "step-via" }, w.via(step.via))),
      );
    }
    el.append(h("h2", {}, r.person === null ? t.handledBy : t.chain), list);
  }
}

function personDetails(el: HTMLElement, c: PersonCard): void {
  const p = c.person;
  const zone = c.company.timezone;
  const former = c.record === "former";
  const phones = h("ul", { class: former ? "phones old" : "phones", id: "phones" });
  if (former && c.phones.length > 0) el.append(h("h2", {}, t.oldNumbers));
  for (const ph of c.phones) {
    if (ph.dial === null) {
      // Not offered (a former employee's): no links to dial, nothing Enter could copy.
      phones.append(h("li", {}, h("span", { class: "phone-kind" }, w.phone(ph.kind)), h("span", { class: "old-number" }, ph.number)));
      continue;
    }
    const link = h("a", { href: `tel:${ph.dial}` }, ph.number);
    const sip = h("a", { class: "sip-link", href: `sip:${ph.dial}`, "aria-label": `SIP ${ph.number}` }, "SIP");
    phones.append(h("li", {}, h("span", { class: "phone-kind" }, w.phone(ph.kind)), link, " ", sip, ph.kind === "extension" ? lineChip(ph.number) : null));
  }
  for (const e of p.emails) phones.append(h("li", {}, h("span", { class: "phone-kind" }, t.emailLabel), e));
  el.append(phones);
  if (c.delegates.length > 0 && !former) {
    const list = h("ol", { class: "delegates" });
    for (const d of c.delegates) list.append(h("li", {}, d.name, d.topic ? ` (${d.topic})` : ""));
    el.append(h("h2", {}, t.coveredBy), list);
  }
  if (c.roles.length > 0) el.append(h("p", {}, `${t.roles}: ${c.roles.join(", ")}`));
  if (p.topics.length > 0) el.append(h("p", {}, `${t.topics}: ${p.topics.join(", ")}`));
  if (p.languages.length > 0) el.append(h("p", {}, `${t.languages}: ${p.languages.join(", ")}`));
  if (c.absences.length > 0 && !former) {
    const list = h("ul", { class: "absences" });
    for (const a of c.absences) {
      list.append(h("li", {}, `${fmt(a.starts_at, zone)} – ${fmt(a.ends_at, zone)}: ${w.reason(a.kind)}${a.reason ? ` (${a.reason})` : ""}`));
    }
    el.append(h("h2", {}, t.away), list);
  }
  if (p.notes) el.append(h("h2", {}, t.notes), h("p", { class: "notes" }, p.notes));
}
