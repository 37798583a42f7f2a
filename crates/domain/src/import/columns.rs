//! Which CSV column is which: the header names offices use in Finnish,
//! Swedish and English, plus the user's own `--map "Header=field"`.

use super::ImportError;
use crate::words::Phrase;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    GivenName,
    FamilyName,
    /// "Maija Virtanen" or "Virtanen, Maija" in one column.
    FullName,
    Title,
    Department,
    Email,
    Extension,
    Direct,
    Mobile,
    OtherPhone,
    /// A number whose kind is in a label column beside it (Google's "Phone 1 - Value").
    LabelledPhone,
    Topics,
    Aliases,
    Languages,
    Notes,
    /// Known and deliberately not imported.
    Ignore,
}

impl Field {
    /// The names accepted by `--map`.
    pub const NAMES: &'static [(&'static str, Field)] = &[
        ("given_name", Field::GivenName),
        ("family_name", Field::FamilyName),
        ("name", Field::FullName),
        ("title", Field::Title),
        ("department", Field::Department),
        ("email", Field::Email),
        ("extension", Field::Extension),
        ("direct", Field::Direct),
        ("mobile", Field::Mobile),
        ("phone", Field::OtherPhone),
        ("topics", Field::Topics),
        ("aliases", Field::Aliases),
        ("languages", Field::Languages),
        ("notes", Field::Notes),
        ("ignore", Field::Ignore),
    ];
}

/// Header spellings seen in real exports, already in [`header_key`] form.
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::GivenName,
        &[
            "etunimi",
            "etunimet",
            "kutsumanimi",
            "förnamn",
            "fornamn",
            "first name",
            "firstname",
            "given name",
            "givenname",
            "forename",
        ],
    ),
    (Field::FamilyName, &["sukunimi", "efternamn", "last name", "lastname", "surname", "family name", "familyname"]),
    (
        Field::FullName,
        &[
            "nimi",
            "koko nimi",
            "namn",
            "fullständigt namn",
            "name",
            "full name",
            "fullname",
            "display name",
            "näyttönimi",
        ],
    ),
    (
        Field::Title,
        &[
            "titteli",
            "nimike",
            "tehtävänimike",
            "ammattinimike",
            "tehtävä",
            "titel",
            "befattning",
            "yrkestitel",
            "title",
            "job title",
            "jobtitle",
            "position",
        ],
    ),
    (Field::Department, &["osasto", "yksikkö", "tiimi", "avdelning", "enhet", "department", "dept", "team", "unit"]),
    (
        Field::Email,
        &[
            "sähköposti",
            "sähköpostiosoite",
            "email",
            "e-mail",
            "e-mail address",
            "email address",
            "e-post",
            "epost",
            "e-postadress",
            "mail",
        ],
    ),
    (
        Field::Extension,
        &["alanumero", "sisänumero", "lyhytnumero", "anknytning", "anknytningsnummer", "extension", "ext", "internal"],
    ),
    (
        Field::Direct,
        &[
            "puhelin",
            "puhelinnumero",
            "suora numero",
            "suora",
            "työpuhelin",
            "telefon",
            "telefonnummer",
            "direktnummer",
            "arbetstelefon",
            "phone",
            "direct",
            "direct line",
            "work phone",
            "business phone",
            "telephone",
        ],
    ),
    (
        Field::Mobile,
        &[
            "matkapuhelin",
            "mobiili",
            "gsm",
            "kännykkä",
            "puhelin mobiili",
            "mobil",
            "mobiltelefon",
            "mobilnummer",
            "mobile",
            "mobile phone",
            "cell",
            "cell phone",
        ],
    ),
    (Field::OtherPhone, &["muu puhelin", "övrig telefon", "other phone"]),
    (
        Field::Topics,
        &[
            "vastuualueet",
            "vastuualue",
            "vastuut",
            "asiasanat",
            "ansvarsområden",
            "ansvarsområde",
            "ansvar",
            "responsibilities",
            "responsibility",
            "topics",
            "keywords",
        ],
    ),
    (Field::Aliases, &["lempinimi", "lempinimet", "smeknamn", "alias", "aliases", "nickname", "nicknames"]),
    (Field::Languages, &["kielet", "kieli", "språk", "languages", "language"]),
    (
        Field::Notes,
        &["lisätiedot", "huomiot", "huom", "muistiinpanot", "anteckningar", "övrigt", "notes", "note", "comments"],
    ),
];

/// Header as compared: lower-case, single spaces, without ':' '.' '*' and
/// without a bracketed note ("First Name [Required]").
pub fn header_key(header: &str) -> String {
    let header = match header.find(" [") {
        Some(i) if header.trim_end().ends_with(']') => &header[..i],
        _ => header,
    };
    let cleaned: String = header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ':' | '.' | '*' | '"'))
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    crate::text::name_key(&cleaned)
}

/// The field for a header: the user's mapping first, then the recognised
/// export's own names, then the built-in table.
pub fn field_for(header: &str, mapping: &[(String, Field)], export: Option<&super::formats::Export>) -> Option<Field> {
    let key = header_key(header);
    if let Some((_, f)) = mapping.iter().find(|(h, _)| header_key(h) == key) {
        return Some(*f);
    }
    if let Some(f) = export.and_then(|e| e.field(&key)) {
        return Some(f);
    }
    HEADERS.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(f, _)| *f)
}

/// Parses one `--map` argument: "Header=field".
pub fn parse_mapping(arg: &str) -> Result<(String, Field), ImportError> {
    let (header, field) = arg
        .rsplit_once('=')
        .ok_or_else(|| ImportError::Mapping { arg: arg.into(), why: Phrase::new(crate::msg!("importMappingForm")) })?;
    let key = field.trim().to_ascii_lowercase();
    let field = Field::NAMES.iter().find(|(n, _)| *n == key).map(|(_, f)| *f).ok_or_else(|| {
        let names: Vec<&str> = Field::NAMES.iter().map(|(n, _)| *n).collect();
        ImportError::Mapping {
            arg: arg.into(),
            why: Phrase::new(crate::msg!("importMappingField"))
                .text("field", key.clone())
                .text("names", names.join(", ")),
        }
    })?;
    Ok((header.trim().to_string(), field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_three_languages() {
        assert_eq!(field_for("Etunimi", &[], None), Some(Field::GivenName));
        assert_eq!(field_for(" Förnamn ", &[], None), Some(Field::GivenName));
        assert_eq!(field_for("Last Name", &[], None), Some(Field::FamilyName));
        assert_eq!(field_for("Sähköposti:", &[], None), Some(Field::Email));
        assert_eq!(field_for("\u{feff}E-post", &[], None), Some(Field::Email));
        assert_eq!(field_for("Matkapuhelin", &[], None), Some(Field::Mobile));
        assert_eq!(field_for("Ansvarsområden", &[], None), Some(Field::Topics));
        assert_eq!(field_for("Lempinimi", &[], None), Some(Field::Aliases));
        assert_eq!(field_for("Shoe size", &[], None), None);
    }

    #[test]
    fn user_mapping_wins() {
        let m = vec![parse_mapping("Puh=mobile").unwrap(), parse_mapping("Nimike=ignore").unwrap()];
        assert_eq!(field_for("PUH", &m, None), Some(Field::Mobile));
        assert_eq!(field_for("Nimike", &m, None), Some(Field::Ignore));
        let err = parse_mapping("Puh=shoe").unwrap_err();
        assert!(err.to_string().contains("given_name"), "{err}");
        assert!(parse_mapping("nothing").is_err());
    }
}
