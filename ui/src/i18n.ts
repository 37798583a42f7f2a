// The window's words: the same Fluent catalogs as the CLI
// (locales/fi.ftl, sv.ftl, en.ftl, read with @fluent/bundle), so a sentence
// exists once. The core sends values (states, kinds, instants with their
// zone); this module words them, exactly as the core's words (crates/vocab/src/words/describe.rs and src/words/mod.rs) do for
// the CLI. Message ids and their variables are typed (messages.ts is
// generated from the catalogs), so a mistyped id fails to compile.

import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import enText from "../../locales/en.ftl?raw";
import fiText from "../../locales/fi.ftl?raw";
import svText from "../../locales/sv.ftl?raw";
import type { AbsenceKind, ApiError, Call, CallsTo, Learned, OnCall, Status, Change, ChangeValue, ErrorKind, FeedNote, Phrase, PhoneKind, Presence, Problem, RouteNote, Skip, State, TransferWhy, Unreadable, Via } from "./bindings";
import type { MessageArgs, MessageId, PlainId } from "./messages";

export type Lang = "fi" | "sv" | "en";
export const LANGS: Lang[] = ["fi", "sv", "en"];
/** Each language by its own name, as its speakers know it in any window. */
export const ENDONYM: Record<Lang, string> = { fi: "suomi", sv: "svenska", en: "English" };

