//! Documents already checked. An APP sends the same few operations all day; reading, parsing
//! and measuring one again each time was a sixth of the CPU of a small request (pest's parser
//! dominates it). A document passed for one tier of limits is remembered with its text as the
//! key, and a request with the same text under the same tier gets the parsed document back.
//!
//! Only documents within their limits are kept (a refusal costs the refused caller, and keeping
//! it would let hostile text fill the memory), only short ones, and only so many: past the
//! bound the memory starts afresh, which costs one parse per operation.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::Checked;

/// Documents remembered at most, per tier.
const MAX_DOCUMENTS: usize = 512;
/// Longer documents are checked every time.
const MAX_BYTES: usize = 8 * 1024;

#[derive(Default)]
pub struct CheckedDocuments {
    anonymous: Mutex<HashMap<String, Arc<Checked>>>,
    authenticated: Mutex<HashMap<String, Arc<Checked>>>,
}

impl CheckedDocuments {
    fn tier(&self, anonymous: bool) -> &Mutex<HashMap<String, Arc<Checked>>> {
        if anonymous {
            &self.anonymous
        } else {
            &self.authenticated
        }
    }

    /// The document `query` was checked to be under this tier, if it was.
    pub fn get(&self, anonymous: bool, query: &str) -> Option<Arc<Checked>> {
        self.tier(anonymous)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(query)
            .cloned()
    }

    /// Remembers a document that passed under this tier.
    pub fn keep(&self, anonymous: bool, query: &str, checked: Arc<Checked>) {
        if query.len() > MAX_BYTES {
            return;
        }
        let mut map = self
            .tier(anonymous)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_DOCUMENTS {
            map.clear();
        }
        map.insert(query.to_owned(), checked);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentLimits, check};

    #[test]
    fn a_document_is_remembered_per_tier_and_only_short_ones() {
        let cache = CheckedDocuments::default();
        let query = "{ viewer { role } }";
        let checked = Arc::new(check(query, &DocumentLimits::authenticated()).unwrap());
        cache.keep(false, query, Arc::clone(&checked));
        assert!(cache.get(false, query).is_some());
        assert!(cache.get(true, query).is_none(), "tiers are apart");
        assert!(cache.get(false, "{ viewer { id } }").is_none());
        let long = format!("{{ {} }}", "a ".repeat(MAX_BYTES));
        cache.keep(false, &long, checked);
        assert!(cache.get(false, &long).is_none());
    }
}
