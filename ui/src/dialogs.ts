// The dialogs of the desk: mark away, edit or add a person, mark as left,
// who covers, a note, the company picker and the key list. Each one is a
// form over a core command; what the form means is decided in the core,
// which also answers with the error to show. Keyboard only: Enter saves,
// Esc cancels, Tab moves between fields.

import * as api from "./bindings";
import type { AbsenceKind, CompanyView, Field, Language, PersonCard, SearchRow } from "./bindings";

/** A directory id (people, companies). */
type Id = number;
import { hasLine } from "./calls";
import { byId, clear, h } from "./dom";
import { asApiError } from "./ipc";
import { ENDONYM, LANGS } from "./i18n";
import { state, t, w } from "./state";
import { announce, say, showError } from "./view";

type Done = () => Promise<void> | void;

/**
 * While a dialog is open the screen behind it is inert: not reachable by
 * Tab or pointer, and out of what a screen reader reads. The status line
 * and the team's alert stay live, so what happens meanwhile is still said.
 */
function behindDialog(inert: boolean): void {
  for (const el of document.querySelectorAll<HTMLElement>("body > header, #calls, main, #keys, #line-settings, #figures-open, #operator, #lang")) el.inert = inert;
}

export function closeOverlay(): void {
  const overlay = byId("overlay");
  behindDialog(false);
  overlay.hidden = true;
  clear(overlay);
  byId<HTMLInputElement>("search").focus();
}

export function open(id: string, title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  const overlay = byId("overlay");
  clear(overlay);
  const box = h("div", { class: "dialog", id, role: "dialog", "aria-modal": "true", "aria-label": title, tabindex: "-1" }, h("h2", {}, title), ...content);
  // Tab and Shift+Tab cycle inside the dialog; focus never leaves it. On
  // the capture phase, because the fields stop their keys from bubbling.
  box.addEventListener(
    "keydown",
    (ev) => {
      if (ev.key !== "Tab") return;
      ev.preventDefault();
      const fields = [...box.querySelectorAll<HTMLElement>("input, select, textarea, button, [tabindex=\"0\"]")].filter((f) => !f.hasAttribute("disabled"));
      if (fields.length === 0) {
        box.focus();
        return;
      }
      const i = fields.indexOf(document.activeElement as HTMLElement);
      const next = ev.shiftKey ? (i <= 0 ? fields.length - 1 : i - 1) : i === fields.length - 1 ? 0 : i + 1;
      fields[next]?.focus();
    },
    true,
  );
  // A modal dialog hides the rest of the page from a screen reader (the
  // footer's live regions too): what is said meanwhile is said in it.
  box.append(h("div", { class: "sr-only", "data-live": "polite", "aria-live": "polite" }), h("div", { class: "sr-only", "data-live": "assertive", "aria-live": "assertive" }));
  // A dialog with nothing to Tab to (the keys help) is a Tab stop itself,
  // so when it is taller than the window (at 200 %) the keys reach and
  // scroll it; one with fields stays out of its own Tab cycle.
  if (!box.querySelector("input, select, textarea, button, a[href]")) box.tabIndex = 0;
  overlay.append(box);
  overlay.hidden = false;
  behindDialog(true);
  box.focus();
  return box;
}

/** Enter saves and Esc cancels in every field; keys never reach the main screen. */
export function keys(fields: HTMLElement[], save: () => void): void {
  for (const el of fields) {
    el.addEventListener("keydown", (ev) => {
      const key = (ev as KeyboardEvent).key;
      if (key === "Enter" && !(el instanceof HTMLTextAreaElement && !(ev as KeyboardEvent).ctrlKey)) {
        ev.preventDefault();
        save();
      } else if (key === "Escape") {
        closeOverlay();
      }
      ev.stopPropagation();
    });
  }
}

/**
 * Runs a save; on error the dialog stays open with what was typed, shows
 * the core's sentence (a date the core could not read: the accepted forms,
 * in the operator's language) and marks the field it is about. Editing that
 * field takes the mark and the message away.
 */
