//! The sorted list of every distinct folded word in the directory, and the
//! three ways a typed word finds its entries in it: exactly, as a prefix
//! (the operator is still typing), and within one or two typos of a word or
//! of the start of a word (dropped, doubled, wrong or swapped letter).
//!
//! The typo search walks the sorted list as if it were a trie: neighbouring
//! words share their edit-distance rows up to their common prefix, and a
//! whole run of words sharing a prefix is skipped as soon as that prefix is
//! too far from the typed word. So it visits a small part of the list even
//! for a million people.

use std::ops::Range;

/// Longest word kept; longer ones are cut (nobody types more).
pub const MAX_WORD: usize = 40;

pub struct Vocab {
    words: Vec<Box<str>>,
}

/// A word found within `distance` typos of the typed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Near {
    pub word: u32,
    pub distance: u8,
    /// The whole word is within `distance`, not only its start.
    pub whole: bool,
}

impl Vocab {
    /// `words` must be sorted and free of duplicates.
    pub fn new(words: Vec<Box<str>>) -> Vocab {
        debug_assert!(words.windows(2).all(|w| w[0] < w[1]));
        Vocab { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map(|w| &**w).unwrap_or("")
    }

    pub fn words(&self) -> impl Iterator<Item = &str> + Clone {
        self.words.iter().map(|w| &**w)
    }

    pub fn find(&self, word: &str) -> Option<u32> {
        self.words.binary_search_by(|w| (**w).cmp(word)).ok().map(|i| i as u32)
    }

    /// Ids of the words starting with `prefix` (the word itself included).
    pub fn prefixed(&self, prefix: &str) -> Range<u32> {
        let start = self.words.partition_point(|w| &**w < prefix);
        let len = self.words[start..].partition_point(|w| w.starts_with(prefix));
        start as u32..(start + len) as u32
    }

    /// Words whose start (or whole) is within `max` edits of `typed`
    /// (Damerau: insert, delete, replace, swap two neighbours).
    pub fn near(&self, typed: &str, max: u8) -> Vec<Near> {
        let q = typed.as_bytes();
        let m = q.len();
        let mut found = Vec::new();
        if m == 0 || m > MAX_WORD {
            return found;
        }
        // rows[j] = distances of q[..i] to word[..j]; best[j] = min over
        // j' <= j of rows[j'][m] (the best start of the word so far).
        let mut rows: Vec<Vec<u8>> = vec![vec![0; m + 1]; MAX_WORD + 1];
        let mut best = [u8::MAX; MAX_WORD + 1];
        for (i, cell) in rows[0].iter_mut().enumerate() {
            *cell = i as u8;
        }
        best[0] = m as u8;
        let mut valid: &[u8] = b"";
        let mut idx = 0;
        while idx < self.words.len() {
            let w = self.words[idx].as_bytes();
            let common = valid.iter().zip(w).take_while(|(a, b)| a == b).count();
            let mut pruned_at = None;
            for j in common + 1..=w.len().min(MAX_WORD) {
                let (done, rest) = rows.split_at_mut(j);
                let row = &mut rest[0];
                let up = &done[j - 1];
                row[0] = j as u8;
                let mut low = row[0];
                for i in 1..=m {
                    let cost = u8::from(q[i - 1] != w[j - 1]);
                    let mut d = (up[i] + 1).min(row[i - 1] + 1).min(up[i - 1] + cost);
                    if i > 1 && j > 1 && q[i - 1] == w[j - 2] && q[i - 2] == w[j - 1] {
                        d = d.min(done[j - 2][i - 2] + 1);
                    }
                    row[i] = d;
                    low = low.min(d);
                }
                best[j] = best[j - 1].min(row[m]);
                if low > max {
                    pruned_at = Some(j);
                    break;
                }
            }
            if let Some(j) = pruned_at {
                // Longer words only drift further: every word starting with
                // w[..j] is decided now, found through its start or not at all.
                let prefix = &w[..j];
                valid = prefix;
                let skip = self.words[idx..].partition_point(|x| x.as_bytes().starts_with(prefix)).max(1);
                if best[j] <= max {
                    let distance = best[j];
                    found.extend((idx..idx + skip).map(|i| Near { word: i as u32, distance, whole: false }));
                }
                idx += skip;
                continue;
            }
            let len = w.len().min(MAX_WORD);
            if best[len] <= max {
                found.push(Near { word: idx as u32, distance: best[len], whole: rows[len][m] <= max });
            }
            valid = &w[..len];
            idx += 1;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocab {
        let mut w: Vec<Box<str>> = words.iter().map(|w| Box::from(*w)).collect();
        w.sort();
        w.dedup();
        Vocab::new(w)
    }

    fn near(v: &Vocab, typed: &str, max: u8) -> Vec<(String, u8, bool)> {
        v.near(typed, max).into_iter().map(|n| (v.word(n.word).to_string(), n.distance, n.whole)).collect()
    }

    #[test]
    fn exact_and_prefix() {
        let v = vocab(&["virtanen", "virta", "vartiainen", "maija"]);
        assert_eq!(v.find("virta"), Some(2));
        assert_eq!(v.find("virt"), None);
        let r = v.prefixed("virt");
        assert_eq!(r.clone().map(|i| v.word(i)).collect::<Vec<_>>(), vec!["virta", "virtanen"]);
        assert!(v.prefixed("x").is_empty());
    }

    #[test]
    fn typos_of_whole_words_and_starts() {
        let v = vocab(&["virtanen", "virta", "vartiainen", "maija", "saarinen"]);
        // Swapped, dropped, doubled, wrong letter.
        assert_eq!(near(&v, "virtnaen", 1), vec![("virtanen".into(), 1, true)]);
        assert_eq!(near(&v, "virtnen", 1), vec![("virtanen".into(), 1, true)]);
        assert_eq!(near(&v, "maijja", 1), vec![("maija".into(), 1, true)]);
        assert_eq!(near(&v, "saarimen", 1), vec![("saarinen".into(), 1, true)]);
        // Still typing, with a typo: the start of the word is near.
        assert!(near(&v, "virtsn", 1).contains(&("virtanen".into(), 1, false)));
        assert!(near(&v, "xxxxx", 1).is_empty());
        // Two typos need max 2.
        assert!(near(&v, "vrtanem", 1).is_empty());
        assert_eq!(near(&v, "vrtanem", 2), vec![("virtanen".into(), 2, true)]);
    }

    #[test]
    fn same_answer_as_checking_every_word() {
        // The pruned walk must find exactly what a plain check finds.
        let words: Vec<String> = (0..400u32)
            .map(|i| format!("{}{}", ["ka", "ko", "ki", "sa", "ma"][i as usize % 5], i * 7919 % 1000))
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let v = vocab(&refs);
        for typed in ["ka12", "ko99", "k1", "sa5", "ma77"] {
            let walked: Vec<u32> = v.near(typed, 1).into_iter().map(|n| n.word).collect();
            let plain: Vec<u32> = (0..v.len() as u32).filter(|&i| prefix_distance(typed, v.word(i)) <= 1).collect();
            assert_eq!(walked, plain, "{typed}");
        }
    }

    fn prefix_distance(a: &str, b: &str) -> usize {
        (0..=b.len()).map(|j| osa(a.as_bytes(), &b.as_bytes()[..j])).min().unwrap_or(usize::MAX)
    }

    fn osa(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }
}
