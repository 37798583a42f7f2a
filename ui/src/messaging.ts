// Messages, callbacks and the call log at the desk. F7 opens the message
// form filled from the chain (for whom, the covering colleague in copy,
// the caller's number from the incoming call, what was said); Enter sends
// and the footer says at once whether it went or why not. F8 opens the
// Messages panel: the callbacks waiting (claim, how it went, release),
// the last day's messages with their status, and the current caller's
// calls. Whom a message goes to, the form's rules and delivery are the
// core's; this only shows and asks.

import { alarmItem } from "./alarms";
import { currentScript } from "./script";
import * as api from "./bindings";
import type { Message } from "./bindings";
import { callBack, hasLine } from "./calls";
import { attempt, closeOverlay, field, keys, open } from "./dialogs";
import { byId, clear, h } from "./dom";
import { asApiError } from "./ipc";
import { state, t, w } from "./state";
import { announce, say, showError } from "./view";

/** F7: a message for the person on the card (or what was searched for). */
export async function takeMessage(query: string): Promise<void> {
  const company = state.company;
  if (!company || query.trim() === "") return;
  let prefill;
  try {
    prefill = await api.messageForm({ company_id: company.id, query, topic: null });
  } catch (e) {
    showError(e);
    return;
  }
  const known = prefill.recipients;
  const call = state.call && state.call.company_id === company.id ? state.call : null;
  const [toLabel, to] = field("msg-to", t.msgTo, prefill.to);
  const [ccLabel, cc] = field("msg-cc", t.msgCc, prefill.cc);
  const [nameLabel, callerName] = field("msg-caller-name", w.text("fieldCallerName"), call?.caller?.name ?? "");
  const [orgLabel, callerOrg] = field("msg-caller-org", w.text("fieldCallerOrg"), call?.caller?.company_name ?? "");
  const [numberLabel, callerNumber] = field("msg-caller-number", w.text("fieldCallerNumber"), call?.from ?? "");
  const [emailLabel, callerEmail] = field("msg-caller-email", w.text("fieldCallerEmail"));
  const text = h("textarea", { id: "msg-text", rows: "4", "aria-label": t.msgText });
  const callback = h("input", { id: "msg-callback", type: "checkbox" });
  const [whenLabel, when] = field("msg-callback-when", t.msgCallbackWhen);
  const urgent = h("input", { id: "msg-urgent", type: "checkbox" });
  const [saidLabel, said] = field("msg-said", t.msgSaid, prefill.said);
  const note = h("p", { class: "dialog-note" }, t.msgHelp);
  const grid = h("div", { class: "form-grid" }, toLabel, to, ccLabel, cc, nameLabel, callerName, orgLabel, callerOrg, numberLabel, callerNumber, emailLabel, callerEmail);
  // The call script shown for this call: its questions, in the client's words.
  const script = currentScript();
  const asked: [string, HTMLInputElement | HTMLSelectElement][] = [];
  const scriptBox = h("fieldset", { class: "form-grid script-answers", id: "msg-script" });
  if (script) {
    scriptBox.append(h("legend", {}, `${t.scriptHead}: ${script.name}`));
    script.questions.forEach((q, i) => {
      const id = `msg-answer-${i}`;
      const label = h("label", { for: id, lang: company.language }, q.required ? `${q.label} (${t.scriptRequired})` : q.label);
      let input: HTMLInputElement | HTMLSelectElement;
      if (q.kind === "choice") {
        input = h("select", { id }, h("option", { value: "" }, ""), ...q.choices.map((c) => h("option", { value: c, lang: company.language }, c)));
      } else {
        input = h("input", { id, type: "text", autocomplete: "off" });
      }
      if (q.required) input.setAttribute("aria-required", "true");
      asked.push([q.label, input]);
      scriptBox.append(label, input);
    });
    if (script.urgent) urgent.checked = true;
  }
  let taken: Message | null = null;
  const send = () =>
    void attempt(
      note,
      async () => {
        taken = await api.takeMessage({
          call_id: call?.call_id ?? null,
          draft: {
            company_id: company.id,
            for_person_id: prefill.for_person_id,
            for_words: prefill.for_words,
            topic: "",
            caller_name: callerName.value,
            caller_org: callerOrg.value,
            caller_number: callerNumber.value,
            caller_email: callerEmail.value,
            body: text.value,
            urgent: urgent.checked,
            callback: callback.checked,
            callback_by: null,
            callback_when: when.value,
            said: said.value,
            // What the form was filled with; the core reads the two
            // fields against it (messages::recipients::from_fields).
            recipients: known,
            script_id: script?.id ?? null,
            answers: asked.map(([label, input]) => ({ label, value: input.value })).filter((a) => a.value.trim() !== ""),
          },
          to: to.value,
          cc: cc.value,
        });
      },
      () => {
        // The core ended the call with the message.
        if (call) state.call = null;
        return follow(taken);
      },
      { caller_email: callerEmail, caller_name: callerName, caller_org: callerOrg, caller_number: callerNumber, message_body: text, callback_when: when, said, recipient: to },
    );
  keys([to, cc, callerName, callerOrg, callerNumber, callerEmail, ...asked.map(([, input]) => input), text, callback, when, urgent, said], send);
  open(
    "message-dialog",
    `${t.msgTitle}: ${prefill.for_words}`,
    grid,
    ...(script && script.questions.length > 0 ? [scriptBox] : []),
    h("label", { for: "msg-text" }, t.msgText),
    text,
    h("label", { class: "check" }, callback, t.msgCallback),
    whenLabel,
    when,
    h("label", { class: "check" }, urgent, t.msgUrgent),
    saidLabel,
    said,
    note,
  );
  // The caller is on the line: their name first (the number is usually known).
  callerName.focus();
}

