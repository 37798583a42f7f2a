//! The staff lists other systems export, recognised by their header line
//! and read without `--map`: Google Contacts, Outlook, the Microsoft 365
//! admin centre's "Export users" and the Google Workspace admin console's
//! user download. Each names its columns its own way ("Organization Title",
//! "Job title", "Employee Title"), and each has columns that look like ours
//! but are not (Outlook's "Title" is "Mr."/"Ms."; Workspace's "Recovery
//! Email" is a private address): those are overridden here, and the
//! export's known columns that a switchboard has no use for (or must not
//! give out, like home numbers) are not imported, said in the report
//! without a warning. Columns of an export not listed here fall through to
//! the general header table.
//!
//! Header spellings follow the exports as their producers write them
//! (Google's current and older CSV, Outlook's "Export to a file").

use super::columns::Field;

/// A recognised export: its name for the import report, and how its
/// columns map (keys as [`super::columns::header_key`] makes them).
pub struct Export {
    pub name: &'static str,
    columns: &'static [(&'static str, Field)],
    /// Column-name prefixes of the export's own that are not imported.
    ignored_prefixes: &'static [&'static str],
}

const GOOGLE_CONTACTS: Export = Export {
    name: "Google Contacts CSV",
    columns: &[
        ("name", Field::FullName),
        ("first name", Field::GivenName),
        ("given name", Field::GivenName),
        ("last name", Field::FamilyName),
        ("family name", Field::FamilyName),
        ("nickname", Field::Aliases),
        ("notes", Field::Notes),
        ("organization title", Field::Title),
        ("organization 1 - title", Field::Title),
        ("organization department", Field::Department),
        ("organization 1 - department", Field::Department),
        ("language", Field::Languages),
    ],
    ignored_prefixes: &[
        "organization",
        "address",
        "website",
        "relation",
        "event",
        "im ",
        "custom field",
        "external id",
        "phonetic",
        "yomi",
        "name prefix",
        "name suffix",
        "middle name",
        "additional name",
        "labels",
        "group membership",
        "birthday",
        "photo",
        "file as",
    ],
};

const OUTLOOK: Export = Export {
    name: "Outlook CSV",
    columns: &[
        ("first name", Field::GivenName),
        ("last name", Field::FamilyName),
        ("nickname", Field::Aliases),
        // Outlook's "Title" is the courtesy title (Mr., Ms., Dr.).
        ("title", Field::Ignore),
        ("job title", Field::Title),
        ("department", Field::Department),
        ("e-mail address", Field::Email),
        ("e-mail 2 address", Field::Email),
        ("e-mail 3 address", Field::Email),
        ("business phone", Field::Direct),
        ("business phone 2", Field::OtherPhone),
        ("company main phone", Field::Ignore),
        ("mobile phone", Field::Mobile),
        ("other phone", Field::OtherPhone),
        ("primary phone", Field::OtherPhone),
        ("categories", Field::Topics),
        ("notes", Field::Notes),
        ("language", Field::Languages),
    ],
    ignored_prefixes: &[
        "home",
        "business",
        "other",
        "company",
        "middle name",
        "suffix",
        "given yomi",
        "surname yomi",
        "e-mail",
        "car phone",
        "pager",
        "radio phone",
        "telex",
        "tty",
        "callback",
        "isdn",
        "assistant",
        "manager",
        "office location",
    ],
};

const MICROSOFT_365: Export = Export {
    name: "Microsoft 365 admin user export",
    columns: &[
        ("user principal name", Field::Email),
        ("display name", Field::FullName),
        ("first name", Field::GivenName),
        ("last name", Field::FamilyName),
        ("job title", Field::Title),
        ("title", Field::Title),
        ("department", Field::Department),
        ("office phone", Field::Direct),
        ("phone number", Field::Direct),
        ("mobile phone", Field::Mobile),
        ("preferred language", Field::Languages),
    ],
    ignored_prefixes: &[
        "fax",
        "proxy addresses",
        "alternate email",
        "object id",
        "license",
        "block credential",
        "dirsync",
        "last dirsync",
        "last password",
        "oath",
        "password",
        "soft deletion",
        "strong password",
        "when created",
        "release track",
        "preferred data location",
        "office",
        "city",
        "country",
        "state",
        "postal code",
        "street address",
        "usage location",
    ],
};

const GOOGLE_WORKSPACE: Export = Export {
    name: "Google Workspace admin user export",
    columns: &[
        ("first name", Field::GivenName),
        ("last name", Field::FamilyName),
        ("email address", Field::Email),
        ("employee title", Field::Title),
        ("department", Field::Department),
        ("work phone", Field::Direct),
        ("mobile phone", Field::Mobile),
    ],
    ignored_prefixes: &[
        "recovery",
        "home",
        "password",
        "manager email",
        "work secondary email",
        "new primary email",
        "new status",
        "status",
        "last sign in",
        "2sv",
        "advanced protection",
        "employee id",
        "employee type",
        "cost center",
        "building id",
        "floor",
        "org unit path",
        "change password",
        "work address",
        "email usage",
        "drive usage",
        "total storage",
    ],
};

