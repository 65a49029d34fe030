//! 定制研发: custom products ("xx物业优选"), made for an enterprise after a county visit. Both
//! references are another tenant's rows, so a product may name only an enterprise and a visit
//! its author may see; naming one it may not see is the same problem as naming one that does
//! not exist (`UNKNOWN_REFERENCE`).

use kernel::error::Problems;
use kernel::{Actor, DomainError, DomainResult, Message, Problem};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::product::Model;
use crate::product::ProductInput;

/// A reference an update may leave as it is. A create treats `Keep` as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Link {
    #[default]
    Keep,
    Clear,
    To(Uuid),
}

impl Link {
    /// The value after the change, and whether it names something new (which must be checked:
    /// naming what is already there reveals nothing and changes nothing).
    fn apply(self, current: Option<Uuid>) -> (Option<Uuid>, bool) {
        match self {
            Link::Keep => (current, false),
            Link::Clear => (None, false),
            Link::To(id) => (Some(id), Some(id) != current),
        }
    }
}

impl From<Option<Uuid>> for Link {
    fn from(id: Option<Uuid>) -> Self {
        id.map_or(Link::Clear, Link::To)
    }
}

/// County visits (县域考察) belong to the campaigns domain, which this crate cannot read: the
/// caller answers whether the actor may see (and so name) one; the gateway asks
/// `campaigns::visit::get` with the same actor.
pub trait CountyVisits {
    fn visible(&self, id: Uuid) -> impl std::future::Future<Output = DomainResult<bool>> + Send;
}

/// For callers that know of no county visits: any visit named is unknown.
pub struct NoCountyVisits;

impl CountyVisits for NoCountyVisits {
    async fn visible(&self, _: Uuid) -> DomainResult<bool> {
        Ok(false)
    }
}

/// The custom-product references after an input is applied to `current` (none for a new
/// product), each checked when it names something new; problems go to `problems`.
pub(crate) async fn references(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    visits: &impl CountyVisits,
    current: Option<&Model>,
    input: &ProductInput,
    problems: &mut Problems,
) -> DomainResult<(Option<Uuid>, Option<Uuid>)> {
    let (custom_for, named) = input
        .custom_for_enterprise_id
        .apply(current.and_then(|c| c.custom_for_enterprise_id));
    if let (Some(enterprise), true) = (custom_for, named) {
        match participants::enterprise::get(conn, actor, enterprise).await {
            Ok(_) => {}
            Err(DomainError::NotFound) => problems.push(unknown(
                "customForEnterpriseId",
                Message::new("定制企业不存在", "no such enterprise"),
            )),
            Err(e) => return Err(e),
        }
    }
    let (county_visit, named) = input
        .county_visit_id
        .apply(current.and_then(|c| c.county_visit_id));
    if let (Some(visit), true) = (county_visit, named)
        && !visits.visible(visit).await?
    {
        problems.push(unknown(
            "countyVisitId",
            Message::new("县域考察不存在", "no such county visit"),
        ));
    }
    Ok((custom_for, county_visit))
}

fn unknown(field: &str, message: Message) -> Problem {
    Problem::new(&[field], Code::UnknownReference.as_str(), message)
}

/// The label of a custom product (定制研发) as the campaign shows it: "xx物业优选", with xx the
/// enterprise's brand (its name without the legal form).
pub fn custom_label(enterprise_name: &str) -> String {
    const LEGAL_FORMS: [&str; 9] = [
        "服务集团股份有限公司",
        "服务股份有限公司",
        "服务有限公司",
        "管理有限公司",
        "发展股份有限公司",
        "股份有限公司",
        "集团有限公司",
        "有限公司",
        "服务",
    ];
    let name = enterprise_name.trim();
    let brand = LEGAL_FORMS
        .iter()
        .find_map(|form| name.strip_suffix(form))
        .unwrap_or(name);
    match brand.strip_suffix("物业") {
        Some(short) => format!("{short}物业优选"),
        None => format!("{brand}物业优选"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_labels_use_the_brand() {
        assert_eq!(custom_label("徽润物业服务有限公司"), "徽润物业优选");
        assert_eq!(custom_label("万科物业发展股份有限公司"), "万科物业优选");
        assert_eq!(custom_label("碧桂园服务"), "碧桂园物业优选");
        assert_eq!(custom_label("长城物业集团有限公司"), "长城物业优选");
    }

    #[test]
    fn naming_what_is_already_there_is_not_checked_again() {
        let id = Uuid::now_v7();
        let current = Some(id);
        assert_eq!(Link::Keep.apply(current), (current, false));
        assert_eq!(Link::To(id).apply(current), (current, false));
        assert_eq!(Link::Clear.apply(current), (None, false));
        let other = Uuid::now_v7();
        assert_eq!(Link::To(other).apply(current), (Some(other), true));
        assert_eq!(Link::Keep.apply(None), (None, false));
    }
}
