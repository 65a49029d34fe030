//! Cursor pagination (Relay connections) by primary key.
//!
//! Keys are UUIDv7, so paging by key is paging in creation order, and a cursor is just the key,
//! opaque to clients. Keyset paging stays fast on deep pages where OFFSET would not.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult, Message, Problem, codes};

/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: i32 = 100;
/// The page size when the client names neither `first` nor `last`.
pub const DEFAULT_PAGE_SIZE: i32 = 20;

/// An opaque position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub Uuid);

impl Cursor {
    pub fn encode(self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_bytes())
    }

    pub fn decode(field: &str, s: &str) -> Result<Self, Problem> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|bytes| Uuid::from_slice(&bytes).ok())
            .map(Cursor)
            .ok_or_else(|| {
                Problem::new(
                    &[field],
                    codes::INVALID,
                    Message::new("无效的分页游标", "not a cursor this API issued"),
                )
            })
    }
}

/// A position in a list sorted by something other than its key (the catalogue by price, say):
/// the number of items before it. Opaque to clients, and distinct from key cursors so that one
/// list's cursor is not mistaken for another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetCursor(pub u64);

impl OffsetCursor {
    const TAG: u8 = b'o';

    pub fn encode(self) -> String {
        let mut bytes = vec![Self::TAG];
        bytes.extend_from_slice(&self.0.to_be_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn decode(field: &str, s: &str) -> Result<Self, Problem> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|bytes| match bytes.split_first() {
                Some((&Self::TAG, rest)) => rest.try_into().ok().map(u64::from_be_bytes),
                _ => None,
            })
            .map(OffsetCursor)
            .ok_or_else(|| {
                Problem::new(
                    &[field],
                    codes::INVALID,
                    Message::new("无效的分页游标", "not a cursor this API issued"),
                )
            })
    }
}

/// The Relay arguments as the client sent them.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSpec {
    pub limit: u64,
    pub after: Option<Uuid>,
    pub before: Option<Uuid>,
    /// Paging from the end (`last`): fetch in reverse, then restore order.
    pub backward: bool,
}

impl PageRequest {
    pub fn forward(first: i32) -> Self {
        Self {
            first: Some(first),
            ..Self::default()
        }
    }

    /// Checks sizes and cursors, reporting every problem at once.
    pub fn check(&self) -> DomainResult<PageSpec> {
        let mut problems = Vec::new();
        let size = |field: &str, n: Option<i32>, problems: &mut Vec<Problem>| match n {
            Some(n) if !(0..=MAX_PAGE_SIZE).contains(&n) => {
                problems.push(Problem::new(
                    &[field],
                    codes::OUT_OF_RANGE,
                    Message::new(
                        format!("每页数量必须在 0 到 {MAX_PAGE_SIZE} 之间"),
                        format!("page size must be between 0 and {MAX_PAGE_SIZE}"),
                    ),
                ));
                None
            }
            other => other,
        };
        let first = size("first", self.first, &mut problems);
        let last = size("last", self.last, &mut problems);
        if self.first.is_some() && self.last.is_some() {
            problems.push(Problem::new(
                &["last"],
                codes::INVALID,
                Message::new("first 与 last 不能同时使用", "use first or last, not both"),
            ));
        }
        let mut cursor = |field: &str, s: &Option<String>| {
            s.as_deref().and_then(|s| match Cursor::decode(field, s) {
                Ok(c) => Some(c.0),
                Err(p) => {
                    problems.push(p);
                    None
                }
            })
        };
        let after = cursor("after", &self.after);
        let before = cursor("before", &self.before);
        if !problems.is_empty() {
            return Err(DomainError::Invalid(problems));
        }
        let (limit, backward) = match (first, last) {
            (_, Some(last)) => (last, true),
            (Some(first), None) => (first, false),
            (None, None) => (DEFAULT_PAGE_SIZE, false),
        };
        Ok(PageSpec {
            limit: u64::try_from(limit).unwrap_or(0),
            after,
            before,
            backward,
        })
    }
}

/// One page of a list: each item with its cursor.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub edges: Vec<(Cursor, T)>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

impl<T> Page<T> {
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            edges: self.edges.into_iter().map(|(c, t)| (c, f(t))).collect(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
        }
    }
}

/// Runs `query` as one keyset page ordered by `id` (one statement, `limit + 1` rows to learn
/// whether there is more).
pub async fn paginate<E, C>(
    conn: &C,
    query: Select<E>,
    id: E::Column,
    spec: PageSpec,
    key: impl Fn(&E::Model) -> Uuid,
) -> DomainResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    C: ConnectionTrait,
{
    let mut query = query;
    if let Some(after) = spec.after {
        query = query.filter(id.gt(after));
    }
    if let Some(before) = spec.before {
        query = query.filter(id.lt(before));
    }
    query = if spec.backward {
        query.order_by_desc(id)
    } else {
        query.order_by_asc(id)
    };
    let mut rows = query.limit(spec.limit + 1).all(conn).await?;
    let more = rows.len() as u64 > spec.limit;
    rows.truncate(usize::try_from(spec.limit).unwrap_or(usize::MAX));
    if spec.backward {
        rows.reverse();
    }
    let (has_next_page, has_previous_page) = if spec.backward {
        (spec.before.is_some(), more)
    } else {
        (more, spec.after.is_some())
    };
    Ok(Page {
        edges: rows.into_iter().map(|m| (Cursor(key(&m)), m)).collect(),
        has_next_page,
        has_previous_page,
    })
}

/// Counts the rows of `query` (for `totalCount`, asked for only when a client selects it).
pub async fn count<E, C>(conn: &C, query: Select<E>) -> DomainResult<u64>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    C: ConnectionTrait,
{
    Ok(query.count(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let id = Uuid::now_v7();
        assert_eq!(
            Cursor::decode("after", &Cursor(id).encode()).unwrap(),
            Cursor(id)
        );
        assert!(Cursor::decode("after", "not a cursor!").is_err());
        assert!(Cursor::decode("after", "YWJj").is_err());
    }

    #[test]
    fn offset_cursors_round_trip_and_reject_key_cursors() {
        let c = OffsetCursor(40);
        assert_eq!(OffsetCursor::decode("after", &c.encode()).unwrap(), c);
        let key = Cursor(Uuid::now_v7()).encode();
        assert!(OffsetCursor::decode("after", &key).is_err());
        assert!(OffsetCursor::decode("after", "bm9wZQ").is_err());
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(PageRequest::default().check().unwrap().limit, 20);
        assert_eq!(PageRequest::forward(100).check().unwrap().limit, 100);
        for bad in [101, -1] {
            assert!(matches!(
                PageRequest::forward(bad).check(),
                Err(DomainError::Invalid(_))
            ));
        }
        let both = PageRequest {
            first: Some(1),
            last: Some(1),
            ..Default::default()
        };
        assert!(both.check().is_err());
    }
}
