//! The index as bytes, to keep on disk beside the store and read back
//! instead of indexing everyone again ([`super::super::on_disk`] decides
//! when). Every array is written whole, little-endian, after a header that
//! names the format and the store's state the index was built from.
//!
//! Read back, every number that points into another array (a person's
//! slot, a word's id, a field, a list's bounds) is checked first, so a
//! damaged, cut or foreign file is refused and the index built again: it
//! is never trusted into an out-of-bounds read or a wrong person.

use std::collections::HashMap;
use std::sync::Mutex;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{Entry, FIELD_BITS, FIELD_MASK, Index, Scratch};
use crate::search::HitKind;
use crate::search::rank::FieldKind;
use crate::search::vocab::Vocab;

const MAGIC: &[u8; 8] = b"VAIHDEIX";
/// Bumped whenever the layout or what is indexed changes: an older file is
/// then simply built again.
const FORMAT: u32 = 1;

/// Why a file was not read back as an index.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    #[error("the search index file is of another format or version")]
    Foreign,
    #[error("the search index file is damaged or cut short")]
    Damaged,
}

impl Index {
    /// The index as bytes, with the `stamp` of the store it was built from.
    /// An index with people indexed again since its build is written as
    /// built, so `stamp` must be the store's state at the build.
    pub fn to_bytes(&self, stamp: [i64; 4]) -> Vec<u8> {
        let mut out = Out(Vec::with_capacity(64 + self.postings.len() * 8 + self.entries.len() * 24));
        out.0.extend_from_slice(MAGIC);
        out.0.extend_from_slice(&FORMAT.to_le_bytes());
        for s in stamp {
            out.0.extend_from_slice(&s.to_le_bytes());
        }
        out.i64s(self.entries.iter().map(|e| e.person_id));
        out.i64s(self.entries.iter().map(|e| e.company_id));
        out.bytes(&self.entries.iter().map(|e| kind_code(e.kind)).collect::<Vec<u8>>());
        out.u32s(&self.forward_starts);
        out.u32s(&self.forward);
        out.bytes(&self.word_weight);
        out.strs(self.vocab.words());
        out.u32s(&self.starts);
        out.u32s(&self.postings);
        out.strs(self.sounds.iter().map(|(k, _)| &**k));
        out.u32s(&self.sounds.iter().map(|(_, w)| *w).collect::<Vec<u32>>());
        for list in [&self.phones, &self.phones_end] {
            out.strs(list.iter().map(|(k, _)| &**k));
            out.u32s(&list.iter().map(|(_, s)| *s).collect::<Vec<u32>>());
        }
        out.0
    }

    /// The index written by [`Index::to_bytes`] and the stamp it was written with.
    pub fn from_bytes(bytes: &[u8]) -> Result<(Index, [i64; 4]), StoredError> {
        let mut r = In(bytes);
        if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) || r.u32()? != FORMAT {
            return Err(StoredError::Foreign);
        }
        let stamp = [r.i64()?, r.i64()?, r.i64()?, r.i64()?];
        let person_ids = r.i64s()?;
        let company_ids = r.i64s()?;
        let kinds = r.bytes()?;
        let n = person_ids.len();
        if company_ids.len() != n || kinds.len() != n {
            return Err(StoredError::Damaged);
        }
        let mut entries = Vec::with_capacity(n);
        let mut companies: HashMap<i64, std::ops::Range<u32>> = HashMap::new();
        for (slot, ((&person_id, &company_id), &kind)) in person_ids.iter().zip(&company_ids).zip(kinds).enumerate() {
            let slot = slot as u32;
            let range = companies.entry(company_id).or_insert(slot..slot);
            // People are kept in runs by company: a company seen again after
            // another one is not a file this code wrote.
            if range.end != slot {
                return Err(StoredError::Damaged);
            }
            range.end = slot + 1;
            entries.push(Entry { person_id, company_id, kind: kind_of(kind)? });
        }
        let forward_starts = r.u32s()?;
        let forward = r.u32s()?;
        let word_weight = r.bytes()?.to_vec();
        let words = r.strs()?;
        let starts = r.u32s()?;
        let postings = r.u32s()?;
        let sound_keys = r.strs()?;
        let sound_words = r.u32s()?;
        let mut phone_lists = Vec::new();
        for _ in 0..2 {
            let keys = r.strs()?;
            let slots = r.u32s()?;
            if keys.len() != slots.len() || slots.iter().any(|&s| s as usize >= n) {
                return Err(StoredError::Damaged);
            }
            phone_lists.push(keys.into_iter().zip(slots).collect::<Vec<_>>());
        }
        if !r.0.is_empty() {
            return Err(StoredError::Damaged);
        }
        let vocab_len = words.len();
        let fields = FieldKind::ALL.len() as u32;
        let valid = word_weight.len() == vocab_len
            && bounds(&forward_starts, n, forward.len())
            && forward.iter().all(|&f| ((f >> FIELD_BITS) as usize) < vocab_len && f & FIELD_MASK < fields)
            && bounds(&starts, vocab_len, postings.len())
            && postings.iter().all(|&p| ((p >> FIELD_BITS) as usize) < n && p & FIELD_MASK < fields)
            && sound_keys.len() == sound_words.len()
            && sound_words.iter().all(|&w| (w as usize) < vocab_len)
            && words.windows(2).all(|w| w[0] < w[1]);
        if !valid {
            return Err(StoredError::Damaged);
        }
        let phones_end = phone_lists.pop().unwrap_or_default();
        let phones = phone_lists.pop().unwrap_or_default();
        let index = Index {
            entries,
            forward_starts,
            forward,
            word_weight,
            companies,
            vocab: Vocab::new(words),
            starts,
            postings,
            sounds: sound_keys.into_iter().zip(sound_words).collect(),
            phones,
            phones_end,
            scratch: Mutex::new(Scratch::new(n)),
            matcher: SkimMatcherV2::default(),
            overlay: None,
            people: Vec::new(),
            replaced: Default::default(),
        };
        Ok((index, stamp))
    }
}