/** The boxes of a form by the core's name for their field, so a refusal can mark its box. */
export type Marks = Partial<Record<Field, HTMLElement>>;

export async function attempt(note: HTMLElement, action: () => Promise<unknown>, done: Done, fields: Marks = {}): Promise<void> {
  const help = note.dataset["help"] ?? note.textContent ?? "";
  note.dataset["help"] = help;
  try {
    await action();
    closeOverlay();
    await done();
  } catch (e) {
    const err = asApiError(e);
    const field = err.field ? fields[err.field] : undefined;
    // A time that cannot be read says what was typed and the forms that work.
    note.textContent = w.errorDetail(err);
    note.className = "dialog-note error";
    note.dataset["kind"] = err.kind;
    // Said at once, and tied to the field it is about, which gets the focus.
    announce(note.textContent, true);
    if (field) {
      if (!note.id) note.id = `${field.id || "form"}-refusal`;
      const described = (field.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x !== "");
      if (!described.includes(note.id)) field.setAttribute("aria-describedby", [...described, note.id].join(" "));
      field.classList.add("invalid");
      field.setAttribute("aria-invalid", "true");
      field.focus();
      field.addEventListener(
        "input",
        () => {
          field.classList.remove("invalid");
          field.removeAttribute("aria-invalid");
          note.textContent = help;
          note.className = "dialog-note";
        },
        { once: true },
      );
    }
  }
}

export function field(id: string, label: string, value = ""): [HTMLElement, HTMLInputElement] {
  const input = h("input", { id, type: "text", value, autocomplete: "off", spellcheck: "false" });
  return [h("label", { for: id }, label), input];
}

function fullName(card: PersonCard): string {
  return [card.person.given_name, card.person.family_name].filter((x) => x).join(" ");
}

