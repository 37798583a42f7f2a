//! Time zone names as calendars write them: IANA names, Windows names as
//! Outlook and Exchange write them ("FLE Standard Time"), Outlook's display
//! names ("(UTC+02:00) Helsinki, Kyiv, ..."), and names with a leading
//! slash or prefix from older servers ("/Europe/Helsinki").

use chrono_tz::Tz;

/// Windows zone names (CLDR windowsZones, territory 001) for the zones a
/// Nordic answering service meets, plus the big ones elsewhere.
const WINDOWS: &[(&str, &str)] = &[
    ("FLE Standard Time", "Europe/Helsinki"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Kaliningrad Standard Time", "Europe/Kaliningrad"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// Cities in Outlook display names, for TZIDs like "(UTC+02:00) Helsinki, Kyiv, Riga".
const CITIES: &[(&str, &str)] = &[
    ("Helsinki", "Europe/Helsinki"),
    ("Stockholm", "Europe/Stockholm"),
    ("Amsterdam, Berlin", "Europe/Berlin"),
    ("Brussels, Copenhagen", "Europe/Paris"),
    ("Dublin, Edinburgh", "Europe/London"),
    ("Tallinn", "Europe/Tallinn"),
    ("Moscow", "Europe/Moscow"),
];

/// The zone a TZID names, or `None` when it cannot be known.
pub fn resolve(tzid: &str) -> Option<Tz> {
    let id = tzid.trim().trim_matches('"');
    if let Ok(tz) = id.parse::<Tz>() {
        return Some(tz);
    }
    // "/Europe/Helsinki", "/freeassociation.sourceforge.net/Europe/Helsinki", "/mozilla.org/20050126_1/Europe/Helsinki"
    if let Some(tz) = id.char_indices().filter(|(_, c)| *c == '/').find_map(|(i, _)| id[i + 1..].parse::<Tz>().ok()) {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS.iter().find(|(w, _)| w.eq_ignore_ascii_case(id)) {
        return iana.parse().ok();
    }
    CITIES.iter().find(|(city, _)| id.contains(city)).and_then(|(_, iana)| iana.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use chrono_tz::Europe;

    #[test]
    fn names_as_calendars_write_them() {
        assert_eq!(resolve("Europe/Helsinki"), Some(Europe::Helsinki));
        assert_eq!(resolve("FLE Standard Time"), Some(Europe::Helsinki));
        assert_eq!(resolve("W. Europe Standard Time"), Some(Europe::Berlin));
        assert_eq!(resolve("\"(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius\""), Some(Europe::Helsinki));
        assert_eq!(resolve("/freeassociation.sourceforge.net/Tzfile/Europe/Stockholm"), Some(Europe::Stockholm));
        assert_eq!(resolve("Mars Standard Time"), None);
    }
}
