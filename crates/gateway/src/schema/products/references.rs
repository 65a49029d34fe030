//! The references a product names that belong to other domains and tenants: the enterprise a
//! custom product is for and the county visit it came from.

use async_graphql::{ID, MaybeUndefined};
use kernel::DomainError;
use products::product::{CountyVisits, Link};

use crate::schema::ids::{self, Identified};

/// A reference an update may leave out (kept), set to null (cleared) or to an id (checked).
pub(super) fn link<T: Identified>(
    field: &str,
    id: MaybeUndefined<ID>,
) -> Result<Link, DomainError> {
    match id {
        MaybeUndefined::Undefined => Ok(Link::Keep),
        MaybeUndefined::Null => Ok(Link::Clear),
        MaybeUndefined::Value(id) => ids::parse::<T>(field, &id).map(Link::To),
    }
}

/// County visits as the caller sees them: the products domain asks before a product names one.
pub struct VisibleVisits<'a, C> {
    pub db: &'a C,
    pub actor: &'a kernel::Actor,
}

impl<C: sea_orm::ConnectionTrait> CountyVisits for VisibleVisits<'_, C> {
    async fn visible(&self, id: uuid::Uuid) -> kernel::DomainResult<bool> {
        match campaigns::visit::get(self.db, self.actor, id).await {
            Ok(_) => Ok(true),
            Err(DomainError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