/** The day after the company's today, "2026-11-24": the usual "back on". */
function dayInCompany(offset: number): string {
  const today = state.company?.local_date ?? "";
  const d = new Date(`${today}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return "";
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** Ctrl+M: mark the selected person away from now; the chain updates at once. */
export function markAway(card: PersonCard, done: Done): void {
  const kind = h("select", { id: "away-kind" });
  for (const k of api.ABSENCE_KINDS_BY_HAND) {
    kind.append(h("option", { value: k }, w.reason(k)));
  }
  const [untilLabel, until] = field("away-until", t.backOn, dayInCompany(1));
  const reason = h("input", { id: "away-reason", type: "text", placeholder: t.reasonOptional, autocomplete: "off" });
  const note = h("p", { class: "dialog-note" }, t.untilHelp);
  const save = () =>
    void attempt(note, () => api.addAbsence({ person_id: card.person.id, kind: kind.value as AbsenceKind, until: until.value, reason: reason.value }), done, { until });
  keys([kind, until, reason], save);
  open("away-dialog", `${t.markAway}: ${fullName(card)}`, kind, untilLabel, until, reason, note);
  // The usual case is "sick, back tomorrow": the date is ready, Enter saves.
  until.focus();
  until.select();
}

/** The person form's three phone boxes; the core names them all "phone_number". */
type PhoneBox = "extension" | "direct" | "mobile";

/** Which box a refusal of the person form marks: a phone number's is the first filled phone box. */
function personMarks(inputs: Map<Field | PhoneBox, HTMLInputElement>, notes: HTMLElement): Marks {
  const marks: Marks = { notes };
  for (const [name, input] of inputs) {
    if (name === "extension" || name === "direct" || name === "mobile") {
      if (!marks.phone_number && input.value.trim()) marks.phone_number = input;
    } else {
      marks[name] = input;
    }
  }
  return marks;
}

/** F2 edits the selected person; Ctrl+N (card null) adds one to the company. */
export function editPerson(card: PersonCard | null, done: (id: Id) => Promise<void>): void {
  const company = state.company;
  if (!company) return;
  const p = card?.person;
  const phone = (kind: string) => p?.phones.find((x) => x.kind === kind)?.number ?? "";
  const fields: [Field | PhoneBox, string, string][] = [
    ["given_name", t.givenName, p?.given_name ?? ""],
    ["family_name", t.familyName, p?.family_name ?? ""],
    ["title", t.titleField, p?.title ?? ""],
    ["department", t.department, p?.department ?? ""],
    ["extension", t.extension, phone("extension")],
    ["direct", t.direct, phone("direct")],
    ["mobile", t.mobile, phone("mobile")],
    ["emails", t.emails, p?.emails.join(", ") ?? ""],
    ["topics", t.topicsField, p?.topics.join(", ") ?? ""],
    ["aliases", t.aliases, p?.aliases.join(", ") ?? ""],
  ];
  const inputs = new Map<Field | PhoneBox, HTMLInputElement>();
  const grid = h("div", { class: "form-grid" });
  for (const [name, label, value] of fields) {
    const [l, input] = field(`person-${name}`, label, value);
    inputs.set(name, input);
    grid.append(l, input);
  }
  const notes = h("textarea", { id: "person-notes", rows: "3" });
  notes.value = p?.notes ?? "";
  const outsider = h("input", { id: "person-outsider", type: "checkbox" });
  const outsiderRow = card ? null : h("label", { class: "check" }, outsider, t.outsiderBox);
  const note = h("p", { class: "dialog-note" }, t.saveHelp);
  const value = (name: Field | PhoneBox) => inputs.get(name)?.value ?? "";
  const save = () =>
    void attempt(
      note,
      async () => {
        const id = await api.savePerson({
          id: p?.id ?? null,
          // A colleague's save since this card was read is refused, not overwritten.
          seen_version: card?.version ?? null,
          company_id: company.id,
          outsider: outsider.checked,
          given_name: value("given_name"),
          family_name: value("family_name"),
          title: value("title"),
          department: value("department"),
          aliases: value("aliases"),
          topics: value("topics"),
          emails: value("emails"),
          extension: value("extension"),
          direct: value("direct"),
          mobile: value("mobile"),
          notes: notes.value,
        });
        saved = id;
      },
      () => done(saved),
      personMarks(inputs, notes),
    );
  let saved: Id = p?.id ?? 0;
  keys([...inputs.values(), notes, outsider], save);
  const title = card ? `${t.editPerson}: ${fullName(card)}` : `${t.newPerson} · ${company.name}`;
  open("person-dialog", title, grid, h("label", { for: "person-notes" }, t.notesField), notes, outsiderRow, note);
  inputs.get("given_name")?.focus();
}

/**
 * A name box with the company's people under it: typing searches (the same
 * search as the main box), ↑/↓ choose, and `onPick` gets the chosen row on
 * Enter. Enter on an empty box calls `onEmptyEnter`.
 */
function personPicker(id: string, placeholder: string, onPick: (row: SearchRow) => void, onEmptyEnter: () => void): [HTMLInputElement, HTMLElement] {
  const box = h("input", { id, type: "text", placeholder, autocomplete: "off", spellcheck: "false" });
  const list = h("ol", { class: "picker", id: `${id}-hits` });
  let rows: SearchRow[] = [];
  let chosen = 0;
  let seq = 0;
  const render = () => {
    clear(list);
    rows.forEach((r, i) => list.append(h("li", { class: i === chosen ? "selected" : "" }, r.person.name, r.person.title ? ` · ${r.person.title}` : "")));
  };
  box.addEventListener("input", async () => {
    const mine = ++seq;
    const query = box.value;
    // Who may cover is the core's rule: current colleagues only.
    const found = query.trim() && state.company ? await api.colleagues({ query, company_id: state.company.id, limit: 5 }) : [];
    if (mine !== seq) return;
    rows = found;
    chosen = 0;
    render();
  });
  box.addEventListener("keydown", (ev) => {
    ev.stopPropagation();
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      chosen = Math.max(0, Math.min(rows.length - 1, chosen + (ev.key === "ArrowDown" ? 1 : -1)));
      render();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      const row = rows[chosen];
      if (box.value.trim() === "") onEmptyEnter();
      else if (row) {
        onPick(row);
        box.value = "";
        rows = [];
        render();
      }
    } else if (ev.key === "Escape") {
      closeOverlay();
    }
  });
  return [box, list];
}

/** Ctrl+L: the person has left; their calls go to a colleague or follow an instruction. */
export function markLeft(card: PersonCard, done: Done): void {
  // A staff source that no longer lists them says since when, and why.
  const gone = card.gone_from[0];
  const [onLabel, on] = field("left-on", t.lastDay, gone ? gone.day : dayInCompany(0));
  const [reasonLabel, reason] = field("left-reason", t.reason, gone ? w.with("changeGoneFrom", { source: gone.feed }) : "");
  const [textLabel, text] = field("left-text", t.callsToText);
  const note = h("p", { class: "dialog-note" }, t.saveHelp);
  let to: SearchRow | null = null;
  const chosen = h("p", { class: "chosen", id: "left-chosen" });
  const save = () =>
    void attempt(
      note,
      () => api.markLeft({ person_id: card.person.id, seen_version: card.version, on: on.value, reason: reason.value, calls_to_person: to?.person.id ?? null, calls_to_text: text.value }),
      done,
      { on, left_reason: reason, calls_to_text: text },
    );
  const [picker, hits] = personPicker(
    "left-to",
    t.callsToPerson,
    (row) => {
      to = row;
      chosen.textContent = `→ ${row.person.name}`;
    },
    save,
  );
  keys([on, reason, text], save);
  open("left-dialog", `${t.markLeft}: ${fullName(card)}`, onLabel, on, reasonLabel, reason, picker, hits, chosen, textLabel, text, note);
  on.focus();
  on.select();
}

/** Ctrl+D: who covers for the person, in order. */
export function editDelegates(card: PersonCard, done: Done): void {
  const chosen: { id: Id; name: string }[] = card.delegates.map((d) => ({ id: d.id, name: d.name }));
  const list = h("ol", { class: "delegates", id: "delegates-list" });
  const render = () => {
    clear(list);
    for (const d of chosen) list.append(h("li", {}, d.name));
  };
  const note = h("p", { class: "dialog-note" }, t.delegatesHelp);
  const save = () => void attempt(note, () => api.setDelegates({ person_id: card.person.id, seen_version: card.version, delegate_ids: chosen.map((d) => d.id) }), done);
  const [picker, hits] = personPicker(
    "delegate-add",
    t.callsToPerson,
    (row) => {
      if (!chosen.some((d) => d.id === row.person.id)) chosen.push({ id: row.person.id, name: row.person.name });
      render();
    },
    save,
  );
  picker.addEventListener("keydown", (ev) => {
    if (ev.key === "Delete" && picker.value === "") {
      chosen.pop();
      render();
    }
  });
  open("delegates-dialog", `${t.delegatesTitle}: ${fullName(card)}`, list, picker, hits, note);
  render();
  picker.focus();
}

/** Ctrl+J: a dated note on the person ("prefers e-mail", "on parental leave until May"). */
export function addNote(card: PersonCard, done: Done): void {
  const [label, text] = field("note-text", t.addNote);
  const note = h("p", { class: "dialog-note" }, t.untilHelp);
  const save = () => void attempt(note, () => api.addNote({ person_id: card.person.id, text: text.value }), done, { note: text });
  keys([text], save);
  open("note-dialog", `${t.addNote}: ${fullName(card)}`, label, text, note);
  text.focus();
}

/**
 * The first run: the directory is empty. Try the demo (kept in a directory
 * of its own, so fictional companies never enter the real one), or start
 * with the first company's staff file. Either way the window starts again
 * on what the core now holds.
 */
export function firstRun(demoDir: string | null, done: Done): void {
  const demo = h("button", { id: "try-demo", type: "button", class: "primary" }, t.tryDemo);
  const demoNote = h("p", { class: "dialog-note" }, w.with("tryDemoHelp", { dir: demoDir ?? "" }));
  const demoError = h("p", { class: "dialog-note" });
  demo.addEventListener("click", () => void attempt(demoError, () => api.tryDemo({}), done));
  demo.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") ev.preventDefault();
    ev.stopPropagation();
  });
  const [nameLabel, name] = field("start-company_name", t.companyNameField);
  const language = h("select", { id: "start-language" });
  for (const l of LANGS) {
    const option = h("option", { value: l }, ENDONYM[l]);
    option.selected = l === state.lang;
    language.append(option);
  }
  const [zoneLabel, zone] = field("start-timezone", t.timezoneField, "Europe/Helsinki");
  const [fileLabel, file] = field("start-file", t.staffFileField);
  // A webview's file dialog gives a file's content, not its path: the
  // chosen file's bytes go to the core with its name. The native input
  // stays hidden (its button speaks the system's language); ours speaks the operator's.
  const picker = h("input", { id: "start-file-picker", type: "file", accept: ".csv,.tsv,.txt,.vcf,.xlsx", hidden: "" });
  const choose = h("button", { id: "start-choose", type: "button" }, t.chooseFile);
  let chosen: { name: string; bytes: number[] } | null = null;
  choose.addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const f = picker.files?.[0];
    if (!f) return;
    void f.arrayBuffer().then((buf) => {
      chosen = { name: f.name, bytes: Array.from(new Uint8Array(buf)) };
      file.value = f.name;
      file.focus();
    });
  });
  const note = h("p", { class: "dialog-note" }, t.startWithFileHelp);
  const start = h("button", { id: "start-import", type: "button" }, t.importStart);
  const save = () =>
    void attempt(
      note,
      () =>
        api.startWithFile({
          company_name: name.value,
          language: language.value as Language,
          timezone: zone.value,
          file: file.value,
          // The chosen file's bytes, unless its name was typed over since.
          content: chosen && chosen.name === file.value ? chosen.bytes : null,
        }),
      done,
      { company_name: name, timezone: zone, file },
    );
  // No Esc here: there is nothing behind this screen to go back to.
  enterOrClick([name, language, zone, file], start, save);
  // Or join the team's database: the window starts again on it.
  const [joinLabel, address] = field("join-address", t.joinTeamField);
  address.setAttribute("placeholder", "postgres://");
  const joinNote = h("p", { class: "dialog-note" }, t.joinTeamHelp);
  const join = h("button", { id: "join-team", type: "button" }, t.joinTeamButton);
  const joinTeam = () => void attempt(joinNote, () => api.joinTeam({ address: address.value }), done, { address });
  enterOrClick([address], join, joinTeam);
  open(
    "first-run",
    t.firstRunTitle,
    h("p", {}, t.firstRunIntro),
    demo,
    demoNote,
    demoError,
    h("h3", {}, t.startWithFile),
    nameLabel,
    name,
    h("label", { for: "start-language" }, t.languageField),
    language,
    zoneLabel,
    zone,
    fileLabel,
    h("div", { class: "file-row" }, file, choose, picker),
    note,
    start,
    h("h3", {}, t.joinTeam),
    joinLabel,
    address,
    joinNote,
    join,
  );
  demo.focus();
}

/** Enter in any of `fields` or on `button`, or a click on it, does `action`; no other key leaves the screen. */
function enterOrClick(fields: HTMLElement[], button: HTMLElement, action: () => void): void {
  for (const el of [...fields, button]) {
    el.addEventListener("keydown", (ev) => {
      if ((ev as KeyboardEvent).key === "Enter") {
        ev.preventDefault();
        action();
      }
      ev.stopPropagation();
    });
  }
  button.addEventListener("click", action);
}

/** Ctrl+K: switch company by typing its name. */
export function companyPicker(pick: (id: Id) => void): void {
  // A combobox over a listbox: ↑/↓ move the active company, which a
  // screen reader announces; Enter takes it.
  const box = h("input", {
    id: "company-filter",
    type: "text",
    placeholder: t.pickCompany,
    "aria-label": t.pickCompany,
    autocomplete: "off",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-controls": "company-list",
    "aria-expanded": "true",
  });
  const list = h("ol", { class: "picker", id: "company-list", role: "listbox", "aria-label": t.pickCompany });
  // The core matches (folded as the search folds: "wikstrom" finds "Wikström").
  let found: CompanyView[] = state.companies;
  let seq = 0;
  /** The company ↑/↓ moved to; 0 is the best match. */
  let active = 0;
  const render = () => {
    clear(list);
    found.forEach((c, i) =>
      list.append(h("li", { class: i === active ? "selected" : "", role: "option", id: `company-option-${i}`, "aria-selected": String(i === active) }, c.name)),
    );
    if (found.length > 0) box.setAttribute("aria-activedescendant", `company-option-${active}`);
    else box.removeAttribute("aria-activedescendant");
    list.querySelector(".selected")?.scrollIntoView({ block: "nearest" });
  };
  const refresh = async () => {
    const mine = ++seq;
    const ids = await api.findCompanies({ query: box.value });
    if (mine !== seq) return;
    found = ids.map((id) => state.companies.find((c) => c.id === id)).filter((c): c is CompanyView => c !== undefined);
    active = 0;
    render();
  };
  box.addEventListener("input", () => {
    // At once, not when the answer comes: Enter meanwhile means what is typed.
    active = 0;
    void refresh().catch(showError);
  });
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      active = Math.max(0, Math.min(found.length - 1, active + (ev.key === "ArrowDown" ? 1 : -1)));
      render();
    } else if (ev.key === "Enter" && active > 0 && found[active]) {
      // A company chosen by arrows from the list as it stands.
      const chosen = found[active].id;
      closeOverlay();
      pick(chosen);
    } else if (ev.key === "Enter") {
      // Enter right after typing: the answer for what is in the box now.
      const query = box.value;
      closeOverlay();
      void api
        .findCompanies({ query })
        .then((ids) => {
          const first = ids[0];
          if (first !== undefined) pick(first);
        })
        .catch(showError);
    } else if (ev.key === "Escape") {
      closeOverlay();
    }
    ev.stopPropagation();
  });
  open("company-dialog", t.pickCompany, box, list, h("p", { class: "dialog-note" }, t.pickHelp));
  render();
  box.focus();
}

/** F1: every key, the forms' keys included. */
export function help(): void {
  const enter = hasLine() ? t.enterPutsThrough : t.enterCopies;
  const lines = [...w.with("keysHelp", { enter }).split(" · "), ...(hasLine() ? [t.callsKeys] : []), t.formKeys, t.suggestionKeys];
  open("help", t.keysTitle, h("ul", {}, ...lines.map((l) => h("li", {}, l))), h("p", { class: "dialog-note" }, t.closeHelp));
}

/**
 * Ctrl+, : the desk's own phone line (its SIP account at the PBX). Enter
 * saves and registers; the line's state then shows above the calls. The
 * password is never shown: an empty box keeps the one stored. `done` gets
 * the calls panel as it is after the change.
 */
export async function lineSettings(done: (panel: api.LinePanel) => Promise<void> | void): Promise<void> {
  let now: api.LineSettings;
  try {
    now = await api.lineSettings({});
  } catch (e) {
    showError(e);
    return;
  }
  const grid = h("div", { class: "form-grid" });
  const [accountLabel, account] = field("line-account", capital(t.fieldLineAccount), now.account ?? "");
  account.placeholder = "sip:200@pbx.example.fi";
  const [userLabel, user] = field("line-user", capital(t.fieldLineUser), now.auth_user ?? "");
  const [passwordLabel, password] = field("line-password", capital(t.fieldLinePassword));
  password.type = "password";
  const transport = h("select", { id: "line-transport" });
  for (const code of ["udp", "tcp", "tls"]) transport.append(h("option", { value: code }, code.toUpperCase()));
  transport.value = now.transport;
  const [caLabel, ca] = field("line-ca-file", capital(t.fieldLineCaFile), now.ca_file ?? "");
  grid.append(accountLabel, account, userLabel, user, passwordLabel, password, h("label", { for: "line-transport" }, capital(t.fieldLineTransport)), transport, caLabel, ca);
  // The headset: the engine's own names for this machine's cards, found
  // when the dialog opens (the engine is started briefly to list them).
  const devices: [string, HTMLSelectElement, string | null, "playback" | "capture"][] = [
    ["line-ringer", h("select", { id: "line-ringer" }), now.ringer, "playback"],
    ["line-playback", h("select", { id: "line-playback" }), now.playback, "playback"],
    ["line-capture", h("select", { id: "line-capture" }), now.capture, "capture"],
  ];
  const deviceWords: Record<string, string> = { "line-ringer": t.lineDeviceRinger, "line-playback": t.lineDevicePlaybackLabel, "line-capture": t.lineDeviceCaptureLabel };
  for (const [id, select, chosen] of devices) {
    select.append(h("option", { value: "" }, t.lineDeviceAny));
    if (chosen) select.append(h("option", { value: chosen }, chosen));
    select.value = chosen ?? "";
    grid.append(h("label", { for: id }, deviceWords[id] ?? id), select);
  }
  void api
    .lineDevices({})
    .then((cards) => {
      for (const [, select, chosen, can] of devices) {
        for (const card of cards.filter((c) => c[can] && c.id !== chosen)) select.append(h("option", { value: card.id }, card.id));
      }
    })
    .catch(() => {
      // Without the list the engine's own choice still works.
    });
  const note = h("p", { class: "dialog-note", id: "line-note" }, now.password_set ? `${t.lineSettingsHelp} ${t.lineSettingsPasswordKept}` : t.lineSettingsHelp);
  const selects = devices.map(([, select]) => select);
  for (const box of [account, user, password, transport, ca, ...selects]) box.setAttribute("aria-describedby", "line-note");
  const marks: Marks = { line_account: account, line_user: user, line_password: password, line_transport: transport, line_ca_file: ca };
  const save = () =>
    void attempt(
      note,
      async () => {
        const [ringer, playback, capture] = selects.map((x) => x.value);
        const panel = await api.lineSet({
          account: account.value,
          auth_user: user.value,
          password: password.value === "" ? null : password.value,
          transport: transport.value,
          ca_file: ca.value,
          ringer: ringer ?? "",
          playback: playback ?? "",
          capture: capture ?? "",
        });
        say(w.with("lineSettingsSaved", { account: account.value.trim(), transport: transport.value.toUpperCase() }), "ok");
        await done(panel);
      },
      () => {},
      marks,
    );
  keys([account, user, password, transport, ca, ...selects], save);
  const remove = now.account === null ? null : h("button", { type: "button", id: "line-remove" }, t.lineSettingsRemove);
  remove?.addEventListener("click", () =>
    void attempt(
      note,
      async () => {
        const panel = await api.lineRemove({});
        say(t.lineSettingsRemoved, "ok");
        await done(panel);
      },
      () => {},
    ),
  );
  remove?.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") closeOverlay();
    ev.stopPropagation();
  });
  open("line-dialog", t.lineSettingsTitle, grid, note, remove);
  account.focus();
}

/** A field's catalog word as a label: "SIP account", "Salasana". */
export function capital(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1);
}