/** Follows a message just taken until it is sent, or says why not (yet). */
async function follow(m: Message | null): Promise<void> {
  if (!m) return;
  const result = byId("message-result");
  result.textContent = w.with("msgSending", { id: m.id });
  result.className = "message-result";
  const deadline = performance.now() + 15_000;
  let now = m;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    try {
      now = await api.message({ message_id: m.id });
    } catch {
      break;
    }
    if (now.status !== "queued" || now.last_error !== null) break;
  }
  if (now.status === "queued") {
    result.textContent = now.last_error ? w.with("msgResultQueued", { id: now.id, error: w.phrase(now.last_error) }) : w.with("msgSending", { id: now.id });
    result.className = "message-result warn";
  } else if (now.status === "failed") {
    result.textContent = w.with("msgResultFailed", { id: now.id, error: now.last_error ? w.phrase(now.last_error) : "" });
    result.className = "message-result warn";
  } else {
    result.textContent = w.with("msgResultSent", { id: now.id });
    result.className = "message-result ok";
  }
  result.dataset["status"] = now.status;
  result.dataset["message"] = String(now.id);
  // Said once, the outcome only (the footer's text alone is not read out):
  // at once when it did not go.
  announce(result.textContent ?? "", now.status === "queued" || now.status === "failed");
}

function messageLine(m: Message): string {
  const caller = [m.caller_name, m.caller_org].filter((x) => x).join(", ") || w.text("mailUnknownCaller");
  const status = m.status === "queued" && m.last_error ? w.with("cliNotSentYet", { error: w.phrase(m.last_error) }) : w.messageStatus(m.status);
  return `#${m.id} · ${status} · ${m.for_words} ← ${caller}${m.caller_number ? `, ${m.caller_number}` : ""}`;
}


/** Whether the panel shows only the company on screen (else the agent's list of all). */
let onlyCompany = false;

/** F8: the Messages panel. */
export async function messagesPanel(): Promise<void> {
  const box = open("messages-dialog", t.msgPanelTitle, h("div", { id: "messages-body" }));
  box.classList.add("wide");
  await renderPanel();
}

/**
 * A callback call ended: the Messages panel opens on its row with the
 * focus on "Reached", so the operator records how it went at once. Only
 * when nothing else is open: a form being filled is not taken away.
 */
export async function askCallbackOutcome(messageId: number): Promise<void> {
  if (!panelOpen() && !byId("overlay").hidden) return;
  if (!panelOpen()) await messagesPanel();
  document.getElementById(`cb-reached-${messageId}`)?.focus();
}

/** Whether the panel is open (a change on another desk redraws it). */
export function panelOpen(): boolean {
  return document.getElementById("messages-body") !== null;
}

