//! Who may read a ranking or scorecard of which scope, by the one tenant rule
//! (`participants::access`): the whole campaign, a province or a city is the public scoreboard
//! (it names regions and organisations, never people); an association, enterprise or project
//! scope is readable by whoever may read that association, enterprise or project. Anything
//! else is `NotFound`, like an id that does not exist.

use kernel::{Actor, DomainResult};
use sea_orm::ConnectionTrait;

use super::Within;

pub async fn check(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    within: &Within,
) -> DomainResult<()> {
    match within {
        Within::Campaign | Within::Province(_) | Within::City(_) => Ok(()),
        Within::Association(a) => participants::association::get(conn, actor, *a)
            .await
            .map(drop),
        Within::Enterprise(e) => participants::enterprise::get(conn, actor, *e)
            .await
            .map(drop),
        Within::Project(p) => participants::project::get(conn, actor, *p).await.map(drop),
    }
}
