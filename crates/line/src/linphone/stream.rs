//! Reading `linphone-daemon`'s standard output, which carries both the
//! answers to commands and the events it pushes, as the daemon writes
//! them (liblinphone 5.1, `daemon/daemon.cc`):
//!
//! - an answer: `Status: Ok|Error`, maybe `Reason: …`, then a blank line
//!   and `Key: value` lines; the prompt `daemon-linphone>` follows it
//!   (it is printed before each command is read);
//! - an event: a blank line, `Event-type: …`, a blank line, `Key: value`
//!   lines, and a blank line;
//! - the command as read, echoed, which is ignored (it may hold a password).
//!
//! Each block is written in one piece under the daemon's lock, so blocks
//! never interleave; the prompt may stand before any of them.

/// One `Key: value` pair, in order.
pub type Fields = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Answer { ok: bool, reason: String, fields: Fields },
    Event { kind: String, fields: Fields },
}

const PROMPT: &str = "daemon-linphone>";

#[derive(Debug, Default)]
enum State {
    #[default]
    Idle,
    Answer {
        ok: bool,
        reason: String,
        fields: Fields,
    },
    Event {
        kind: String,
        fields: Fields,
    },
}

/// Splits the stream into blocks, line by line.
#[derive(Debug, Default)]
pub struct Parser {
    partial: String,
    state: State,
}

impl Parser {
    /// Feeds what was read; returns the blocks it completed.
    pub fn feed(&mut self, text: &str) -> Vec<Block> {
        let mut out = Vec::new();
        self.partial.push_str(text);
        // A prompt ends the answer before it even without a newline after it.
        while let Some(at) = self.partial.find(PROMPT) {
            let before: String = self.partial[..at].to_string();
            self.partial.drain(..at + PROMPT.len());
            for line in before.split('\n') {
                self.line(line, &mut out);
            }
            self.finish(&mut out);
        }
        // A line is read once whole; a tail that may still become a prompt waits.
        while let Some(nl) = self.partial.find('\n') {
            let line: String = self.partial[..nl].to_string();
            self.partial.drain(..=nl);
            self.line(&line, &mut out);
        }
        out
    }

    /// The daemon's output ended: whatever block was open is complete.
    pub fn end(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        let rest = std::mem::take(&mut self.partial);
        for line in rest.split('\n') {
            self.line(line, &mut out);
        }
        self.finish(&mut out);
        out
    }

    fn finish(&mut self, out: &mut Vec<Block>) {
        match std::mem::take(&mut self.state) {
            State::Idle => {}
            State::Answer { ok, reason, fields } => out.push(Block::Answer { ok, reason, fields }),
            State::Event { kind, fields } => out.push(Block::Event { kind, fields }),
        }
    }

    fn line(&mut self, line: &str, out: &mut Vec<Block>) {
        let line = line.trim_end_matches('\r');
        if let Some(status) = line.strip_prefix("Status: ") {
            self.finish(out);
            self.state = State::Answer { ok: status.trim() == "Ok", reason: String::new(), fields: Vec::new() };
            return;
        }
        if let Some(kind) = line.strip_prefix("Event-type: ") {
            self.finish(out);
            self.state = State::Event { kind: kind.trim().to_string(), fields: Vec::new() };
            return;
        }
        match &mut self.state {
            State::Idle => {}
            State::Answer { reason, fields, .. } => {
                if let Some((k, v)) = line.split_once(": ") {
                    if k == "Reason" && fields.is_empty() && reason.is_empty() {
                        *reason = v.to_string();
                    } else {
                        fields.push((k.to_string(), v.to_string()));
                    }
                }
            }
            State::Event { fields, .. } => {
                if line.is_empty() {
                    // The blank line after the fields closes the event (the
                    // one right after `Event-type` does not: no field yet).
                    if !fields.is_empty() {
                        self.finish(out);
                    }
                } else if let Some((k, v)) = line.split_once(": ") {
                    fields.push((k.to_string(), v.to_string()));
                }
            }
        }
    }
}

