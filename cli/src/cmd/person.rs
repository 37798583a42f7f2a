//! `vaihde person add|edit|show|list|leave`.

use anyhow::Context as _;
use vaihde::Directory;
use vaihde::card;
use vaihde::directory::{people, roles};
use vaihde::model::{Departure, Person, PersonKind, Phone, PhoneKind, Redirect};
use vaihde::words::Describe as _;
use vaihde::words::{Arg, Words};

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    Edit(EditArgs),
    Show {
        person: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Leave(LeaveArgs),
    Note {
        person: String,
        text: String,
        #[arg(long)]
        company: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct Details {
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    department: Option<String>,
    #[arg(long = "email")]
    emails: Vec<String>,
    #[arg(long = "phone")]
    phones: Vec<String>,
    #[arg(long = "topic")]
    topics: Vec<String>,
    #[arg(long = "alias")]
    aliases: Vec<String>,
    #[arg(long = "language")]
    languages: Vec<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    given: String,
    #[arg(long, default_value = "")]
    family: String,
    #[arg(long)]
    outsider: bool,
    #[command(flatten)]
    details: Details,
    #[command(flatten)]
    calls_to: CallsTo,
}

#[derive(clap::Args)]
pub struct EditArgs {
    person: String,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    given: Option<String>,
    #[arg(long)]
    family: Option<String>,
    #[command(flatten)]
    details: Details,
    #[command(flatten)]
    calls_to: CallsTo,
}

#[derive(clap::Args)]
pub struct LeaveArgs {
    person: String,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    on: Option<String>,
    #[arg(long)]
    reason: Option<String>,
    #[command(flatten)]
    calls_to: CallsTo,
}

#[derive(clap::Args)]
#[group(multiple = false)]
pub struct CallsTo {
    #[arg(long)]
    calls_to_person: Option<String>,
    #[arg(long)]
    calls_to_role: Option<String>,
    #[arg(long)]
    calls_to_text: Option<String>,
}

impl CallsTo {
    fn resolve(&self, dir: &Directory, company_id: i64) -> anyhow::Result<Option<Redirect>> {
        if let Some(p) = &self.calls_to_person {
            return Ok(Some(Redirect::Person(people::resolve(dir.conn(), Some(company_id), p)?.id)));
        }
        if let Some(r) = &self.calls_to_role {
            let role = roles::find(dir.conn(), company_id, r)?
                .ok_or_else(|| vaihde::directory::DirectoryError::not_found(vaihde::model::Thing::Role, r))?;
            return Ok(Some(Redirect::Role(role.id)));
        }
        Ok(self.calls_to_text.clone().map(Redirect::Text))
    }
}

impl Details {
    fn apply(&self, p: &mut Person, words: &Words) -> anyhow::Result<()> {
        if let Some(v) = &self.title {
            p.title = v.clone();
        }
        if let Some(v) = &self.department {
            p.department = v.clone();
        }
        if let Some(v) = &self.notes {
            p.notes = v.clone();
        }
        if !self.emails.is_empty() {
            p.emails = self.emails.clone();
        }
        if !self.phones.is_empty() {
            p.phones = self.phones.iter().map(|s| parse_phone(s, words)).collect::<anyhow::Result<_>>()?;
        }
        for (list, given) in
            [(&mut p.topics, &self.topics), (&mut p.aliases, &self.aliases), (&mut p.languages, &self.languages)]
        {
            if !given.is_empty() {
                *list = given.clone();
            }
        }
        Ok(())
    }
}

fn parse_phone(text: &str, words: &Words) -> anyhow::Result<Phone> {
    let form = || words.with("cliPhoneForm", &[("text", text.into())]);
    let (kind, number) = text.split_once(':').with_context(form)?;
    let kind = PhoneKind::parse(kind).with_context(form)?;
    Ok(Phone { kind, number: number.trim().to_string(), label: String::new() })
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let stamp = ctx.stamp();
    match command {
        Command::Add(a) => {
            let company = ctx.company(&dir, a.company.as_deref())?;
            let mut p = Person::new(company.id, &a.given, &a.family);
            if a.outsider {
                p.kind = PersonKind::Outsider;
            }
            a.details.apply(&mut p, ctx.words)?;
            p.calls_to = a.calls_to.resolve(&dir, company.id)?;
            let id = dir.write(|tx| people::insert(tx, &p, &stamp, false))?;
            let w = ctx.words;
            outln!(
                "{}",
                w.with(
                    "cliAdded",
                    &[("name", (&p.full_name()).into()), ("id", Arg::Num(id)), ("company", (&company.name).into())]
                )
            )?;
        }
        Command::Edit(a) => {
            let mut p = find(&dir, a.company.as_deref(), &a.person)?;
            if let Some(g) = &a.given {
                p.given_name = g.clone();
            }
            if let Some(f) = &a.family {
                p.family_name = f.clone();
            }
            a.details.apply(&mut p, ctx.words)?;
            if let Some(r) = a.calls_to.resolve(&dir, p.company_id)? {
                p.calls_to = Some(r);
            }
            let changed = dir.write(|tx| people::update(tx, &p, &stamp))?;
            let id = if changed { "cliUpdated" } else { "cliUnchanged" };
            outln!("{}", ctx.words.with(id, &[("name", (&p.full_name()).into())]))?;
        }
        Command::Show { person, company, json } => {
            let p = find(&dir, company.as_deref(), &person)?;
            let actor = ctx.actor();
            let operator = vaihde::model::operator(actor.as_deref());
            let card = card::person_card_for(dir.conn(), p.id, ctx.at, operator)?;
            if json {
                return output::json(&card);
            }
            print_card(ctx.words, &card)?;
        }
        Command::List { company, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = people::list(dir.conn(), company.id)?;
            if json {
                return output::json_lines(&list);
            }
            for p in list {
                let ext = p.phone(PhoneKind::Extension).map(|x| x.number.as_str()).unwrap_or("");
                let mark = ctx.words.record(p.record_kind()).map(|r| format!(" [{r}]")).unwrap_or_default();
                outln!("#{:<5} {:<30} {:<28} {:<16} {ext}{mark}", p.id, p.full_name(), p.title, p.department)?;
            }
        }
        Command::Leave(a) => {
            let p = find(&dir, a.company.as_deref(), &a.person)?;
            let company = dir.store().conn();
            let company = vaihde::directory::companies::get(company, p.company_id)?;
            let on = match &a.on {
                Some(d) => instant_in(d, &company, ctx.at)?.with_timezone(&company.tz()).date_naive(),
                None => ctx.at.with_timezone(&company.tz()).date_naive(),
            };
            let calls_to = a.calls_to.resolve(&dir, p.company_id)?;
            let departure = Departure { on, reason: a.reason.clone() };
            dir.write(|tx| people::leave(tx, p.id, departure, calls_to, &stamp))?;
            let date = ctx.words.date(on);
            outln!(
                "{}",
                ctx.words.with("cliMarkedLeft", &[("name", (&p.full_name()).into()), ("date", (&date).into())])
            )?;
        }
        Command::Note { person, text, company } => {
            let p = find(&dir, company.as_deref(), &person)?;
            dir.write(|tx| people::add_note(tx, p.id, &text, &stamp))?;
            outln!("{}", people::get(dir.conn(), p.id)?.notes.lines().next().unwrap_or_default())?;
        }
    }
    Ok(())
}

fn find(dir: &Directory, company: Option<&str>, query: &str) -> anyhow::Result<Person> {
    let company_id = match company {
        Some(c) => Some(dir.company(c)?.id),
        None => None,
    };
    Ok(people::resolve(dir.conn(), company_id, query)?)
}

fn print_card(w: &Words, card: &card::PersonCard) -> anyhow::Result<()> {
    let p = &card.person;
    let tz: chrono_tz::Tz = card.company.timezone.parse().unwrap_or(chrono_tz::Europe::Helsinki);
    let label = w.record(card.record).map(|r| format!(" [{}]", r.to_uppercase())).unwrap_or_default();
    outln!("{} (#{}){label}", p.full_name(), p.id)?;
    outln!(
        "  {}",
        [p.title.as_str(), p.department.as_str(), card.company.name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    )?;
    let line = |id: &str, value: &str| format!("  {}: {value}", output::label(&w.text(id)));
    if let Some(left) = &p.left {
        let date = w.date(left.on);
        let text = match &left.reason {
            Some(r) => w.with("changeLeftBecause", &[("date", (&date).into()), ("reason", r.into())]),
            None => w.with("changeLeft", &[("date", (&date).into())]),
        };
        outln!("  {text}")?;
    }
    for g in &card.gone_from {
        let since = w.moment(g.since, g.zone.parse().unwrap_or(tz));
        outln!("  {}", w.with("cliGoneFrom", &[("source", (&g.feed).into()), ("since", (&since).into())]))?;
    }
    for l in &card.learned {
        outln!("  * {} ({})", w.learned(l), w.with("learnedFrom", &[("source", (&l.feed).into())]))?;
    }
    if let Some(to) = &card.calls_to {
        outln!("{}", line("fieldCallsTo", &w.calls_to(&to.value)))?;
    }
    for ph in &card.phones {
        outln!("  {:<16} {}", w.phone_kind(ph.kind), ph.number)?;
    }
    for e in &p.emails {
        outln!("  {:<16} {e}", w.text("emailLabel"))?;
    }
    if !p.aliases.is_empty() {
        outln!("{}", line("fieldAliases", &p.aliases.join(", ")))?;
    }
    if !card.roles.is_empty() {
        outln!("{}", line("roles", &card.roles.join(", ")))?;
    }
    if !p.topics.is_empty() {
        outln!("{}", line("topics", &p.topics.join(", ")))?;
    }
    if !p.languages.is_empty() {
        outln!("{}", line("fieldLanguages", &p.languages.join(", ")))?;
    }
    for d in &card.delegates {
        let mut scope = String::new();
        if let Some(t) = &d.topic {
            scope.push_str(&format!(" ({t})"));
        }
        if d.from.is_some() || d.until.is_some() {
            let day = |x: Option<chrono::NaiveDate>| x.map(|x| w.date(x)).unwrap_or_default();
            scope.push_str(&format!(" {} – {}", day(d.from), day(d.until)));
        }
        outln!("  {} {}. {}{scope}", w.text("cliCoveredBy"), d.position, d.name)?;
    }
    for a in &card.absences {
        let why = if a.reason.is_empty() { w.reason(a.kind) } else { format!("{} ({})", w.reason(a.kind), a.reason) };
        outln!("  {} {} – {}: {why}", w.text("cliAway"), w.moment(a.starts_at, tz), w.moment(a.ends_at, tz))?;
    }
    if !p.notes.is_empty() {
        outln!("{}", line("notes", &p.notes))?;
    }
    Ok(())
}
