//! The demo's calendar feeds: a shared absence calendar and an Outlook-style
//! personal calendar, written as .ics files next to the demo database with
//! dates relative to the demo's moment, added as feeds and synced, so the
//! demo shows calendar absences, a recurring meeting and an unmatched event.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::DemoError;
use crate::directory::{DirectoryError, Stamp, companies, feeds, people};
use crate::store::Store;
use crate::sync::{self, Fetched};

/// Labels of demo feeds start with this, so a reload can replace them.
const LABEL_PREFIX: &str = "Demo: ";

fn d(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

fn shared_rakennus(today: NaiveDate) -> String {
    let ev = |uid: &str, summary: &str, from: i64, to: i64| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}@demo.vaihde\r\nSUMMARY:{summary}\r\nDTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nEND:VEVENT\r\n",
            d(today + Duration::days(from)),
            d(today + Duration::days(to))
        )
    };
    [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nextcloud calendar v4.7.0\r\nX-WR-CALNAME:Poissaolot\r\n"
            .to_string(),
        ev("korhonen-loma", "Lomalla: Anne Korhonen", -2, 6),
        ev("lindholm-sairas", "Hanna Lindholm sairaana", 0, 1),
        ev("koulutus-heikkinen", "Koulutus: Jussi Heikkinen", 0, 2),
        ev("tuntematon", "Tuntematon Henkilö loma", 1, 3),
        "END:VCALENDAR\r\n".to_string(),
    ]
    .concat()
}

fn outlook_koistinen(today: NaiveDate) -> String {
    let monday = today
        - Duration::days(i64::from(chrono::Datelike::weekday(&today).num_days_from_monday()))
        - Duration::weeks(8);
    format!(
        "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n\
         BEGIN:VEVENT\r\nUID:johtoryhma@demo.vaihde\r\nSUMMARY:Johtoryhmä\r\n\
         DTSTART;TZID=FLE Standard Time:{m}T130000\r\nDTEND;TZID=FLE Standard Time:{m}T150000\r\n\
         RRULE:FREQ=WEEKLY;BYDAY=MO;WKST=MO\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:matka@demo.vaihde\r\nSUMMARY:Työmatka Tukholma\r\n\
         DTSTART;VALUE=DATE:{t1}\r\nDTEND;VALUE=DATE:{t2}\r\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:laakari@demo.vaihde\r\nSUMMARY:Lääkäri\r\nCLASS:PRIVATE\r\n\
         DTSTART;TZID=FLE Standard Time:{tomorrow}T080000\r\nDTEND;TZID=FLE Standard Time:{tomorrow}T090000\r\n\
         X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        m = d(monday),
        t1 = d(today + Duration::days(7)),
        t2 = d(today + Duration::days(10)),
        tomorrow = d(today + Duration::days(1)),
    )
}

/// Writes the demo calendars under `data_dir/demo-calendars/`, replaces the
/// demo feeds, and syncs them from the files.
pub fn install(store: &mut Store, data_dir: &Path, at: DateTime<Utc>) -> Result<usize, DemoError> {
    let Some(rakennus) = companies::find_by_slug(store.conn(), "rakennus")? else { return Ok(0) };
    let today = at.with_timezone(&rakennus.tz()).date_naive();
    let dir = data_dir.join("demo-calendars");
    std::fs::create_dir_all(&dir).map_err(|e| DemoError::Fixture(format!("cannot write {}: {e}", dir.display())))?;
    let ceo = people::resolve(store.conn(), Some(rakennus.id), "Pekka Koistinen")?;
    let files: [(PathBuf, String, Option<i64>, &str); 2] = [
        (dir.join("rakennus-poissaolot.ics"), shared_rakennus(today), None, "Poissaolot (jaettu)"),
        (dir.join("koistinen-outlook.ics"), outlook_koistinen(today), Some(ceo.id), "Pekka Koistinen (Outlook)"),
    ];
    let stamp = Stamp::new(at, Some("demo".into()));
    let old: Vec<i64> = feeds::list(store.conn(), Some(rakennus.id))?
        .into_iter()
        .filter(|f| f.label.starts_with(LABEL_PREFIX))
        .map(|f| f.id)
        .collect();
    store.write(|tx| {
        for id in &old {
            tx.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
        }
        Ok::<_, DirectoryError>(())
    })?;
    let mut count = 0;
    for (path, text, person, label) in files {
        std::fs::write(&path, &text)
            .map_err(|e| DemoError::Fixture(format!("cannot write {}: {e}", path.display())))?;
        let url = path.display().to_string();
        let label = format!("{LABEL_PREFIX}{label}");
        let id = store.write(|tx| feeds::add(tx, rakennus.id, person, &url, &label, &stamp))?;
        let feed = feeds::get(store.conn(), id)?;
        let report = sync::apply(
            store,
            &feed,
            Ok(Fetched::Body { bytes: text.into_bytes(), etag: None, last_modified: None }),
            at,
        )?;
        count += report.absences;
    }
    Ok(count)
}
