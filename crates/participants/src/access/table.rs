//! The role × object table: which rows of each kind of object a role reads, and whether it
//! changes any. Services turn a [`Reach`] into SQL through [`super::TenantScope`]; the README's
//! "Who may see and do what" table is rendered from here (a test compares them), and the
//! black-box matrix test walks every cell against the running API.
//!
//! Two rules settle the roles that have no tenant of their own:
//! - OPERATOR (the alliance's e-commerce team) runs commerce: it reads the directory of who
//!   takes part (associations, enterprises, projects) and every supplier's private side, runs
//!   hosted stores and their listings, products and stock; it never reads people (residents,
//!   teams, employment), campaign files or credentials.
//! - REPORTER needs figures, not people: within its scope (everything, or one association and
//!   its members) it reads the directory, campaign activities and progress reports; never
//!   residents, teams, employment records, enlistment forms (they carry contacts), credentials
//!   or supplier files; it changes nothing.

use kernel::Role;

/// The kinds of object the table has a row for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Object {
    /// 协会 and its contacts.
    Association,
    /// 企业 profiles.
    Enterprise,
    /// 参战项目 (communities).
    Project,
    /// 住户: residents, with names, phones and APP user ids.
    Household,
    /// 战队 and their members.
    Team,
    /// API 凭证 of company APPs.
    ApiCredential,
    /// 战役日历: campaigns, phases, targets (public).
    Campaign,
    /// 参战书: enlistment forms, with their contacts.
    Enlistment,
    /// 市集, 社区活动 with closing reports, 县域考察: campaign activities and their figures.
    Activity,
    /// 就业扶贫: jobs, with pseudonymous person references.
    Employment,
    /// 进度报告: monthly and weekly reports.
    ProgressReport,
    /// 贫困县 designations (public).
    PovertyCounty,
    /// 结对帮扶: pairings, as visible as their organisation.
    CountyPairing,
    /// 市场主体 profiles and beneficiary counts (public; contacts masked).
    Supplier,
    /// 扶贫产品 in DRAFT or INACTIVE (ACTIVE products are public).
    Product,
    /// 库存 and stock movements.
    Stock,
    /// 认定: applications and their history (the catalogue's badge is public).
    Certification,
    /// 店铺: zones, hosted stores, counters.
    Store,
    /// 上架: listings (buyers see only those sellable today).
    Listing,
    /// 订单: orders, their lines and event logs (a supplier its own lines' orders; an operator
    /// those of hosted stores). Delivery addresses are personal data, masked by `orders`.
    Order,
    /// 回调地址: webhook endpoints, their secrets and delivery logs. Every subscriber, the
    /// platform included, sees and changes only its own organisation's endpoints.
    WebhookEndpoint,
}

impl Object {
    pub const ALL: [Object; 21] = [
        Object::Association,
        Object::Enterprise,
        Object::Project,
        Object::Household,
        Object::Team,
        Object::ApiCredential,
        Object::Campaign,
        Object::Enlistment,
        Object::Activity,
        Object::Employment,
        Object::ProgressReport,
        Object::PovertyCounty,
        Object::CountyPairing,
        Object::Supplier,
        Object::Product,
        Object::Stock,
        Object::Certification,
        Object::Store,
        Object::Listing,
        Object::Order,
        Object::WebhookEndpoint,
    ];

    /// The name used in `viewer.scopes` and the README, e.g. `progress-report`.
    pub fn as_str(self) -> &'static str {
        match self {
            Object::Association => "association",
            Object::Enterprise => "enterprise",
            Object::Project => "project",
            Object::Household => "household",
            Object::Team => "team",
            Object::ApiCredential => "api-credential",
            Object::Campaign => "campaign",
            Object::Enlistment => "enlistment",
            Object::Activity => "activity",
            Object::Employment => "employment",
            Object::ProgressReport => "progress-report",
            Object::PovertyCounty => "poverty-county",
            Object::CountyPairing => "county-pairing",
            Object::Supplier => "supplier",
            Object::Product => "product",
            Object::Stock => "stock",
            Object::Certification => "certification",
            Object::Store => "store",
            Object::Listing => "listing",
            Object::Order => "order",
            Object::WebhookEndpoint => "webhook-endpoint",
        }
    }
}

/// Which rows of an object a role reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every row.
    All,
    /// The rows of its own tenant (see [`super::TenantScope`]): an association's own and its
    /// members'; an enterprise's; a resident's own household, project and teams; a supplier's;
    /// a reporter's association and members (or all, unscoped); an operator's hosted stores.
    Own,
    /// None: a lookup is NOT_FOUND, a list empty.
    Nothing,
}

