// The selected person's card: who, status, the transfer target, what to
// say, the covering chain, numbers, delegates, absences and notes.

import { byId, clear, h } from "./dom";
import { state, t } from "./state";
import { dialable, fmt, statusChip } from "./view";

export function renderCard(): void {
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