/// The export whose header line this is, if any.
pub fn recognise(raw_headers: &[String], keys: &[String]) -> Option<&'static Export> {
    let has = |k: &str| keys.iter().any(|h| h == k);
    let pairs = keys.iter().any(|h| h.starts_with("phone ") && h.ends_with(" - value"))
        || keys.iter().any(|h| h.starts_with("e-mail ") && h.ends_with(" - value"));
    if pairs {
        Some(&GOOGLE_CONTACTS)
    } else if has("user principal name") {
        Some(&MICROSOFT_365)
    } else if raw_headers.iter().any(|h| h.contains("[Required]")) && has("email address") {
        Some(&GOOGLE_WORKSPACE)
    } else if has("e-mail address") && has("job title") && (has("business phone") || has("mobile phone")) {
        Some(&OUTLOOK)
    } else {
        None
    }
}

impl Export {
    /// The field of a column of this export; `None` for columns it does not
    /// know (then the general table decides).
    pub fn field(&self, key: &str) -> Option<Field> {
        if let Some((_, f)) = self.columns.iter().find(|(k, _)| *k == key) {
            return Some(*f);
        }
        if let Some(f) = pair_field(key) {
            return Some(f);
        }
        self.ignored_prefixes.iter().any(|p| key.starts_with(p)).then_some(Field::Ignore)
    }
}

/// Google's label/value pairs: "E-mail 2 - Value", "Phone 1 - Value" (the
/// number's kind is in "Phone 1 - Label", older exports "- Type").
fn pair_field(key: &str) -> Option<Field> {
    let (what, part) = key.rsplit_once(" - ")?;
    let (kind, n) = what.rsplit_once(' ')?;
    n.parse::<u32>().ok()?;
    match (kind, part) {
        ("e-mail", "value") => Some(Field::Email),
        ("phone", "value") => Some(Field::LabelledPhone),
        ("e-mail" | "phone", "label" | "type") => Some(Field::Ignore),
        _ => None,
    }
}

/// For a "Phone N - Value" column, the key of its label column(s).
pub fn label_keys(value_key: &str) -> Option<[String; 2]> {
    let what = value_key.strip_suffix(" - value")?;
    Some([format!("{what} - label"), format!("{what} - type")])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(headers: &[&str]) -> (Vec<String>, Vec<String>) {
        let raw: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let keys = raw.iter().map(|h| super::super::columns::header_key(h)).collect();
        (raw, keys)
    }

    #[test]
    fn each_export_is_recognised_by_its_header_line() {
        let (r, k) = keys(&[
            "First Name",
            "Last Name",
            "Organization Title",
            "E-mail 1 - Label",
            "E-mail 1 - Value",
            "Phone 1 - Label",
            "Phone 1 - Value",
        ]);
        assert_eq!(recognise(&r, &k).map(|e| e.name), Some("Google Contacts CSV"));
        let (r, k) =
            keys(&["User principal name", "Display name", "Job title", "Department", "Office phone", "Mobile phone"]);
        assert_eq!(recognise(&r, &k).map(|e| e.name), Some("Microsoft 365 admin user export"));
        let (r, k) =
            keys(&["First Name [Required]", "Last Name [Required]", "Email Address [Required]", "Employee Title"]);
        assert_eq!(recognise(&r, &k).map(|e| e.name), Some("Google Workspace admin user export"));
        let (r, k) = keys(&["First Name", "Last Name", "Title", "Job Title", "E-mail Address", "Business Phone"]);
        assert_eq!(recognise(&r, &k).map(|e| e.name), Some("Outlook CSV"));
        let (r, k) = keys(&["Etunimi", "Sukunimi", "Sähköposti"]);
        assert!(recognise(&r, &k).is_none());
    }

    #[test]
    fn columns_that_look_like_ours_but_are_not() {
        assert_eq!(OUTLOOK.field("title"), Some(Field::Ignore));
        assert_eq!(OUTLOOK.field("job title"), Some(Field::Title));
        assert_eq!(OUTLOOK.field("home phone"), Some(Field::Ignore));
        assert_eq!(GOOGLE_WORKSPACE.field("recovery email"), Some(Field::Ignore));
        assert_eq!(GOOGLE_CONTACTS.field("phone 2 - value"), Some(Field::LabelledPhone));
        assert_eq!(GOOGLE_CONTACTS.field("phone 2 - label"), Some(Field::Ignore));
        assert_eq!(GOOGLE_CONTACTS.field("organization name"), Some(Field::Ignore));
        assert_eq!(label_keys("phone 2 - value").unwrap()[0], "phone 2 - label");
    }
}
