//! `vaihde script add|list|now|edit|remove`: a company's call scripts, and the
//! one that applies to a call now. The forms of "when", the questions and
//! where the call goes are the core's (`scripts::when`, `scripts`).

use vaihde::scripts;

use crate::context::Context;
use crate::output;

// The parts of a script `add` and `edit` take, in the forms of
// `scripts::form::Form` (no doc comment: the help's words are the catalogs').
#[derive(clap::Args)]
pub struct Parts {
    #[arg(long)]
    days: Option<String>,
    #[arg(long)]
    hours: Option<String>,
    #[arg(long)]
    dates: Option<String>,
    #[arg(long)]
    number: Option<String>,
    #[arg(long = "say")]
    say: Vec<String>,
    #[arg(long = "ask")]
    ask: Vec<String>,
    #[arg(long)]
    goes_to: Option<String>,
}

impl Parts {
    /// The parts given, over `form` ("" empties one; `--say` replaces one
    /// language; `--ask` all the questions).
    fn over(self, form: &mut scripts::form::Form) -> anyhow::Result<()> {
        for (part, given) in [
            (&mut form.days, self.days),
            (&mut form.hours, self.hours),
            (&mut form.dates, self.dates),
            (&mut form.number, self.number),
            (&mut form.goes_to, self.goes_to),
        ] {
            if let Some(text) = given {
                *part = text;
            }
        }
        if !self.ask.is_empty() {
            form.questions = self.ask.join("\n");
        }
        for s in &self.say {
            let (language, text) = scripts::parse_say(s)?;
            form.say.insert(language, text);
        }
        Ok(())
    }
}

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        parts: Parts,
        #[arg(long)]
        urgent: bool,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Now {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        parts: Parts,
        #[arg(long)]
        urgent: Option<bool>,
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let w = ctx.words;
    match command {
        Command::Add { company, name, parts, urgent, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            // The same reader as the window's script form.
            let mut form = scripts::form::Form { name, urgent, ..Default::default() };
            parts.over(&mut form)?;
            let script = form.read(company.id)?;
            let id = dir.write(|tx| scripts::add(tx, &script, false))?;
            let script = scripts::get(dir.conn(), id)?;
            if json {
                return output::json(&script);
            }
            outln!("#{id} {}", script.name)?;
        }
        Command::List { company, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = scripts::list(dir.conn(), company.id)?;
            if json {
                return output::json_lines(&list);
            }
            if list.is_empty() {
                outln!("{}", w.text("cliNoScripts"))?;
            }
            for s in &list {
                outln!("#{} {} · {}", s.id, s.name, scripts::form::when_summary(&s.when))?;
            }
        }
        Command::Now { company, number, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = scripts::applying(dir.conn(), company.id, number.as_deref(), ctx.at)?;
            if json {
                return output::json_lines(&list);
            }
            let Some(first) = list.first() else {
                return outln!("{}", w.text("cliNoScriptNow")).map_err(Into::into);
            };
            outln!(
                "#{} {}{}",
                first.id,
                first.name,
                if first.urgent { format!(" · {}", w.text("cliScriptUrgent")) } else { String::new() }
            )?;
            for (language, say) in first.say_in_order(company.language) {
                outln!("  {}: “{say}”", language.code())?;
            }
            for q in &first.questions {
                let required = if q.required { format!(" ({})", w.text("cliScriptRequired")) } else { String::new() };
                let choices = if q.choices.is_empty() { String::new() } else { format!(": {}", q.choices.join(" / ")) };
                outln!("  ? {}{choices}{required}", q.label)?;
            }
            if let Some(to) = &first.goes_to {
                let to = match to {
                    scripts::GoesTo::Person { name } | scripts::GoesTo::Role { name } => name.clone(),
                    scripts::GoesTo::OnCall => w.text("cliScriptOnCall"),
                    scripts::GoesTo::Address { address } => address.clone(),
                };
                outln!("  → {to}")?;
            }
            if list.len() > 1 {
                let others: Vec<String> = list[1..].iter().map(|s| format!("#{} {}", s.id, s.name)).collect();
                outln!("{}", w.with("cliScriptAlso", &[("scripts", others.join(", ").into())]))?;
            }
        }
        Command::Edit { id, name, parts, urgent, json } => {
            // The stored script in its form, the parts given replaced.
            let before = scripts::get(dir.conn(), id)?;
            let mut form = scripts::form::Form::of(&before);
            if let Some(n) = name {
                form.name = n;
            }
            parts.over(&mut form)?;
            if let Some(u) = urgent {
                form.urgent = u;
            }
            let script = form.read(before.company_id)?;
            dir.write(|tx| scripts::update(tx, id, &script))?;
            let script = scripts::get(dir.conn(), id)?;
            if json {
                return output::json(&script);
            }
            outln!("#{id} {} · {}", script.name, scripts::form::when_summary(&script.when))?;
        }
        Command::Remove { id } => {
            let s = scripts::get(dir.conn(), id)?;
            dir.write(|tx| scripts::remove(tx, id))?;
            outln!("{}", w.with("cliScriptRemoved", &[("name", format!("#{id} {}", s.name).into())]))?;
        }
    }
    Ok(())
}