export async function renderPanel(): Promise<void> {
  const body = document.getElementById("messages-body");
  if (!body) return;
  try {
    const company = state.company;
    // The agent's list is every company's; one button narrows it to the company on screen.
    const only = onlyCompany && company ? company.id : null;
    const [callbacks, today, alarms] = await Promise.all([
      api.callbacks({ company_id: only }),
      api.messagesToday({ company_id: only }),
      api.alarms({ company_id: only }),
    ]);
    const number = state.call?.from ?? null;
    const calls = number ? await api.callsOf({ number }) : [];
    const focused = document.activeElement?.id ?? "";
    clear(body);
    if (company) {
      const scope = h(
        "button",
        { type: "button", id: "msg-scope", "data-scope": only === null ? "all" : "company" },
        only === null ? w.with("msgScopeCompany", { company: company.name }) : t.msgScopeAll,
      );
      scope.addEventListener("click", () => {
        onlyCompany = !onlyCompany;
        void renderPanel();
      });
      body.append(scope);
    }
    body.append(h("h3", {}, only === null || !company ? t.msgCallbacksHead : `${t.msgCallbacksHead} · ${company.name}`));
    if (alarms.length > 0) {
      // Urgent messages nobody acknowledged: first, before any callback.
      const top = h("ol", { id: "callbacks-alarms", class: "callbacks-alarms" });
      for (const a of alarms) top.append(alarmItem(a, "panel-alarm", () => void renderPanel()));
      body.append(top);
    }
    const list = h("ol", { id: "callbacks", class: "callbacks" });
    for (const row of callbacks) {
      const m = row.message;
      const cb = m.callback;
      const caller = [m.caller_name, m.caller_org].filter((x) => x).join(", ") || w.text("mailUnknownCaller");
      const parts = [`#${m.id} ${m.company_name} · ${caller} ${m.caller_number} → ${m.for_words}`];
      if (cb?.by) parts.push(w.with("mailCallbackBy", { at: w.moment(cb.by, row.zone) }));
      if (cb?.when) parts.push(`“${cb.when}”`);
      const li = h("li", { class: `callback${row.overdue ? " overdue" : ""}`, "data-message": String(m.id) }, h("span", { class: "cb-text" }, parts.join(" · ")));
      if (row.overdue) li.append(h("span", { class: "cb-overdue" }, t.cbOverdue));
      if (cb?.claimed_by) li.append(h("span", { class: "cb-claimed" }, w.with("cbClaimedBy", { by: cb.claimed_by })));
      const mine = cb?.claimed_by !== null && cb?.claimed_by !== undefined;
      if (hasLine() && m.caller_number) {
        // Through the desk's line: claimed, dialled, and asked how it went when the call ends.
        const call = h("button", { type: "button", id: `cb-call-${m.id}` }, t.cbCall);
        call.addEventListener("click", () => {
          void callBack(m.caller_number, caller, m.id).then((ok) => {
            if (ok) {
              closeOverlay();
              byId("search").focus();
            } else void renderPanel();
          });
        });
        call.addEventListener("keydown", (ev) => {
          if (ev.key === "Escape") closeOverlay();
          ev.stopPropagation();
        });
        li.append(call);
      }
      if (!mine) li.append(button(`cb-claim-${m.id}`, t.cbClaim, () => api.claimCallback({ message_id: m.id })));
      else {
        li.append(
          button(`cb-reached-${m.id}`, t.cbReached, () => api.finishCallback({ message_id: m.id, outcome: "reached" })),
          button(`cb-no-answer-${m.id}`, t.cbNoAnswer, () => api.finishCallback({ message_id: m.id, outcome: "no_answer" })),
          button(`cb-left-${m.id}`, t.cbLeftMessage, () => api.finishCallback({ message_id: m.id, outcome: "left_message" })),
          button(`cb-release-${m.id}`, t.cbRelease, () => api.releaseCallback({ message_id: m.id })),
        );
      }
      list.append(li);
    }
    if (callbacks.length === 0) list.append(h("li", { class: "empty" }, t.msgNone));
    body.append(list, h("h3", {}, t.msgTodayHead));
    const msgs = h("ol", { id: "messages-today" });
    for (const row of today) {
      const m = row.message;
      const li = h("li", { "data-status": m.status, "data-message": String(m.id) }, h("span", { class: "msg-text" }, `${w.moment(m.taken_at, row.zone)} ${messageLine(m)}`));
      if (m.status !== "acknowledged" && m.status !== "done") li.append(button(`msg-seen-${m.id}`, t.msgMarkSeen, () => api.markMessage({ message_id: m.id, mark: "acknowledged" })));
      if (m.status !== "done") li.append(button(`msg-done-${m.id}`, t.msgMarkDone, () => api.markMessage({ message_id: m.id, mark: "done" })));
      msgs.append(li);
    }
    if (today.length === 0) msgs.append(h("li", { class: "empty" }, t.msgNone));
    body.append(msgs);
    if (number) {
      body.append(h("h3", {}, w.with("msgCallsHead", { number })));
      const log = h("ol", { id: "calls-of" });
      for (const c of calls) log.append(h("li", {}, `${w.moment(c.started_at, c.zone)}${c.asked_for ? ` → ${c.asked_for}` : ""} · ${w.callOutcome(c)}`));
      body.append(log);
    }
    const again = focused ? document.getElementById(focused) : null;
    (again ?? body.querySelector<HTMLElement>("button") ?? byId("messages-dialog")).focus();
  } catch (e) {
    showError(e);
  }
}

/** A panel button: its action, then the panel drawn again. */
function button(id: string, label: string, action: () => Promise<unknown>): HTMLElement {
  const b = h("button", { type: "button", id }, label);
  b.addEventListener("click", () => void act(action));
  b.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") closeOverlay();
    ev.stopPropagation();
  });
  return b;
}

async function act(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (e) {
    const err = asApiError(e);
    say(w.errorDetail(err), "warn");
  }
  await renderPanel();
}