const SOURCES: Record<Lang, string> = { fi: fiText, sv: svText, en: enText };
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "outside_hours" → "OutsideHours", for message ids built from a code. */
function camel(code: string): string {
  return code
    .split("_")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** One language's catalog, with the core's values in its words. */
export class Words {
  private bundle: FluentBundle;

  constructor(readonly lang: Lang) {
    // Plain text out: it goes into text nodes, where bidi marks are noise.
    this.bundle = new FluentBundle(lang, { useIsolating: false });
    this.bundle.addResource(new FluentResource(SOURCES[lang]));
  }

  /** A message with its variables; an unknown id comes back as itself. */
  with<K extends MessageId>(id: K, args: MessageArgs[K]): string {
    return this.format(id, args as Record<string, FluentVariable>);
  }

  text(id: PlainId): string {
    return this.format(id, {});
  }

  private format(id: string, args: Record<string, FluentVariable>): string {
    const msg = this.bundle.getMessage(id);
    if (!msg?.value) return id;
    return this.bundle.formatPattern(msg.value, args, []);
  }

  /** A moment in `zone`: "ti 8.12. klo 8.00", "tis 8.12. kl. 08.00", "Tue 8 Dec 08:00". */
  moment(iso: string, zone: string): string {
    return this.with("moment", momentArgs(iso, zone));
  }

  /** The time of day at `iso` in `zone`: "14.05", "14:05". */
  clock(iso: string, zone: string): string {
    const { hour, hour2, minute } = momentArgs(iso, zone);
    return this.with("clock", { hour, hour2, minute });
  }

  state(s: State): string {
    return this.format(`state${camel(s)}`, {});
  }

  /** A message's status: "sent", "not sent yet", … */
  messageStatus(s: Status): string {
    return this.format(`message${camel(s)}`, {});
  }

  /** A logged call's outcome: "put through to X on N", "message #12 (sent)", … */
  callOutcome(c: Call): string {
    switch (c.outcome) {
      case "transferred":
        return this.with("callTransferred", { name: c.outcome_name, number: c.outcome_number });
      case "message":
        return this.with("callMessage", { id: c.message_id ?? 0, status: c.message_status ? this.messageStatus(c.message_status) : "" });
      case "information":
        return this.text("callInformation");
      case "no_outcome":
        return this.text("callNoOutcome");
      default:
        return this.text("callOpen");
    }
  }

  reason(r: AbsenceKind): string {
    return this.format(`reason${camel(r)}`, {});
  }

  phone(k: PhoneKind): string {
    return this.format(`phone${camel(k)}`, {});
  }

  /** An error's kind: "Cannot be saved", "Not found", … */
  error(kind: ErrorKind): string {
    return this.format(`error${camel(kind)}`, {});
  }

  /** The chip's words: "away (holiday) · back Tue 8 Dec 08:00". */
  presence(p: Presence): string {
    const state = this.state(p.status);
    const withReason = p.reason && (p.status === "away" || p.status === "busy" || p.status === "tentative");
    const status = withReason && p.reason ? this.with("withReason", { state, reason: this.reason(p.reason) }) : state;
    if (!p.until) return status;
    const when = this.moment(p.until, p.zone);
    return p.status === "outside_hours" ? this.with("chipOpens", { status, when }) : this.with("chipBack", { status, when });
  }

  /** A rota's lines (as `Words::on_call`): who is on call now and next, and a warning. */
  onCall(o: OnCall): { text: string; warn: boolean }[] {
    const out: { text: string; warn: boolean }[] = [];
    if (o.now) {
      let text = this.with("onCallNow", { name: o.now.person.name, until: this.moment(o.now.ends_at, o.zone) });
      if (o.next) text += `; ${this.with("onCallNext", { name: o.next.person.name, from: this.moment(o.next.starts_at, o.zone) })}`;
      out.push({ text, warn: false });
    }
    if (o.warning?.kind === "nobody_now") out.push({ text: this.with("onCallNobodyNow", { rota: o.rota }), warn: true });
    if (o.warning?.kind === "ends_soon") out.push({ text: this.with("onCallEndsSoon", { rota: o.rota, when: this.moment(o.warning.ends_at, o.zone) }), warn: true });
    return out;
  }

  /** What a staff list taught (as `Words::learned`): "New CEO since Tue 1 Dec". */
  learned(l: Learned): string {
    const day = this.day(l.day);
    const x = l.lesson;
    switch (x.kind) {
      case "added":
        return x.title ? this.with("learnedAddedAs", { title: x.title, day }) : this.with("learnedAdded", { day });
      case "title":
        return x.old ? this.with("learnedTitle", { title: x.new, old: x.old, day }) : this.with("learnedTitleNew", { title: x.new, day });
      case "gone":
        return this.with("learnedGone", { source: l.feed, day });
    }
  }

  /** The short mark on a result row (as `Words::learned_badge`). */
  learnedBadge(l: Learned): string {
    const id = { added: "learnedBadgeAdded", title: "learnedBadgeTitle", gone: "learnedBadgeGone" } as const;
    return this.text(id[l.lesson.kind]);
  }

  via(v: Via): string {
    switch (v.kind) {
      case "asked_for":
        return this.text("viaAskedFor");
      case "delegate_of":
        return this.with("viaDelegateOf", { name: v.name });
      case "role":
        return this.with("viaRole", { name: v.name });
      case "topic":
        return this.with("viaTopic", { name: v.name });
      case "calls_of":
        return this.with("viaCallsOf", { name: v.name });
      case "on_call":
        return this.with("viaOnCall", { name: v.name });
    }
  }

  /** Where calls go (as `Words::calls_to`): a name, "rooli myynti", the caller's words. */
  callsTo(c: CallsTo): string {
    switch (c.kind) {
      case "person":
        return c.name;
      case "role":
        return this.with("callsToRole", { name: c.name });
      case "removed_person":
        return this.with("callsToRemovedPerson", { id: String(c.id) });
      case "removed_role":
        return this.with("callsToRemovedRole", { id: String(c.id) });
      case "text":
        return c.text;
    }
  }

  /** Why a step was passed over (as `Words::skip`): its status, no number, or on another call. */
  skip(s: Skip, status: Presence): string {
    switch (s) {
      case "not_taking_calls":
        return this.presence(status);
      case "no_number":
        return this.text("skipNoNumber");
      case "on_the_phone":
        return this.text("skipOnThePhone");
    }
  }

  transferWhy(why: TransferWhy, name: string): string {
    switch (why.kind) {
      case "takes_calls":
        return this.with("whyTakesCalls", { name });
      case "covering":
        return this.with("whyCovering", { name, via: this.via(why.via) });
      case "redirected":
        return this.text("whyRedirected");
      case "nobody":
        return this.text("whyNobody");
    }
  }

  routeNote(n: RouteNote): string {
    switch (n.kind) {
      case "left":
        return this.with("noteLeft", { date: this.date(n.on), callsTo: this.callsTo(n.calls_to) });
      case "not_employee":
        return this.with("noteNotEmployee", { callsTo: this.callsTo(n.calls_to) });
      case "notes":
        return n.text;
    }
  }

  /** A changed field's name ("title", "calls_to", "calendar match"); unknown ones as stored. */
  field(name: string): string {
    const id = `field${camel(name.replace(/ /g, "_"))}`;
    return this.bundle.hasMessage(id) ? this.format(id, {}) : name;
  }

  /** A change log value: data as it is, Vaihde's own values in words (as `Words::change_value`). */
  changeValue(v: ChangeValue): string {
    switch (v.kind) {
      case "text":
        return v.text;
      case "added":
        return this.text("changeAdded");
      case "added_outsider":
        return this.text("changeAddedOutsider");
      case "feed_added":
        return this.with("changeFeedAdded", { address: v.address });
      case "removed":
        return this.text("changeRemoved");
      case "removed_with_absences":
        return this.text("changeRemovedWithAbsences");
      case "phones":
        return v.phones.map((p) => `${this.phone(p.kind)} ${p.number}`).join(", ");
      case "left":
        return v.reason === null
          ? this.with("changeLeft", { date: this.date(v.on) })
          : this.with("changeLeftBecause", { date: this.date(v.on), reason: v.reason });
      case "record":
        return this.text(v.record === "staff" ? "changeStaff" : "outsider");
      case "absence": {
        const reason = v.detail ? `${this.reason(v.reason)} (${v.detail})` : this.reason(v.reason);
        return this.with("changeAbsence", { reason, from: this.moment(v.starts_at, v.zone), until: this.moment(v.ends_at, v.zone) });
      }
      case "calendar_decided":
        return this.with(v.confirmed ? "changeCalendarConfirmed" : "changeCalendarDismissed", { summary: v.summary, feed: v.feed });
      case "role":
        return this.with("changeRole", { name: v.name });
      case "flag":
        return this.text(v.on ? "changeYes" : "changeNo");
      case "gone_from":
        return this.with("changeGoneFrom", { source: v.source });
      case "listed_again":
        return this.with("changeListedAgain", { source: v.source });
    }
  }

  /** What one change log entry says (as `Words::change`). */
  change(c: Change): string {
    const value = (v: ChangeValue | null) => (v ? this.changeValue(v) : null);
    if (c.field === "calendar match") {
      return `${value(c.new) ?? value(c.old) ?? ""} — ${this.text(c.new ? "nowNames" : "noLongerNames")}`;
    }
    if (c.field === "") return value(c.new) ?? "";
    return `${this.field(c.field)}: ${value(c.old) ?? "–"} → ${value(c.new) ?? "–"}`;
  }

  /** A day "2026-12-01" with its weekday: "ti 1.12.", "tis 1.12.", "Tue 1 Dec". */
  day(ymd: string): string {
    const [year = "2000", month = "1", day = "1"] = ymd.split("-");
    const m = Number(month);
    const weekday = WEEKDAYS[(new Date(Date.UTC(Number(year), m - 1, Number(day))).getUTCDay() + 6) % 7] ?? "mon";
    return this.with("day", { weekday, day: String(Number(day)), month: String(m), monthname: MONTHS[m - 1] ?? "jan" });
  }

  /** A date "2026-11-30" with its year: "30.11.2026", "30 Nov 2026". */
  date(ymd: string): string {
    const [year = "", month = "1", day = "1"] = ymd.split("-");
    const m = Number(month);
    return this.with("date", { day: String(Number(day)), month: String(m), monthname: MONTHS[m - 1] ?? "jan", year });
  }

  /** What went wrong with a calendar feed. */
  problem(p: Problem): string {
    return this.problemAs("problem", p);
  }

  /** What went wrong with a staff feed (as `Words::staff_problem`): its own words, else the calendar's. */
  staffProblem(p: Problem): string {
    return this.problemAs("staffProblem", p);
  }

  private problemAs(prefix: string, p: Problem): string {
    if (p.kind === "other") return p.detail;
    // As `Words::problem_as`: a line is a place (never grouped), a reason is worded.
    if (p.kind === "broken") return this.format("problemBroken", { line: String(p.line), why: this.unreadable(p.why) });
    if (p.kind === "not_a_calendar") return this.format(p.web_page ? "problemNotACalendarWebPage" : "problemNotACalendar", {});
    if (p.kind === "staff_file") {
      const id = this.bundle.hasMessage(`${prefix}Unreadable`) ? `${prefix}Unreadable` : "problemUnreadable";
      return this.format(id, { detail: this.phrase(p.why) });
    }
    const { kind, ...args } = p;
    const id = this.bundle.hasMessage(`${prefix}${camel(kind)}`) ? `${prefix}${camel(kind)}` : `problem${camel(kind)}`;
    return this.format(id, args as Record<string, FluentVariable>);
  }

  /** Why a part of a calendar cannot be read (as `Words::unreadable`). */
  unreadable(u: Unreadable): string {
    const { kind, ...args } = u;
    if (u.kind === "end_mismatch") return this.format("unreadableEndMismatch", { end: u.end, begin: u.begin, beginLine: String(u.begin_line) });
    return this.format(`unreadable${camel(kind)}`, args as Record<string, FluentVariable>);
  }

  /** What the calendar reader said about one part of a feed (as `Words::feed_note`). */
  feedNote(n: FeedNote): string {
    switch (n.kind) {
      case "said":
        return n.text;
      case "skipped":
        return this.format("noteSkipped", { line: String(n.line), why: this.unreadable(n.why) });
      case "capped":
        return this.format("noteCapped", { max: n.max, days: n.days, until: this.date(n.until), dropped: n.dropped });
      default: {
        const { kind, line, ...args } = n;
        return this.format(`note${camel(kind)}`, { line: String(line), ...args } as Record<string, FluentVariable>);
      }
    }
  }

  /** A phrase the core chose (a sentence's part, why it refused): in this catalog's words. */
  phrase(p: Phrase): string {
    const args: Record<string, FluentVariable> = {};
    for (const a of p.args) {
      const v = a.value;
      switch (v.kind) {
        case "text":
          args[a.name] = v.text;
          break;
        case "moment":
          args[a.name] = this.moment(v.at, v.zone);
          break;
        case "date":
          args[a.name] = this.date(v.date);
          break;
        case "word":
          args[a.name] = this.format(v.id, {});
          break;
        case "number":
          args[a.name] = v.n;
          break;
        case "phrase":
          args[a.name] = this.phrase(v.phrase);
          break;
      }
    }
    return this.format(p.id, args);
  }

  /** A sentence the core chose: its phrases in this catalog's words. */
  sentence(phrases: Phrase[]): string {
    return phrases.map((p) => this.phrase(p)).join(" ");
  }

  /** An error's detail: why the directory refused, worded; else the technical detail. */
  errorDetail(err: ApiError): string {
    return err.said ? this.phrase(err.said) : err.message;
  }
}

/** One formatter per zone: making one costs more than using it, and rows' times are worded on every keystroke. */
const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "numeric",
      year: "numeric",
      hour: "numeric",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsFormats.set(zone, f);
  }
  return f;
}

