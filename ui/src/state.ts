// What the screen holds between keystrokes, and the UI language. Shared by
// the main screen and the dialogs; the facts themselves come from the core.

import type { Answered, CompanyView, PersonCard, Route, SearchRow, SyncStatus } from "./bindings";
import { detectLang, type Lang, storeLang, strings, type Strings, type Words, words } from "./i18n";

export const state = {
  companies: [] as CompanyView[],
  company: null as CompanyView | null,
  all: false,
  rows: [] as SearchRow[],
  selected: 0,
  card: null as PersonCard | null,
  route: null as Route | null,
  /** The row the card and route belong to; null when the card is empty. */
  cardRow: null as SearchRow | null,
  searchSeq: 0,
  call: null as Answered | null,
  sync: null as SyncStatus | null,
  lang: detectLang() as Lang,
};

/** The UI's words in the current language: plain ones as `t.x`, the rest through `w`. */
export let t: Strings = strings(state.lang);
export let w: Words = words(state.lang);
document.documentElement.lang = state.lang;

export function setLang(lang: Lang): void {
  state.lang = lang;
  t = strings(lang);
  w = words(lang);
  storeLang(lang);
  document.documentElement.lang = lang;
}