/// `starts` bounds `count` lists laid end to end in `total` items.
fn bounds(starts: &[u32], count: usize, total: usize) -> bool {
    starts.len() == count + 1
        && starts.first() == Some(&0)
        && starts.last().is_some_and(|&l| l as usize == total)
        && starts.windows(2).all(|w| w[0] <= w[1])
}

fn kind_code(kind: HitKind) -> u8 {
    match kind {
        HitKind::Person | HitKind::Role | HitKind::Group => 0,
        HitKind::Former => 1,
        HitKind::Outsider => 2,
    }
}

fn kind_of(code: u8) -> Result<HitKind, StoredError> {
    match code {
        0 => Ok(HitKind::Person),
        1 => Ok(HitKind::Former),
        2 => Ok(HitKind::Outsider),
        _ => Err(StoredError::Damaged),
    }
}

struct Out(Vec<u8>);

impl Out {
    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }
    fn bytes(&mut self, v: &[u8]) {
        self.len(v.len());
        self.0.extend_from_slice(v);
    }
    fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn i64s(&mut self, v: impl ExactSizeIterator<Item = i64>) {
        self.len(v.len());
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    /// Strings as their lengths, then their bytes end to end.
    fn strs<'a>(&mut self, v: impl Iterator<Item = &'a str> + Clone) {
        self.u32s(&v.clone().map(|s| s.len() as u32).collect::<Vec<u32>>());
        let blob: Vec<u8> = v.flat_map(str::bytes).collect();
        self.bytes(&blob);
    }
}

struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], StoredError> {
        if n > self.0.len() {
            return Err(StoredError::Damaged);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, StoredError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i64(&mut self) -> Result<i64, StoredError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_le_bytes(a))
    }
    /// A length, checked against what is left for items of `size` bytes.
    fn len(&mut self, size: usize) -> Result<usize, StoredError> {
        let n = usize::try_from(self.i64()?).map_err(|_| StoredError::Damaged)?;
        if n.checked_mul(size).is_none_or(|b| b > self.0.len()) {
            return Err(StoredError::Damaged);
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8], StoredError> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn u32s(&mut self) -> Result<Vec<u32>, StoredError> {
        let n = self.len(4)?;
        Ok(self.take(n * 4)?.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    fn i64s(&mut self) -> Result<Vec<i64>, StoredError> {
        let n = self.len(8)?;
        Ok(self
            .take(n * 8)?
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
    fn strs(&mut self) -> Result<Vec<Box<str>>, StoredError> {
        let lens = self.u32s()?;
        let blob = self.bytes()?;
        let mut out = Vec::with_capacity(lens.len());
        let mut at = 0usize;
        for len in lens {
            let end = at.checked_add(len as usize).filter(|&e| e <= blob.len()).ok_or(StoredError::Damaged)?;
            let s = std::str::from_utf8(&blob[at..end]).map_err(|_| StoredError::Damaged)?;
            out.push(Box::from(s));
            at = end;
        }
        if at != blob.len() {
            return Err(StoredError::Damaged);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Preference, Scope};

    fn demo_index() -> (Index, i64) {
        let population = crate::demo::population::generate(3_000, 12, 3).expect("population");
        let mut b = super::super::IndexBuilder::new();
        for c in &population.companies {
            b.company(c.id, &c.name);
        }
        for p in &population.people {
            b.person(p, &["Asiakaspalvelu".to_string()]);
        }
        (b.finish(), population.companies[2].id)
    }

    #[test]
    fn read_back_it_answers_as_built() {
        let (index, company) = demo_index();
        let bytes = index.to_bytes([7, 3000, 3001, 5]);
        let (back, stamp) = Index::from_bytes(&bytes).expect("read back");
        assert_eq!(stamp, [7, 3000, 3001, 5]);
        assert_eq!(back.len(), index.len());
        for q in ["a", "ma", "virtanen", "virtnaen", "asiakas", "040", "oy", "hmlnen"] {
            for scope in [Scope::Company(company), Scope::All(Some(company)), Scope::All(None)] {
                let a: Vec<_> = index
                    .search_with(q, scope, 15, &Preference::none())
                    .iter()
                    .map(|h| (h.person_id, h.score))
                    .collect();
                let b: Vec<_> = back
                    .search_with(q, scope, 15, &Preference::none())
                    .iter()
                    .map(|h| (h.person_id, h.score))
                    .collect();
                assert_eq!(a, b, "{q:?} {scope:?}");
            }
        }
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused_never_trusted() {
        let (index, _) = demo_index();
        let bytes = index.to_bytes([1, 2, 3, 4]);
        assert!(matches!(Index::from_bytes(b"not an index"), Err(StoredError::Foreign)));
        let mut newer = bytes.clone();
        newer[8] = 99;
        assert!(matches!(Index::from_bytes(&newer), Err(StoredError::Foreign)));
        // Cut anywhere: refused.
        for cut in [12, 48, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            assert!(Index::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // Bytes flipped all over: refused or still a sound index, never a panic.
        for at in (44..bytes.len()).step_by(bytes.len() / 97) {
            let mut bad = bytes.clone();
            bad[at] ^= 0xA5;
            if let Ok((i, _)) = Index::from_bytes(&bad) {
                let _ = i.search("ma", Scope::All(None), 10);
            }
        }
    }
}
