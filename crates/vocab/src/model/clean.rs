//! Every text field of the directory's records through the door
//! ([`crate::text::clean`]): which kind of text each field is, in one
//! place. The directory calls these before every insert and update, and
//! imports call them per record so a refusal names the file's line.

use crate::text::clean::{Kind, TextError, bounded};

use super::{Company, Departure, Field, Person, Redirect, Role};

/// A text field: which kind of text it holds, and which field it is in
/// errors (worded by the catalogs' `field…` messages).
pub type TextField = (Kind, Field);

/// A person's text fields, shared by [`Person::normalise`] and the staff
/// import, which bounds each record before it meets the directory.
pub mod person {
    use super::{Field, Kind, TextField};

    pub const GIVEN_NAME: TextField = (Kind::Name, Field::GivenName);
    pub const FAMILY_NAME: TextField = (Kind::Name, Field::FamilyName);
    pub const TITLE: TextField = (Kind::Name, Field::Title);
    pub const DEPARTMENT: TextField = (Kind::Name, Field::Department);
    pub const ALIAS: TextField = (Kind::Name, Field::Alias);
    pub const TOPIC: TextField = (Kind::Name, Field::Topic);
    pub const LANGUAGE: TextField = (Kind::Name, Field::Language);
    pub const EMAIL: TextField = (Kind::Email, Field::Email);
    pub const PHONE_NUMBER: TextField = (Kind::Phone, Field::PhoneNumber);
    pub const PHONE_LABEL: TextField = (Kind::Name, Field::PhoneLabel);
    pub const NOTES: TextField = (Kind::Notes, Field::Notes);
}

/// A list field: each value normalised, empty ones and repeats dropped.
pub fn list((kind, field): TextField, values: &mut Vec<String>) -> Result<(), TextError> {
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

pub fn one((kind, field): TextField, value: &mut String) -> Result<(), TextError> {
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
            one((Kind::Line, Field::LeftReason), r)?;
        }
        if let Some(Redirect::Text(t)) = &mut self.calls_to {
            one((Kind::Line, Field::CallsToText), t)?;
        }
        Ok(())
    }
}

impl Company {
    pub fn normalise(&mut self) -> Result<(), TextError> {
        one((Kind::Name, Field::CompanyName), &mut self.name)?;
        for g in self.greetings.values_mut() {
            one((Kind::Line, Field::Greeting), g)?;
        }
        for n in &mut self.numbers {
            one((Kind::Phone, Field::CompanyNumber), &mut n.number)?;
            one((Kind::Name, Field::NumberLabel), &mut n.label)?;
        }
        one((Kind::Notes, Field::CompanyNotes), &mut self.notes)?;
        one((Kind::Line, Field::Fallback), &mut self.fallback)
    }
}

impl Role {
    pub fn normalise(&mut self) -> Result<(), TextError> {
        one((Kind::Name, Field::RoleName), &mut self.name)?;
        list((Kind::Name, Field::RoleAlias), &mut self.aliases)
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