/// The first value of `key`.
pub fn field<'a>(fields: &'a Fields, key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn answers_and_events_as_the_daemon_writes_them() {
        // Bytes as measured from linphone-daemon 5.1.65 on Debian 12.
        let stream = "daemon-linphone>version\nStatus: Ok\n\nVersion: 5.1.65\ndaemon-linphone>\
                      bogus-command\nStatus: Error\nReason: Unknown command.\ndaemon-linphone>\
                      \nEvent-type: call-state-changed\n\nEvent: LinphoneCallIncomingReceived\n\
                      From: \"Caller\" <sip:0405550199@127.0.0.1>\nId: 1\n\n\n\
                      register-status ALL\nStatus: Ok\n\nId: 1\nState: LinphoneRegistrationOk\n\nId: 2\nState: LinphoneRegistrationFailed\n\
                      daemon-linphone>";
        let blocks = Parser::default().feed(stream);
        assert_eq!(
            blocks,
            vec![
                Block::Answer { ok: true, reason: String::new(), fields: kv(&[("Version", "5.1.65")]) },
                Block::Answer { ok: false, reason: "Unknown command.".into(), fields: Vec::new() },
                Block::Event {
                    kind: "call-state-changed".into(),
                    fields: kv(&[
                        ("Event", "LinphoneCallIncomingReceived"),
                        ("From", "\"Caller\" <sip:0405550199@127.0.0.1>"),
                        ("Id", "1")
                    ])
                },
                Block::Answer {
                    ok: true,
                    reason: String::new(),
                    fields: kv(&[
                        ("Id", "1"),
                        ("State", "LinphoneRegistrationOk"),
                        ("Id", "2"),
                        ("State", "LinphoneRegistrationFailed")
                    ])
                },
            ]
        );
    }

    #[test]
    fn an_event_between_an_answer_and_its_prompt_is_read_as_both() {
        // Seen once from linphone-daemon 5.1.65 after `terminate 1`: the
        // call's end was written before the prompt that closes the answer.
        let stream = "daemon-linphone>terminate 1\nStatus: Ok\n\n\nEvent-type: call-state-changed\n\n\
                      Event: LinphoneCallEnd\nId: 1\n\n\ndaemon-linphone>";
        assert_eq!(
            Parser::default().feed(stream),
            vec![
                Block::Answer { ok: true, reason: String::new(), fields: Vec::new() },
                Block::Event {
                    kind: "call-state-changed".into(),
                    fields: kv(&[("Event", "LinphoneCallEnd"), ("Id", "1")])
                },
            ]
        );
    }

    #[test]
    fn any_split_of_the_stream_gives_the_same_blocks() {
        let stream = "daemon-linphone>answer 1\nStatus: Ok\ndaemon-linphone>\nEvent-type: call-state-changed\n\n\
                      Event: LinphoneCallConnected\nFrom: <sip:a@b>\nId: 1\n\n\nquit\nStatus: Ok\n";
        let whole = {
            let mut p = Parser::default();
            let mut b = p.feed(stream);
            b.extend(p.end());
            b
        };
        assert_eq!(whole.len(), 3, "{whole:?}");
        for cut in 0..stream.len() {
            if !stream.is_char_boundary(cut) {
                continue;
            }
            let mut p = Parser::default();
            let mut b = p.feed(&stream[..cut]);
            b.extend(p.feed(&stream[cut..]));
            b.extend(p.end());
            assert_eq!(b, whole, "cut at {cut}");
        }
    }

    #[test]
    fn an_echoed_command_is_not_read_as_a_field() {
        let blocks = Parser::default().feed(
            "daemon-linphone>register sip:100@pbx sip:pbx pass: word NULL NULL\nStatus: Ok\n\nId: 1\ndaemon-linphone>",
        );
        assert_eq!(blocks, vec![Block::Answer { ok: true, reason: String::new(), fields: kv(&[("Id", "1")]) }]);
    }
}
