//! Every text field of the directory's records through the door
//! ([`crate::text::clean`]): which kind of text each field is, in one
//! place. The directory calls these before every insert and update, and
//! imports call them per record so a refusal names the file's line.

use crate::text::clean::{Kind, TextError, bounded};

use super::{Company, Departure, Person, Redirect, Role};

/// A text field: which kind of text it holds, and its id in errors
/// (worded by the catalogs' `field…` messages).
pub type Field = (Kind, &'static str);

/// A person's text fields, shared by [`Person::normalise`] and the staff
/// import, which bounds each record before it meets the directory.
pub mod person {
    use super::{Field, Kind};

    pub const GIVEN_NAME: Field = (Kind::Name, "given_name");
    pub const FAMILY_NAME: Field = (Kind::Name, "family_name");
    pub const TITLE: Field = (Kind::Name, "title");
    pub const DEPARTMENT: Field = (Kind::Name, "department");
    pub const ALIAS: Field = (Kind::Name, "alias");
    pub const TOPIC: Field = (Kind::Name, "topic");
    pub const LANGUAGE: Field = (Kind::Name, "language");
    pub const EMAIL: Field = (Kind::Email, "email");
    pub const PHONE_NUMBER: Field = (Kind::Phone, "phone_number");
    pub const PHONE_LABEL: Field = (Kind::Name, "phone_label");
    pub const NOTES: Field = (Kind::Notes, "notes");
}

/// A list field: each value normalised, empty ones and repeats dropped.
pub fn list((kind, field): Field, values: &mut Vec<String>) -> Result<(), TextError> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values.iter() {
        let clean = bounded(kind, field, v)?;
        if !clean.is_empty() && !out.contains(&clean) {
            out.push(clean);
        }
    }
    *values = out;
    Ok(())
}

pub fn one((kind, field): Field, value: &mut String) -> Result<(), TextError> {
    *value = bounded(kind, field, value)?;
    Ok(())
}

impl Person {
    /// Normalises every text field in place; refuses a field over its limit.
    pub fn normalise(&mut self) -> Result<(), TextError> {
        one(person::GIVEN_NAME, &mut self.given_name)?;
        one(person::FAMILY_NAME, &mut self.family_name)?;
        one(person::TITLE, &mut self.title)?;
        one(person::DEPARTMENT, &mut self.department)?;
        list(person::ALIAS, &mut self.aliases)?;
        list(person::TOPIC, &mut self.topics)?;
        list(person::LANGUAGE, &mut self.languages)?;
        list(person::EMAIL, &mut self.emails)?;
        for p in &mut self.phones {
            one(person::PHONE_NUMBER, &mut p.number)?;
            one(person::PHONE_LABEL, &mut p.label)?;
        }
        self.phones.retain(|p| !p.number.is_empty());
        one(person::NOTES, &mut self.notes)?;
        if let Some(Departure { reason: Some(r), .. }) = &mut self.left {
            one((Kind::Line, "left_reason"), r)?;
        }
        if let Some(Redirect::Text(t)) = &mut self.calls_to {
            one((Kind::Line, "calls_to_text"), t)?;
        }
        Ok(())
    }
}

impl Company {
    pub fn normalise(&mut self) -> Result<(), TextError> {
        one((Kind::Name, "company_name"), &mut self.name)?;
        for g in self.greetings.values_mut() {
            one((Kind::Line, "greeting"), g)?;
        }
        for n in &mut self.numbers {
            one((Kind::Phone, "company_number"), &mut n.number)?;
            one((Kind::Name, "number_label"), &mut n.label)?;
        }
        one((Kind::Notes, "company_notes"), &mut self.notes)?;
        one((Kind::Line, "fallback"), &mut self.fallback)
    }
}

impl Role {
    pub fn normalise(&mut self) -> Result<(), TextError> {
        one((Kind::Name, "role_name"), &mut self.name)?;
        list((Kind::Name, "role_alias"), &mut self.aliases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Phone, PhoneKind};

    #[test]
    fn a_person_from_another_system_is_stored_clean() {
        let mut p = Person::new(1, " Pa\u{0308}ivi ", "Ha\u{0308}ma\u{0308}la\u{0308}inen\u{202E}");
        p.aliases = vec!["Päikki".into(), "Pa\u{0308}ikki".into(), " ".into()];
        p.phones = vec![Phone { kind: PhoneKind::Extension, number: "21\u{200B}04".into(), label: String::new() }];
        p.notes = "rivi 1\r\nrivi 2\u{0}".into();
        p.normalise().unwrap();
        assert_eq!((p.given_name.as_str(), p.family_name.as_str()), ("Päivi", "Hämäläinen"));
        assert_eq!(p.aliases, ["Päikki"], "the same alias twice once decomposed is one alias");
        assert_eq!(p.phones[0].number, "2104");
        assert_eq!(p.notes, "rivi 1\nrivi 2");
    }

    #[test]
    fn a_field_over_its_limit_is_refused_by_name() {
        let mut p = Person::new(1, "Maija", &"V".repeat(201));
        let e = p.normalise().unwrap_err();
        assert!(e.to_string().starts_with("family name is 201 characters long"), "{e}");
        let mut p = Person::new(1, "Maija", "Virtanen");
        p.notes = "n".repeat(10_000);
        assert!(p.normalise().is_ok(), "a note at the limit fits");
    }
}
