// Ctrl+O: who is at this desk. The operator signs in at the start of a
// shift (a name and the languages they serve callers in) and out at its
// end; the desk's messages, calls and figures then carry that name. The
// dialog also lists who is signed in at every desk of the team; the
// footer's button shows who is signed in here. The rules are the core's.

import * as api from "./bindings";
import type { Language, OperatorShift as Shift, OperatorState } from "./bindings";
import { attempt, capital, field, keys, open } from "./dialogs";
import { byId, clear, h } from "./dom";
import { ENDONYM, LANGS } from "./i18n";
import { state, t, w } from "./state";
import { say, showError } from "./view";



/** "Anna Virtanen (fi, sv)". */
function who(s: Shift): string {
  return s.languages.length > 0 ? `${s.operator} (${s.languages.join(", ")})` : s.operator;
}

/** The footer's button: who is signed in here, or "Sign in". */
export async function renderOperator(): Promise<void> {
  try {
    showOperator(await api.operatorState({}));
  } catch (e) {
    showError(e);
  }
}

function showOperator(s: OperatorState): void {
  const button = byId("operator");
  button.textContent = s.me ? w.with("opSignedInAs", { who: who(s.me) }) : t.opSignIn;
  button.dataset["signedIn"] = s.me ? "true" : "false";
  void renderLanguageHelp();
}

export async function operatorDialog(): Promise<void> {
  let now: OperatorState;
  try {
    now = await api.operatorState({});
  } catch (e) {
    showError(e);
    return;
  }
  const [nameLabel, name] = field("op-name", capital(t.opName), now.me?.operator ?? "");
  const spoken = new Set<Language>(now.me?.languages ?? [state.lang]);
  const boxes = LANGS.map((code) => {
    const box = h("input", { type: "checkbox", id: `op-lang-${code}`, value: code });
    box.checked = spoken.has(code);
    return box;
  });
  const langs = h(
    "fieldset",
    { class: "op-languages" },
    h("legend", {}, t.opLanguages),
    ...LANGS.map((code, i) => h("label", { for: `op-lang-${code}` }, boxes[i] ?? null, ` ${ENDONYM[code]}`)),
  );
  const note = h("p", { class: "dialog-note", id: "op-note" }, w.with("opThisDesk", { desk: now.desk }));
  const signIn = h("button", { type: "button", id: "op-sign-in" }, t.opSignIn);
  const signOut = now.me ? h("button", { type: "button", id: "op-sign-out" }, t.opSignOut) : null;
  const everyone = h("ul", { id: "op-everyone" });
  for (const s of now.everyone) everyone.append(h("li", {}, `${s.desk}: ${who(s)}${s.desk === now.desk ? ` · ${t.cliThisDesk}` : ""}`));
  if (now.everyone.length === 0) everyone.append(h("li", {}, t.cliNobodySignedInAnywhere));
  open(
    "operator-dialog",
    t.opTitle,
    h("div", { class: "form-grid" }, nameLabel, name),
    langs,
    note,
    h("div", { class: "dialog-buttons" }, signIn, signOut),
    h("h3", {}, t.opEveryone),
    everyone,
  );
  const save = (): void =>
    void attempt(
      note,
      async () => {
        const after = await api.signIn({ name: name.value, languages: boxes.filter((b) => b.checked).map((b) => b.value as Language) });
        showOperator(after);
        if (after.me) say(w.with("opSignedIn", { who: who(after.me) }));
      },
      () => {},
      { given_name: name },
    );
  keys([name, ...boxes], save);
  signIn.addEventListener("click", save);
  signOut?.addEventListener("click", () =>
    void attempt(
      note,
      async () => {
        const after = await api.signOut({});
        showOperator(after);
        say(t.opSignedOut);
      },
      () => {},
    ),
  );
  name.focus();
}

/**
 * Under the company bar: the company's language when the operator signed
 * in here did not list it, and who signed in at another desk speaks it (to
 * hand the call to). Nothing when they speak it or gave no languages.
 */
export async function renderLanguageHelp(): Promise<void> {
  const line = document.getElementById("language-help");
  const c = state.company;
  if (!line || !c) return;
  try {
    const help = await api.languageHelp({ company_id: c.id });
    if (state.company?.id !== c.id) return;
    clear(line);
    line.hidden = help === null;
    if (!help) return;
    const language = ENDONYM[help.language];
    line.textContent =
      help.speakers.length > 0
        ? w.with("langHelpOthers", { language, who: help.speakers.map((s) => `${s.operator} (${s.desk})`).join(", ") })
        : w.with("langHelpNobody", { language });
  } catch (e) {
    showError(e);
  }
}
