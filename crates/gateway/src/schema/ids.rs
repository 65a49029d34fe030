//! Global ids (`gid://yijin/Type/<uuid>`): every type that has one is named once, in
//! [`super::registry`], and everything else refers to it by a marker type (`ids::Product`), so a
//! misspelt type name does not compile. This module imports no object type: object types,
//! inputs and the `node` dispatch all depend on it, never the other way round.

use async_graphql::ID;
use kernel::error::{Problems, codes};
use kernel::{DomainError, GlobalId, Message, Problem};
use uuid::Uuid;

use super::registry::registry;

/// A type that has global ids.
pub trait Identified {
    const KIND: Kind;
}

/// Builds [`Kind`] and the marker types from the [`registry`] table; the nodes' GraphQL types
/// and loaders are not used here.
macro_rules! kinds {
    (
        nodes {
            $($node:ident($($_ty:tt)+) = |$_at:ident, $_ids:ident| $_load:expr $(, via $_via:path)?;)*
        }
        parts { $($part:ident),* $(,)? }
    ) => {
        kinds!(@all $($node,)* $($part,)*);
    };
    (@all $($name:ident,)*) => {
        /// Every type that has a global id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($name),*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$name),*];

            /// The name in the id, which is also the GraphQL type's name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$name => stringify!($name)),*
                }
            }

            pub fn from_name(name: &str) -> Option<Kind> {
                match name {
                    $(stringify!($name) => Some(Kind::$name),)*
                    _ => None,
                }
            }
        }

        $(
            #[doc = concat!("The `", stringify!($name), "` global-id type.")]
            pub struct $name;

            impl Identified for $name {
                const KIND: Kind = Kind::$name;
            }
        )*
    };
}

registry!(kinds);

/// The global id of a `T`.
pub fn gid<T: Identified>(id: Uuid) -> ID {
    of(T::KIND, id)
}

/// The global id of a kind known only at run time (an organisation of any kind).
pub fn of(kind: Kind, id: Uuid) -> ID {
    ID(GlobalId::new(kind.name(), id).to_string())
}

/// An organisation's global id.
pub fn org(kind: kernel::OrgKind, id: Uuid) -> ID {
    of(
        match kind {
            kernel::OrgKind::Association => Kind::Association,
            kernel::OrgKind::Enterprise => Kind::Enterprise,
            kernel::OrgKind::Supplier => Kind::Supplier,
        },
        id,
    )
}

/// Parses an id argument that must name a `T`; a malformed id or one of another type is a
/// problem on `field`.
pub fn parse<T: Identified>(field: &str, id: &ID) -> Result<Uuid, DomainError> {
    let name = T::KIND.name();
    GlobalId::parse_as(id.as_str(), name).map_err(|_| not_of(field, name))
}

/// The `INVALID_ID` problem on `field` of an id that is not a global id of type `name`.
pub fn not_of(field: &str, name: &str) -> DomainError {
    DomainError::invalid(
        &[field],
        codes::INVALID_ID,
        Message::new(
            format!("不是有效的 {name} 全局 ID（gid://yijin/{name}/<uuid>）"),
            format!("not a {name} global id (gid://yijin/{name}/<uuid>)"),
        ),
    )
}

/// Parses an id argument that may name any type: its kind and uuid, or an `INVALID_ID` problem
/// on `field` when it is not a global id of one of this API's types.
pub fn parse_any(field: &str, id: &ID) -> Result<(Kind, Uuid), DomainError> {
    id.as_str()
        .parse::<kernel::id::RawGlobalId>()
        .ok()
        .and_then(|raw| Some((Kind::from_name(&raw.type_name)?, raw.id)))
        .ok_or_else(|| {
            DomainError::invalid(
                &[field],
                codes::INVALID_ID,
                Message::new(
                    "不是有效的全局 ID（gid://yijin/<类型>/<uuid>）",
                    "not a global id (gid://yijin/<Type>/<uuid>)",
                ),
            )
        })
}

/// [`parse`] for an id inside a list item: a problem on `[list, index, field]`.
pub fn parse_in<T: Identified>(
    list: &str,
    index: usize,
    field: &str,
    id: &ID,
) -> Result<Uuid, DomainError> {
    parse::<T>(field, id).map_err(|e| match e {
        DomainError::Invalid(problems) => DomainError::Invalid(
            problems
                .into_iter()
                .map(|p| p.under(&[list, &index.to_string()]))
                .collect(),
        ),
        other => other,
    })
}

/// A problem with the item at `index` of a list argument: its path gains the index
/// (`["ids"]` becomes `["ids", "2"]`).
pub fn at_index(e: DomainError, index: usize) -> DomainError {
    match e {
        DomainError::Invalid(problems) => DomainError::Invalid(
            problems
                .into_iter()
                .map(|mut p| {
                    p.field.push(index.to_string());
                    p
                })
                .collect(),
        ),
        other => other,
    }
}

/// [`parse`] for an optional argument.
pub fn parse_opt<T: Identified>(field: &str, id: Option<&ID>) -> Result<Option<Uuid>, DomainError> {
    id.map(|id| parse::<T>(field, id)).transpose()
}

/// [`parse`] for a list argument: every bad item is reported, each on its own path
/// (`["projectIds", "2"]`).
pub fn parse_each<T: Identified>(field: &str, ids: &[ID]) -> Result<Vec<Uuid>, DomainError> {
    let mut problems = Problems::new();
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        match parse::<T>(field, id) {
            Ok(uuid) => out.push(uuid),
            Err(DomainError::Invalid(list)) => {
                for p in list {
                    problems.push(Problem {
                        field: vec![field.to_owned(), i.to_string()],
                        ..p
                    });
                }
            }
            Err(other) => return Err(other),
        }
    }
    problems.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(*kind));
        }
        let id = Uuid::now_v7();
        let product = gid::<Product>(id);
        assert_eq!(parse::<Product>("id", &product).unwrap(), id);
        assert!(
            parse::<Supplier>("id", &product).is_err(),
            "another type's id"
        );
    }
}
