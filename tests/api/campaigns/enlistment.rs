//! Both enlistment forms over HTTP, by the right roles only, with every problem at once.

use kernel::Role;
use serde_json::json;

use super::{SEEDED, user_errors};
use crate::helpers::{error_code, spawn_app, tenant};

pub(super) const SAVE_ASSOCIATION: &str = "mutation($i: SaveAssociationEnlistmentInput!) { saveAssociationEnlistment(input: $i) { enlistment { id state } userErrors { field code message } } }";
pub(super) const SAVE_ENTERPRISE: &str = "mutation($i: SaveEnterpriseEnlistmentInput!) { saveEnterpriseEnlistment(input: $i) { enlistment { id state } userErrors { field code message } } }";
pub(super) const SUBMIT: &str = "mutation($i: EnlistmentIdInput!) { submitEnlistment(input: $i) { enlistment { state } userErrors { field code message } } }";
pub(super) const CONFIRM: &str = "mutation($i: EnlistmentIdInput!) { confirmEnlistment(input: $i) { enlistment { state } userErrors { field code } } }";
pub(super) const RETURN: &str = "mutation($i: ReturnEnlistmentInput!) { returnEnlistment(input: $i) { enlistment { state returnReason } userErrors { field code } } }";

#[tokio::test]
async fn both_enlistment_forms_are_drafted_submitted_returned_and_confirmed_by_the_right_roles() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let association = app.association_admin(t.association);
    let enterprise = app.enterprise_admin(t.enterprise);

    let saved = app
        .gql(
            &association,
            SAVE_ASSOCIATION,
            json!({ "i": { "campaignId": SEEDED, "form": {} } }),
        )
        .await;
    let id = saved["data"]["saveAssociationEnlistment"]["enlistment"]["id"].clone();
    assert_eq!(
        saved["data"]["saveAssociationEnlistment"]["enlistment"]["state"], "DRAFT",
        "{saved}"
    );
    let submitted = app
        .gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        user_errors(&submitted["data"]["submitEnlistment"]),
        vec![
            "input.form.fairMonths CHOICE_REQUIRED",
            "input.form.lead.name BLANK",
            "input.form.lead.phone BLANK",
            "input.form.liaison.name BLANK",
            "input.form.liaison.phone BLANK",
            "input.form.pledgeAccepted PLEDGE_REQUIRED",
            "input.form.povertyRegions CHOICE_REQUIRED",
        ],
        "{submitted}"
    );
    let form = json!({
        "povertyRegions": ["510727"], "featuredProducts": [{ "name": "平武高山绿茶", "regionCode": "510727" }],
        "lead": { "name": "赵国强", "position": "秘书长", "phone": "13800138001", "email": "zhao@hfwy.org.cn" },
        "liaison": { "name": "孙丽", "phone": "13900139001" },
        "promotionTalks": [{ "date": "2019-05-20", "format": "ONSITE", "topic": "消费扶贫推介会" }],
        "fairMonths": ["2019-06", "2019-10", "2020-05", "2020-08"], "pledgeAccepted": true
    });
    app.gql(
        &association,
        SAVE_ASSOCIATION,
        json!({ "i": { "campaignId": SEEDED, "form": form } }),
    )
    .await;
    let submitted = app
        .gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        submitted["data"]["submitEnlistment"]["enlistment"]["state"], "SUBMITTED",
        "{submitted}"
    );
    let own_confirm = app
        .gql(&association, CONFIRM, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        error_code(&own_confirm),
        Some("FORBIDDEN"),
        "the platform decides association forms"
    );
    let returned = app
        .gql(
            &app.platform(),
            RETURN,
            json!({ "i": { "id": id, "reason": "请补充对口支援地区" } }),
        )
        .await;
    assert_eq!(
        returned["data"]["returnEnlistment"]["enlistment"]["state"], "RETURNED",
        "{returned}"
    );
    app.gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    let confirmed = app
        .gql(&app.platform(), CONFIRM, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        confirmed["data"]["confirmEnlistment"]["enlistment"]["state"], "CONFIRMED",
        "{confirmed}"
    );
    // The talks read back in the shape they were saved in.
    let read = app
        .gql(
            &association,
            "query($id: ID!) { enlistment(id: $id) { associationForm { promotionTalks { date format topic } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        read["data"]["enlistment"]["associationForm"]["promotionTalks"], form["promotionTalks"],
        "{read}"
    );

    let saved = app
        .gql(&enterprise, SAVE_ENTERPRISE, json!({ "i": { "campaignId": SEEDED, "form": { "platforms": ["APP"], "participatingProjectCount": 2 } } }))
        .await;
    let eid = saved["data"]["saveEnterpriseEnlistment"]["enlistment"]["id"].clone();
    let submitted = app
        .gql(&enterprise, SUBMIT, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        user_errors(&submitted["data"]["submitEnlistment"]),
        vec![
            "input.form.communityActivities CHOICE_REQUIRED",
            "input.form.participatingProjectCount PROJECT_COUNT_MISMATCH",
            "input.form.publicity CHOICE_REQUIRED",
        ],
        "{submitted}"
    );
    let form = json!({ "publicityOnline": ["WECHAT_OFFICIAL_ACCOUNT"], "platforms": ["HOSTED_OPERATION"], "communityActivities": ["ZONE"], "participatingProjectCount": 1 });
    app.gql(
        &enterprise,
        SAVE_ENTERPRISE,
        json!({ "i": { "campaignId": SEEDED, "form": form } }),
    )
    .await;
    let submitted = app
        .gql(&enterprise, SUBMIT, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        submitted["data"]["submitEnlistment"]["enlistment"]["state"], "SUBMITTED",
        "{submitted}"
    );
    let self_confirm = app
        .gql(&enterprise, CONFIRM, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(error_code(&self_confirm), Some("FORBIDDEN"));
    let by_association = app
        .gql(&association, CONFIRM, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        by_association["data"]["confirmEnlistment"]["enlistment"]["state"], "CONFIRMED",
        "{by_association}"
    );

    let reporter = app.token(Role::Reporter, None, None);
    let forbidden = app
        .gql(
            &reporter,
            SAVE_ENTERPRISE,
            json!({ "i": { "campaignId": SEEDED, "form": {} } }),
        )
        .await;
    assert_eq!(error_code(&forbidden), Some("FORBIDDEN"));
    let list = app.gql(&association, "{ enlistments { totalCount nodes { kind state enterprise { name } history { toState } } } }", json!({})).await;
    assert_eq!(
        list["data"]["enlistments"]["totalCount"], 2,
        "its own and its member's: {list}"
    );
}
