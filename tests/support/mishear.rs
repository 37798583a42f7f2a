//! How an operator gets a name wrong: heard, misspelt, typed without
//! accents, half typed. Shared by the search quality suites
//! (`search_quality.rs`, `namesakes.rs`) so both mishear alike.

#![allow(dead_code)]

use vaihde::demo::rng::Rng;

pub fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ä' | 'å' => 'a',
            'Ä' | 'Å' => 'A',
            'ö' => 'o',
            'Ö' => 'O',
            'é' => 'e',
            c => c,
        })
        .collect()
}

pub fn has_double(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0] == w[1])
}

pub fn undouble(s: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for c in s.chars() {
        if !done && out.ends_with(c) {
            done = true;
            continue;
        }
        out.push(c);
    }
    out
}

/// A Nordic spelling variant as someone writes it from memory.
pub fn spelling_variant(name: &str) -> Option<String> {
    for (from, to) in [
        ("ksson", "xon"),
        ("sson", "son"),
        ("Karl", "Carl"),
        ("Kristina", "Christina"),
        ("Christ", "Krist"),
        ("th", "t"),
        ("ph", "f"),
        ("qvist", "kvist"),
        ("Mathias", "Matias"),
        ("Thor", "Tor"),
        ("Cecilia", "Sesilia"),
        ("Kajsa", "Kaisa"),
        ("Zilliacus", "Silliakus"),
    ] {
        if name.contains(from) {
            return Some(name.replacen(from, to, 1));
        }
    }
    None
}

/// How a family name sounds to someone who has only heard it.
pub fn heard(name: &str) -> Option<String> {
    for (from, to) in [
        ("Sj", "Sh"),
        ("Hj", "J"),
        ("Lj", "J"),
        ("Stj", "Sh"),
        ("Sch", "Sh"),
        ("Å", "O"),
        ("D", "T"),
        ("B", "P"),
        ("G", "K"),
        ("berg", "perk"),
        ("dahl", "tal"),
        ("gren", "kren"),
    ] {
        if name.contains(from) {
            return Some(name.replacen(from, to, 1));
        }
    }
    None
}

/// A given name as heard: Swedish soft sounds and voicing.
pub fn heard_given(name: &str) -> Option<String> {
    let heard = match name {
        "Göran" => "Jöran",
        "Hjalmar" => "Jalmar",
        "Birgitta" => "Pirkitta",
        "Cecilia" => "Sesilia",
        "Kjell" => "Tjell",
        "Gustav" => "Kustav",
        "Jessica" => "Jessika",
        "Ebba" => "Eppa",
        "Sigrid" => "Sikrid",
        "Ingrid" => "Inkrid",
        "Agnes" => "Aknes",
        "Björn" => "Pjörn",
        "Bengt" => "Penkt",
        "Gunilla" => "Kunilla",
        "Åsa" => "Osa",
        _ => return None,
    };
    Some(heard.to_string())
}

/// One typo in a word, past its first letter.
pub fn typo(rng: &mut Rng, word: &str, kind: &str) -> String {
    let mut c: Vec<char> = word.to_lowercase().chars().collect();
    let i = 1 + rng.below(c.len() as u64 - 2) as usize;
    match kind {
        "dropped" => {
            c.remove(i);
        }
        "doubled" => {
            let x = c[i];
            c.insert(i, x);
        }
        "swapped" => {
            // Swap two different letters, or it is no typo at all.
            let j = (i..c.len() - 1).find(|&j| c[j] != c[j + 1]).unwrap_or(i);
            c.swap(j, j + 1);
        }
        _ => {
            let keys = "qwertyuiopasdfghjklzxcvbnm";
            let pos = keys.find(c[i]).unwrap_or(0);
            c[i] = keys.chars().nth((pos + 1) % keys.len()).unwrap_or('a');
        }
    }
    c.into_iter().collect()
}
