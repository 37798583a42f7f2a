//! `vaihde import FILE --company C`: staff from CSV, Excel (.xlsx) or vCard.

use std::path::PathBuf;

use vaihde::import::{self, Format, ReadOptions};

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    file: PathBuf,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    full: bool,
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    mapping: Vec<String>,
    #[arg(long, value_name = "CHAR")]
    delimiter: Option<char>,
    #[arg(long)]
    format: Option<String>,
    #[arg(long)]
    sheet: Option<String>,
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let company = ctx.company(&dir, args.company.as_deref())?;
    let mapping = args.mapping.iter().map(|m| import::parse_mapping(m)).collect::<Result<Vec<_>, _>>()?;
    let format = match args.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("csv") => Some(Format::Csv),
        Some("vcard" | "vcf") => Some(Format::Vcard),
        Some("xlsx" | "excel") => Some(Format::Xlsx),
        Some(other) => return Err(crate::args::bad_value(ctx.words, "--format", other, "csv, xlsx, vcard")),
    };
    let delimiter = match args.delimiter {
        Some(c) if c.is_ascii() => Some(c as u8),
        Some(_) => anyhow::bail!("{}", ctx.words.with("cliArgOneChar", &[("arg", "--delimiter".into())])),
        None => None,
    };
    let file = import::read_file(&args.file, &ReadOptions { format, delimiter, mapping, sheet: args.sheet })?;
    let stamp = ctx.stamp();
    let merge = |tx: &vaihde::store::Connection| import::merge(tx, company.id, &args.file, &file, args.full, &stamp);
    let report = if args.dry_run { dir.store_mut().rehearse(merge)? } else { dir.store_mut().write(merge)? };
    if args.json {
        return output::json(&report);
    }
    use vaihde::words::Arg;
    let w = ctx.words;
    let n = |x: usize| Arg::Num(x as i64);
    if let Some(format) = &report.format {
        outln!("{}", w.with("cliReadAs", &[("format", format.into())]))?;
    }
    let counts = w.with(
        if args.dry_run { "cliImportWouldBe" } else { "cliImported" },
        &[("added", n(report.added.len())), ("updated", n(report.updated.len())), ("unchanged", n(report.unchanged))],
    );
    outln!("{}: {counts}", company.name)?;
    let line = |l: Option<usize>| w.with("cliLine", &[("line", n(l.unwrap_or(0)))]);
    for p in &report.added {
        outln!("  + {} ({})", p.name, line(p.line))?;
    }
    for p in &report.updated {
        outln!("  ~ {} ({})", p.name, line(p.line))?;
    }
    if !report.ignored_columns.is_empty() {
        let columns = report.ignored_columns.join(", ");
        outln!("{}", w.with("cliColumnsIgnored", &[("columns", (&columns).into())]))?;
    }
    for note in &report.warnings {
        outln!("{}: {}", w.text("cliNote"), w.phrase(note))?;
    }
    if !report.missing.is_empty() {
        outln!("{}", w.with("cliMissing", &[("count", n(report.missing.len()))]))?;
        for p in &report.missing {
            outln!("  ? {} (#{})", p.name, p.id)?;
        }
        outln!("{}", w.text("cliMissingHint"))?;
    }
    Ok(())
}
