// UI text in Finnish, Swedish and English, chosen from the OS locale and
// switchable. Only the app's own words live here; directory data is shown
// as stored.

export type Lang = "fi" | "sv" | "en";

import type { AbsenceKind, State } from "./bindings";

const en = {
  states: { in: "in", away: "away", busy: "busy", tentative: "maybe away", outside_hours: "outside hours", left: "left", outsider: "not an employee" } as Record<State, string>,
  reasons: { holiday: "holiday", sick: "sick", out_of_office: "out of office", training: "training", meeting: "meeting", tentative: "tentative", other: "other" } as Record<AbsenceKind, string>,
  back: "back",
  opens: "opens",
  transferTo: "Transfer to",
  enterCopies: "Enter copies",
  chain: "Who covers",
  awayNow: "Away now",
  feeds: "Calendars",
  incoming: "Call to",
  caller: "from",
  withheld: "number withheld",
  lastSync: "last good sync",
  neverSynced: "never synced",
  unmatched: "names nobody we know",
  search: "Search name, role, topic or number",
  allCompanies: "All companies",
  thisCompany: "This company",
  open: "open",
  closed: "closed",
  noResults: "Nobody found",
  former: "left the company",
  outsider: "not an employee",
  callsTo: "Calls go to",
  coveredBy: "Covered by",
  roles: "Roles",
  topics: "Topics",
  away: "Away",
  notes: "Notes",
  changes: "Changes in the last 30 days",
  pickCompany: "Switch company: type a name",
  keysHelp: "↑/↓ move · Enter copy number · Esc clear · / all companies · Ctrl+K company · Ctrl+M mark away · F1 keys",
  markAway: "Mark away",
  backOn: "Back (a date, or date and time)",
  untilHelp: "Enter saves · Esc cancels",
  reasonOptional: "Reason (optional)",
  keysTitle: "Keyboard",
  languages: "Speaks",
  left: "Left",
  copied: "Copied",
  error: "Error",
};

type Strings = typeof en;

const fi: Strings = {
  states: { in: "paikalla", away: "poissa", busy: "varattu", tentative: "ehkä poissa", outside_hours: "aukioloajan ulkopuolella", left: "lopettanut", outsider: "ei työntekijä" },
  reasons: { holiday: "loma", sick: "sairas", out_of_office: "poissa toimistolta", training: "koulutus", meeting: "palaveri", tentative: "alustava", other: "muu" },
  back: "takaisin",
  opens: "aukeaa",
  transferTo: "Yhdistä",
  enterCopies: "Enter kopioi",
  chain: "Kuka hoitaa",
  awayNow: "Poissa nyt",
  feeds: "Kalenterit",
  incoming: "Puhelu numeroon",
  caller: "soittaja",
  withheld: "numero salainen",
  lastSync: "viimeksi luettu",
  neverSynced: "ei vielä luettu",
  unmatched: "ei tunnistettu",
  search: "Hae nimellä, roolilla, aiheella tai numerolla",
  allCompanies: "Kaikki yritykset",
  thisCompany: "Tämä yritys",
  open: "auki",
  closed: "suljettu",
  noResults: "Ei osumia",
  former: "lopettanut",
  outsider: "ei työntekijä",
  callsTo: "Puhelut ohjataan",
  coveredBy: "Sijainen",
  roles: "Roolit",
  topics: "Aiheet",
  away: "Poissa",
  notes: "Huomiot",
  changes: "Muutokset 30 päivän ajalta",
  pickCompany: "Vaihda yritys: kirjoita nimi",
  keysHelp: "↑/↓ siirry · Enter kopioi numero · Esc tyhjennä · / kaikki yritykset · Ctrl+K yritys · Ctrl+M merkitse poissa · F1 näppäimet",
  markAway: "Merkitse poissaolevaksi",
  backOn: "Takaisin (päivä tai päivä ja kello)",
  untilHelp: "Enter tallentaa · Esc peruu",
  reasonOptional: "Syy (vapaaehtoinen)",
  keysTitle: "Näppäimet",
  languages: "Kielet",
  left: "Lopetti",
  copied: "Kopioitu",
  error: "Virhe",
};

const sv: Strings = {
  states: { in: "på plats", away: "borta", busy: "upptagen", tentative: "kanske borta", outside_hours: "utanför öppettid", left: "har slutat", outsider: "inte anställd" },
  reasons: { holiday: "semester", sick: "sjuk", out_of_office: "inte på kontoret", training: "utbildning", meeting: "möte", tentative: "preliminärt", other: "annat" },
  back: "tillbaka",
  opens: "öppnar",
  transferTo: "Koppla till",
  enterCopies: "Enter kopierar",
  chain: "Vem ersätter",
  awayNow: "Borta nu",
  feeds: "Kalendrar",
  incoming: "Samtal till",
  caller: "från",
  withheld: "dolt nummer",
  lastSync: "senast läst",
  neverSynced: "aldrig läst",
  unmatched: "okänd person",
  search: "Sök namn, roll, ämne eller nummer",
  allCompanies: "Alla företag",
  thisCompany: "Detta företag",
  open: "öppet",
  closed: "stängt",
  noResults: "Ingen hittades",
  former: "har slutat",
  outsider: "inte anställd",
  callsTo: "Samtal går till",
  coveredBy: "Ersättare",
  roles: "Roller",
  topics: "Ämnen",
  away: "Borta",
  notes: "Anteckningar",
  changes: "Ändringar de senaste 30 dagarna",
  pickCompany: "Byt företag: skriv ett namn",
  keysHelp: "↑/↓ flytta · Enter kopiera nummer · Esc töm · / alla företag · Ctrl+K företag · Ctrl+M markera borta · F1 tangenter",
  markAway: "Markera som borta",
  backOn: "Tillbaka (datum, eller datum och tid)",
  untilHelp: "Enter sparar · Esc avbryter",
  reasonOptional: "Orsak (valfritt)",
  keysTitle: "Tangentbord",
  languages: "Språk",
  left: "Slutade",
  copied: "Kopierat",
  error: "Fel",
};

const all: Record<Lang, Strings> = { fi, sv, en };

export function detectLang(): Lang {
  const stored = localStorage.getItem("vaihde.lang");
  const wanted = stored ?? navigator.language.slice(0, 2).toLowerCase();
  return wanted === "fi" || wanted === "sv" ? wanted : "en";
}

export function strings(lang: Lang): Strings {
  return all[lang];
}
