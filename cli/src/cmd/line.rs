//! `vaihde line`: the desk's own phone line — set its SIP account, show
//! it (never the password), and test that the PBX registers it.

use clap::Subcommand;
use vaihde::line::{self, LineChange, Registration, Transport};
use vaihde::words::Said as _;

use crate::context::Context;
use crate::output;

#[derive(Subcommand)]
pub enum Command {
    Set {
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        transport: Option<String>,
        #[arg(long, value_name = "PEM")]
        ca_file: Option<String>,
        #[arg(long, value_name = "DEVICE")]
        ringer: Option<String>,
        #[arg(long, value_name = "DEVICE")]
        playback: Option<String>,
        #[arg(long, value_name = "DEVICE")]
        capture: Option<String>,
    },
    Devices {
        #[arg(long)]
        json: bool,
    },
    Show {
        #[arg(long)]
        json: bool,
    },
    Test,
    Watch {
        #[arg(long, value_name = "SECONDS")]
        seconds: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    Remove,
}

/// What `line show --json` prints: the account without its password.
#[derive(serde::Serialize)]
struct Shown {
    account: String,
    auth_user: Option<String>,
    password_set: bool,
    transport: Transport,
    ca_file: Option<String>,
    sound: vaihde::line::SoundDevices,
}

/// One sound card in `line devices --json`.
#[derive(serde::Serialize)]
struct Card {
    id: String,
    playback: bool,
    capture: bool,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let w = ctx.words;
    match command {
        Command::Set { account, user, password, transport, ca_file, ringer, playback, capture } => {
            let transport = transport.map(|t| t.parse::<Transport>()).transpose().map_err(line::LineError::from)?;
            let change = LineChange {
                account: account.as_deref(),
                auth_user: user.as_deref(),
                password: password.as_deref(),
                transport,
                ca_file: ca_file.as_deref(),
                ringer: ringer.as_deref(),
                playback: playback.as_deref(),
                capture: capture.as_deref(),
            };
            let a = line::set(&ctx.data_dir, &change)?;
            outln!(
                "{}",
                w.with("lineSaved", &[("account", a.shown().into()), ("transport", a.transport.code().into())])
            )?;
        }
        Command::Show { json } => {
            let Some(a) = line::load(&ctx.data_dir)? else {
                if json {
                    return output::json(&serde_json::Value::Null);
                }
                outln!("{}", w.phrase(&line::LineError::NotSet.phrase()))?;
                return Ok(());
            };
            let shown = Shown {
                account: a.shown(),
                auth_user: a.auth_user.clone(),
                password_set: !a.password.is_empty(),
                transport: a.transport,
                ca_file: a.ca_file.clone(),
                sound: a.sound.clone(),
            };
            if json {
                return output::json(&shown);
            }
            outln!("{}", w.with("lineShowAccount", &[("account", shown.account.into())]))?;
            if let Some(u) = shown.auth_user {
                outln!("{}", w.with("lineShowUser", &[("user", u.into())]))?;
            }
            outln!("{}", w.text(if shown.password_set { "lineShowPasswordSet" } else { "lineShowNoPassword" }))?;
            outln!("{}", w.with("lineShowTransport", &[("transport", shown.transport.code().into())]))?;
            if let Some(ca) = shown.ca_file {
                outln!("{}", w.with("lineShowCaFile", &[("path", ca.into())]))?;
            }
            for (key, device) in [
                ("lineShowRinger", shown.sound.ringer),
                ("lineShowPlayback", shown.sound.playback),
                ("lineShowCapture", shown.sound.capture),
            ] {
                if let Some(d) = device {
                    outln!("{}", w.with(key, &[("device", d.into())]))?;
                }
            }
        }
        Command::Devices { json } => {
            let cards = line::sound_devices(&ctx.data_dir)?;
            if json {
                let cards: Vec<Card> =
                    cards.into_iter().map(|c| Card { id: c.id, playback: c.playback, capture: c.capture }).collect();
                return output::json(&cards);
            }
            let usable: Vec<_> = cards.into_iter().filter(|c| c.playback || c.capture).collect();
            if usable.is_empty() {
                outln!("{}", w.text("lineNoDevices"))?;
            }
            for c in usable {
                let key = match (c.playback, c.capture) {
                    (true, true) => "lineDeviceBoth",
                    (true, false) => "lineDevicePlayback",
                    _ => "lineDeviceCapture",
                };
                outln!("{}", w.with(key, &[("device", c.id.into())]))?;
            }
        }
        Command::Test => {
            let (account, state) = line::test(&ctx.data_dir, line::TEST_WAIT)?;
            let said = w.phrase(&line::registration_phrase(&account, &state));
            if state != Registration::Registered {
                // Exit status 1: only a registered line passes the test.
                anyhow::bail!(said);
            }
            outln!("{said}")?;
        }
        Command::Watch { seconds, json } => watch(ctx, seconds, json)?,
        Command::Remove => {
            let key = if line::remove(&ctx.data_dir)? { "lineRemoved" } else { "lineNotSet" };
            outln!("{}", w.text(key))?;
        }
    }
    Ok(())
}

/// Registers the line and prints what happens at the desk, one line an
/// event, until `seconds` have passed (or it is stopped): the client and
/// the caller as each call rings, transfers and their results, the line's
/// own state. It answers nothing: it watches.
fn watch(ctx: &Context, seconds: Option<u64>, json: bool) -> anyhow::Result<()> {
    use std::collections::HashMap;
    use std::time::{Duration, Instant};
    use vaihde::line::desk::{DeskCall, DeskEvent};
    use vaihde::line::said;

    let w = ctx.words;
    let dir = ctx.open()?;
    let mut phone = line::Line::start(&ctx.data_dir)?;
    let until = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    // What was shown of each call, to word its end after the desk forgets it.
    let mut seen: HashMap<vaihde::line::desk::CallId, (DeskCall, Option<vaihde::calls::IncomingCall>)> = HashMap::new();
    while until.is_none_or(|u| Instant::now() < u) {
        for event in phone.poll(chrono::Utc::now(), Duration::from_millis(200)) {
            let id = vaihde::line::console::event_call(&event).cloned();
            if let (Some(id), Some(call)) = (&id, id.as_ref().and_then(|i| phone.desk.call(i))) {
                let incoming = seen.get(id).and_then(|(_, i)| i.clone()).or(line::incoming(dir.conn(), call)?);
                seen.insert(id.clone(), (call.clone(), incoming));
            }
            let (call, incoming) = match id.as_ref().and_then(|i| seen.get(i)) {
                Some((c, i)) => (Some(c), i.as_ref()),
                None => (None, None),
            };
            if json {
                let doc = serde_json::json!({ "event": event, "call": call, "incoming": incoming });
                outln!("{doc}")?;
            } else {
                let text = match &event {
                    DeskEvent::Line(state) => w.phrase(&line::registration_phrase(&phone.account, state)),
                    e => said::event_phrase(e, call, incoming).map(|p| w.phrase(&p)).unwrap_or_default(),
                };
                outln!("{text}")?;
            }
            if let (Some(id), DeskEvent::Ended { .. } | DeskEvent::PutThrough { .. }) = (&id, &event) {
                seen.remove(id);
            }
        }
    }
    phone.stop();
    Ok(())
}