/** The values the catalogs' date patterns use, in `zone` (the CLI passes the same). */
function momentArgs(iso: string, zone: string): MessageArgs["moment"] {
  const parts = partsFormat(zone).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const month = Number(get("month"));
  const hour = Number(get("hour")) % 24;
  return {
    weekday: get("weekday").toLowerCase().slice(0, 3),
    day: String(Number(get("day"))),
    month: String(month),
    monthname: MONTHS[month - 1] ?? "jan",
    hour: String(hour),
    hour2: String(hour).padStart(2, "0"),
    minute: get("minute").padStart(2, "0"),
  };
}

const WORDS: Record<Lang, Words> = { fi: new Words("fi"), sv: new Words("sv"), en: new Words("en") };

export function words(lang: Lang): Words {
  return WORDS[lang];
}

/** The plain messages of a language as properties: `t.copied`. */
export type Strings = Record<PlainId, string>;

export function strings(lang: Lang): Strings {
  const w = WORDS[lang];
  return new Proxy({} as Strings, { get: (_, id) => w.text(String(id) as PlainId) });
}

export function detectLang(): Lang {
  const stored = localStorage.getItem("vaihde.lang");
  const wanted = stored ?? navigator.language.slice(0, 2).toLowerCase();
  return wanted === "fi" || wanted === "sv" ? wanted : "en";
}

export function storeLang(lang: Lang): void {
  localStorage.setItem("vaihde.lang", lang);
}