/// The read side of the table.
pub fn reads(role: Role, object: Object) -> Reach {
    use Object as O;
    use Reach::{All, Nothing, Own};
    match (role, object) {
        (_, O::Campaign | O::PovertyCounty | O::Supplier) => All,
        // The platform's own endpoints are those of no organisation; it does not read a
        // company's secrets or delivery log.
        (
            Role::PlatformAdmin
            | Role::AssociationAdmin
            | Role::EnterpriseAdmin
            | Role::EnterpriseApp
            | Role::Supplier,
            O::WebhookEndpoint,
        ) => Own,
        (Role::PlatformAdmin, _) => All,
        (
            Role::Operator,
            O::Association
            | O::Enterprise
            | O::Project
            | O::CountyPairing
            | O::Product
            | O::Stock
            | O::Certification,
        ) => All,
        (Role::Operator, O::Store | O::Listing | O::Order) => Own,
        (
            Role::AssociationAdmin,
            O::Association
            | O::Enterprise
            | O::Project
            | O::Enlistment
            | O::Activity
            | O::Employment
            | O::ProgressReport
            | O::CountyPairing
            | O::Store
            | O::Listing,
        ) => Own,
        (
            Role::EnterpriseAdmin,
            O::Association
            | O::Enterprise
            | O::Project
            | O::Household
            | O::Team
            | O::ApiCredential
            | O::Enlistment
            | O::Activity
            | O::Employment
            | O::CountyPairing
            | O::Store
            | O::Listing
            | O::Order,
        ) => Own,
        (
            Role::EnterpriseApp | Role::Household,
            O::Association
            | O::Enterprise
            | O::Project
            | O::Household
            | O::Team
            | O::CountyPairing
            | O::Store
            | O::Listing
            | O::Order,
        ) => Own,
        (Role::Supplier, O::Product | O::Stock | O::Certification | O::Order) => Own,
        (
            Role::Reporter,
            O::Association
            | O::Enterprise
            | O::Project
            | O::Activity
            | O::ProgressReport
            | O::CountyPairing
            | O::Store
            | O::Listing,
        ) => Own,
        _ => Nothing,
    }
}

/// The write side of the table: whether the role creates or changes any row of the object.
/// The platform names the tenant it acts for; every other role acts for its own tenant only
/// (an operator for hosted stores of any enterprise and products of any supplier).
pub fn writes(role: Role, object: Object) -> bool {
    use Object as O;
    match role {
        Role::PlatformAdmin => true,
        Role::Operator => matches!(
            object,
            O::Product | O::Stock | O::Store | O::Listing | O::Order
        ),
        Role::AssociationAdmin => matches!(
            object,
            O::Association
                | O::Enterprise
                | O::Enlistment
                | O::Activity
                | O::ProgressReport
                | O::CountyPairing
                | O::WebhookEndpoint
        ),
        Role::EnterpriseAdmin => matches!(
            object,
            O::Enterprise
                | O::Project
                | O::Household
                | O::Team
                | O::ApiCredential
                | O::Enlistment
                | O::Activity
                | O::Employment
                | O::CountyPairing
                | O::Store
                | O::Listing
                | O::Order
                | O::WebhookEndpoint
        ),
        Role::EnterpriseApp => matches!(
            object,
            O::Household | O::Team | O::Order | O::WebhookEndpoint
        ),
        Role::Household => matches!(object, O::Team | O::Order),
        Role::Supplier => matches!(
            object,
            O::Supplier | O::Product | O::Stock | O::Certification | O::Order | O::WebhookEndpoint
        ),
        Role::Reporter => false,
    }
}

/// The table as Markdown, as the README shows it.
pub fn markdown() -> String {
    let mut out = String::from("| object |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.as_str()));
    }
    out.push_str("\n| --- |");
    for _ in Role::ALL {
        out.push_str(" --- |");
    }
    out.push('\n');
    for object in Object::ALL {
        out.push_str(&format!("| {} |", object.as_str()));
        for role in Role::ALL {
            let read = match reads(role, object) {
                Reach::All => "all",
                Reach::Own => "own",
                Reach::Nothing => "–",
            };
            let write = if writes(role, object) { " + write" } else { "" };
            out.push_str(&format!(" {read}{write} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_shows_the_table_as_the_code_has_it() {
        let readme = include_str!("../../../../README.md");
        assert!(
            readme.contains(&markdown()),
            "README.md's role × object table differs from participants::access::table; paste:\n{}",
            markdown()
        );
    }

    #[test]
    fn nobody_but_the_owner_and_the_platform_reads_people() {
        for role in [
            Role::Operator,
            Role::Reporter,
            Role::AssociationAdmin,
            Role::Supplier,
        ] {
            for object in [Object::Household, Object::Team, Object::ApiCredential] {
                assert_eq!(reads(role, object), Reach::Nothing, "{role} {object:?}");
            }
        }
        assert_eq!(reads(Role::Reporter, Object::Employment), Reach::Nothing);
        assert_eq!(reads(Role::Reporter, Object::Enlistment), Reach::Nothing);
    }

    #[test]
    fn a_role_writes_only_what_it_reads() {
        for role in Role::ALL {
            for object in Object::ALL {
                if writes(role, object) {
                    assert_ne!(reads(role, object), Reach::Nothing, "{role} {object:?}");
                }
            }
        }
    }
}
