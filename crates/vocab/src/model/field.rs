//! The fields a person types into: of the directory's records and
//! messages (the text door names one when it refuses a text as too long)
//! and of the window's forms (the `api` module's `ApiError` marks
//! the one it is about). A closed set, so a field the window does not
//! have fails to compile on both sides; each is worded by the catalogs'
//! `field…` message ("given_name" → `fieldGivenName`).

use serde::Serialize;

/// Declares the fields once: the variant, its code (its serde name and the
/// catalog key), and `Field::ALL` for the catalog tests.
macro_rules! fields {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// A field a person types into; see the module's docs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum Field {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl Field {
            /// Every field, for the catalog tests.
            pub const ALL: &[Field] = &[$(Field::$variant,)*];

            /// Its code: what it is called in JSON and in the catalogs' keys.
            pub fn code(self) -> &'static str {
                match self {
                    $(Field::$variant => $code,)*
                }
            }
        }
    };
}

fields! {
    // A person's card.
    GivenName = "given_name",
    FamilyName = "family_name",
    Title = "title",
    Department = "department",
    /// One alias (the text door bounds each); `Aliases` is the form's list.
    Alias = "alias",
    Aliases = "aliases",
    Topic = "topic",
    Topics = "topics",
    Language = "language",
    Languages = "languages",
    Email = "email",
    Emails = "emails",
    PhoneNumber = "phone_number",
    PhoneLabel = "phone_label",
    Notes = "notes",
    /// The line the "add a note" form adds to the notes.
    Note = "note",
    LeftReason = "left_reason",
    /// Where calls go now: a colleague, a role or words.
    CallsTo = "calls_to",
    CallsToText = "calls_to_text",
    // A company.
    CompanyName = "company_name",
    Greeting = "greeting",
    CompanyNumber = "company_number",
    NumberLabel = "number_label",
    CompanyNotes = "company_notes",
    Fallback = "fallback",
    Timezone = "timezone",
    // A role, a feed, an absence.
    RoleName = "role_name",
    RoleAlias = "role_alias",
    Label = "label",
    Reason = "reason",
    /// The role or topic an on-call rota is for.
    OnCall = "on_call",
    /// The last day of a person who left.
    On = "on",
    /// When an absence entered by hand ends.
    Until = "until",
    // A message and its recipients.
    ForWords = "for_words",
    CallerName = "caller_name",
    CallerOrg = "caller_org",
    CallerNumber = "caller_number",
    CallerEmail = "caller_email",
    MessageBody = "message_body",
    CallbackWhen = "callback_when",
    Said = "said",
    Recipient = "recipient",
    RecipientName = "recipient_name",
    MailFrom = "mail_from",
    MessageAddress = "message_address",
    SummaryTo = "summary_to",
    /// Whom a caller asked for, in the call log.
    AskedFor = "asked_for",
    // The first run.
    /// The staff file to start with.
    File = "file",
    /// The team database's address.
    Address = "address",
    // The desk's phone line.
    /// Its SIP account, `sip:200@pbx.example.fi`.
    LineAccount = "line_account",
    LineUser = "line_user",
    LinePassword = "line_password",
    LineTransport = "line_transport",
    /// The PBX's own certificate authority (a PEM file).
    LineCaFile = "line_ca_file",
    /// One of the headset's sound devices.
    LineDevice = "line_device",
    // A call script.
    ScriptName = "script_name",
    ScriptDays = "script_days",
    ScriptHours = "script_hours",
    ScriptDates = "script_dates",
    ScriptNumber = "script_number",
    ScriptSay = "script_say",
    ScriptQuestions = "script_questions",
    ScriptGoesTo = "script_goes_to",
}

impl Field {
    /// The field of the window's form a refusal of this one marks: a list's
    /// single value is the list's field ("alias" → "aliases").
    pub fn in_form(self) -> Field {
        match self {
            Field::Alias => Field::Aliases,
            Field::Topic => Field::Topics,
            Field::Email => Field::Emails,
            Field::Language => Field::Languages,
            other => other,
        }
    }

    /// Its catalog message ("fieldGivenName").
    pub fn word(self) -> crate::words::MessageId {
        crate::words::MessageId::derived("field", self.code())
    }
}
