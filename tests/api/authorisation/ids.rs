//! Every id that any mutation input names, checked against the caller's scope: another
//! tenant's id answers exactly like an id that does not exist (same top-level code, or the
//! same `userErrors`), and changes nothing. A row per input field; a check against the schema
//! that no id field is left out.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use uuid::Uuid;

use super::world::{Caller, World, day, gid, supplier_fields};
use crate::helpers::error_code;
use crate::products::PINGWU;

/// What both ids must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// The object a mutation changes, or its owner, is not there.
    NotFound,
    /// A reference inside the input is unknown: `UNKNOWN_REFERENCE` at this path.
    Unknown(&'static str),
    /// The caller's role may never do this: decided before the id is looked at.
    Forbidden,
    /// A user error with this code at this path (a reference the caller may not use, told
    /// apart from a missing one by nothing).
    Problem(&'static str, &'static str),
    /// Accepted and held for review (a reported sale naming a product it cannot resolve is
    /// flagged, not refused): both ids must give the same answer, and neither an error.
    Flagged,
}

struct Row {
    input: &'static str,
    field: &'static str,
    mutation: &'static str,
    caller: Caller,
    /// The input, with `"@ID"` where the id goes.
    base: Value,
    /// Another tenant's object of the right type; `None` for public objects (campaigns).
    other: Option<String>,
    /// The global-id type of the field.
    kind: &'static str,
    answer: Answer,
}

fn with_id(value: &Value, id: &str) -> Value {
    match value {
        Value::String(s) if s == "@ID" => json!(id),
        Value::Array(items) => Value::Array(items.iter().map(|v| with_id(v, id)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), with_id(v, id)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The payload's user errors, with those of its rows for mutations that answer per row.
fn user_errors(body: &Value, mutation: &str) -> Vec<Value> {
    let payload = &body["data"][mutation];
    let rows = payload["rows"].as_array().into_iter().flatten();
    payload["userErrors"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(rows.flat_map(|r| r["userErrors"].as_array().into_iter().flatten()))
        .cloned()
        .collect()
}

/// What an answer looks like, for comparison: the top-level code and the user errors.
fn signature(body: &Value, mutation: &str) -> (Option<String>, String) {
    (
        error_code(body).map(str::to_owned),
        Value::Array(user_errors(body, mutation)).to_string(),
    )
}

#[rustfmt::skip]
fn rows(w: &World) -> Vec<Row> {
    use Answer::{Flagged, Forbidden, NotFound, Problem, Unknown};
    use Caller::{Association as A, EnterpriseAdmin as E, EnterpriseApp as X, Operator as O, Supplier as S};
    let (a, b) = (&w.a, &w.b);
    let c = &w.campaign;
    let product = json!({ "name": "新品", "category": "OTHER", "unit": "件", "netWeight": 500, "price": 1000 });
    let with = |base: &Value, extra: Value| {
        let mut v = base.clone();
        if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        v
    };
    let fair = json!({ "campaignId": c, "name": "市集", "address": "广场", "startsOn": day(5) });
    let event = json!({ "campaignId": c, "title": "品鉴会", "address": "会所", "startsOn": day(40), "tastingProducts": ["茶"], "expectedAttendance": 20 });
    let visit = json!({ "campaignId": c, "countyCode": PINGWU, "startsOn": day(-1), "participantCount": 2, "ownerRepresentativeCount": 1, "selectedProducts": [] });
    let job = json!({ "campaignId": c, "countyCode": PINGWU, "role": "保安", "startsOn": day(-1), "personRef": "ID-0001" });
    let report = json!({ "campaignId": c, "kind": "MONTHLY", "periodStart": super::world::month_start(6), "highlights": "进展" });
    let row = |input, field, mutation, caller, base: Value, other: Option<String>, kind, answer| Row { input, field, mutation, caller, base, other, kind, answer };
    let gb = super::world::group_buy_input(&w.app, &a.project(), &a.zone, &a.listing);
    let po = json!({ "purpose": "CANTEEN", "title": "食堂采购", "lines": [{ "productId": a.active, "quantity": 1, "unitPrice": 100 }], "deliveryProjectId": a.project() });
    let sale = |project: &str, product: &str| json!({ "externalOrderId": "X-1", "soldOn": day(0), "projectId": project, "productId": product, "quantity": 1, "grams": 500, "fen": 3000 });
    vec![
        row("CreateAssociationInput", "parentId", "createAssociation", A, json!({ "name": "新协会", "parentId": "@ID" }), Some(b.association()), "Association", Forbidden),
        row("UpdateAssociationInput", "id", "updateAssociation", A, json!({ "id": "@ID", "name": "改名" }), Some(b.association()), "Association", NotFound),
        row("CreateEnterpriseInput", "associationId", "createEnterprise", A, json!({ "name": "新企业", "associationId": "@ID", "allianceRegion": "EAST_CHINA" }), Some(b.association()), "Association", NotFound),
        row("UpdateEnterpriseInput", "id", "updateEnterprise", E, json!({ "id": "@ID", "website": "https://x.cn" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreateProjectInput", "enterpriseId", "createProject", E, json!({ "enterpriseId": "@ID", "project": { "cityCode": "340100", "name": "新项目", "propertyType": "RESIDENTIAL", "householdCount": 1 } }), Some(b.enterprise()), "Enterprise", NotFound),
        row("UpdateProjectInput", "id", "updateProject", E, json!({ "id": "@ID", "householdCount": 2 }), Some(b.project()), "Project", NotFound),
        row("ImportProjectsInput", "enterpriseId", "importProjects", E, json!({ "enterpriseId": "@ID", "rows": [] }), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreateHouseholdInput", "projectId", "createHousehold", X, json!({ "projectId": "@ID" }), Some(b.project()), "Project", NotFound),
        row("IssueHouseholdTokenInput", "projectId", "issueHouseholdToken", X, json!({ "projectId": "@ID", "externalUserId": "u-1" }), Some(b.project()), "Project", NotFound),
        row("CreateTeamInput", "projectId", "createTeam", X, json!({ "projectId": "@ID", "name": "队" }), Some(b.project()), "Project", NotFound),
        row("CreateTeamInput", "captainId", "createTeam", X, json!({ "projectId": a.project(), "name": "队", "captainId": "@ID" }), Some(b.household.clone()), "Household", NotFound),
        row("JoinTeamInput", "teamId", "joinTeam", X, json!({ "teamId": "@ID", "householdId": a.household }), Some(b.team.clone()), "Team", NotFound),
        row("JoinTeamInput", "householdId", "joinTeam", X, json!({ "teamId": a.team, "householdId": "@ID" }), Some(b.household.clone()), "Household", NotFound),
        row("LeaveTeamInput", "householdId", "leaveTeam", X, json!({ "householdId": "@ID" }), Some(b.household.clone()), "Household", NotFound),
        row("CreateApiCredentialInput", "enterpriseId", "createApiCredential", E, json!({ "enterpriseId": "@ID", "name": "x" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("RevokeApiCredentialInput", "id", "revokeApiCredential", E, json!({ "id": "@ID" }), Some(b.credential.clone()), "ApiCredential", NotFound),
        row("PairCountyInput", "organisationId", "pairCounty", E, json!({ "organisationId": "@ID", "regionCode": PINGWU, "kind": "DESIGNATED" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("UpdateSupplierInput", "id", "updateSupplier", S, with(&supplier_fields(1), json!({ "id": "@ID" })), Some(b.supplier_gid()), "Supplier", NotFound),
        row("AddSupplierBeneficiariesInput", "supplierId", "addSupplierBeneficiaries", S, json!({ "supplierId": "@ID", "identifiers": ["510727198001011234"] }), Some(b.supplier_gid()), "Supplier", NotFound),
        row("CreateProductInput", "supplierId", "createProduct", S, with(&product, json!({ "supplierId": "@ID" })), Some(b.supplier_gid()), "Supplier", NotFound),
        row("CreateProductInput", "customForEnterpriseId", "createProduct", S, with(&product, json!({ "customForEnterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", Unknown("input.customForEnterpriseId")),
        row("CreateProductInput", "countyVisitId", "createProduct", S, with(&product, json!({ "countyVisitId": "@ID" })), Some(b.visit.clone()), "CountyVisit", Unknown("input.countyVisitId")),
        row("UpdateProductInput", "id", "updateProduct", S, with(&product, json!({ "id": "@ID" })), Some(b.drafts[0].clone()), "Product", NotFound),
        row("UpdateProductInput", "id", "updateProduct", E, with(&product, json!({ "id": "@ID" })), Some(a.drafts[0].clone()), "Product", Forbidden),
        row("UpdateProductInput", "customForEnterpriseId", "updateProduct", S, with(&product, json!({ "id": a.drafts[0], "customForEnterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", Unknown("input.customForEnterpriseId")),
        row("UpdateProductInput", "countyVisitId", "updateProduct", S, with(&product, json!({ "id": a.drafts[0], "countyVisitId": "@ID" })), Some(b.visit.clone()), "CountyVisit", Unknown("input.countyVisitId")),
        row("SetProductStatusInput", "id", "setProductStatus", S, json!({ "id": "@ID", "status": "INACTIVE" }), Some(b.drafts[0].clone()), "Product", NotFound),
        row("SetProductStatusInput", "id", "setProductStatus", E, json!({ "id": "@ID", "status": "INACTIVE" }), Some(a.drafts[0].clone()), "Product", Forbidden),
        row("AdjustStockInput", "productId", "adjustStock", S, json!({ "productId": "@ID", "delta": 1, "reason": "盘点" }), Some(b.active.clone()), "Product", NotFound),
        row("AdjustStockInput", "productId", "adjustStock", E, json!({ "productId": "@ID", "delta": 1, "reason": "盘点" }), Some(a.drafts[0].clone()), "Product", Forbidden),
        row("ApplyForCertificationInput", "productId", "applyForCertification", S, json!({ "productId": "@ID" }), Some(b.drafts[0].clone()), "Product", NotFound),
        row("ApplyForCertificationInput", "productId", "applyForCertification", O, json!({ "productId": "@ID" }), Some(a.drafts[0].clone()), "Product", Forbidden),
        row("DecideCertificationInput", "id", "decideCertification", S, json!({ "id": "@ID", "approve": true }), Some(b.certification.clone()), "Certification", Forbidden),
        row("StartCertificationPublicityInput", "id", "startCertificationPublicity", S, json!({ "id": "@ID" }), Some(b.certification.clone()), "Certification", Forbidden),
        row("ListCertificationInput", "id", "listCertification", S, json!({ "id": "@ID", "catalogueBatch": "第一批", "certificateNo": "FP-1", "validFrom": day(0), "validTo": day(300) }), Some(b.certification.clone()), "Certification", Forbidden),
        row("CertificationCommentInput", "id", "suspendCertification", S, json!({ "id": "@ID", "comment": "抽检" }), Some(b.certification.clone()), "Certification", Forbidden),
        row("CreateStoreInput", "enterpriseId", "createStore", E, json!({ "enterpriseId": "@ID", "kind": "ZONE", "name": "店" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreateStoreInput", "projectIds", "createStore", E, json!({ "kind": "ZONE", "name": "店", "projectIds": ["@ID"] }), Some(b.project()), "Project", Unknown("input.projectIds.0")),
        row("SetStoreProjectsInput", "storeId", "setStoreProjects", E, json!({ "storeId": "@ID", "projectIds": [] }), Some(b.zone.clone()), "Store", NotFound),
        row("SetStoreProjectsInput", "projectIds", "setStoreProjects", E, json!({ "storeId": a.zone, "projectIds": ["@ID"] }), Some(b.project()), "Project", Unknown("input.projectIds.0")),
        row("PutListingInput", "storeId", "putListing", E, json!({ "storeId": "@ID", "productId": a.active }), Some(b.zone.clone()), "Store", NotFound),
        row("PutListingInput", "productId", "putListing", E, json!({ "storeId": a.zone, "productId": "@ID" }), Some(b.drafts[0].clone()), "Product", Unknown("input.productId")),
        row("SaveAssociationEnlistmentInput", "campaignId", "saveAssociationEnlistment", A, json!({ "campaignId": "@ID", "form": {} }), None, "Campaign", Unknown("input.campaignId")),
        row("SaveAssociationEnlistmentInput", "associationId", "saveAssociationEnlistment", A, json!({ "campaignId": c, "associationId": "@ID", "form": {} }), Some(b.association()), "Association", NotFound),
        row("SaveEnterpriseEnlistmentInput", "campaignId", "saveEnterpriseEnlistment", E, json!({ "campaignId": "@ID", "form": {} }), None, "Campaign", Unknown("input.campaignId")),
        row("SaveEnterpriseEnlistmentInput", "enterpriseId", "saveEnterpriseEnlistment", E, json!({ "campaignId": c, "enterpriseId": "@ID", "form": {} }), Some(b.enterprise()), "Enterprise", NotFound),
        row("EnlistmentIdInput", "id", "submitEnlistment", E, json!({ "id": "@ID" }), Some(b.enlistment.clone()), "Enlistment", NotFound),
        row("ReturnEnlistmentInput", "id", "returnEnlistment", A, json!({ "id": "@ID", "reason": "补充材料" }), Some(b.enlistment.clone()), "Enlistment", NotFound),
        row("FileProgressReportInput", "campaignId", "fileProgressReport", A, with(&report, json!({ "campaignId": "@ID" })), None, "Campaign", Unknown("input.campaignId")),
        row("FileProgressReportInput", "associationId", "fileProgressReport", A, with(&report, json!({ "associationId": "@ID" })), Some(b.association()), "Association", NotFound),
        row("CreateMarketFairInput", "campaignId", "createMarketFair", A, with(&fair, json!({ "campaignId": "@ID" })), None, "Campaign", Unknown("input.campaignId")),
        row("CreateMarketFairInput", "associationId", "createMarketFair", A, with(&fair, json!({ "associationId": "@ID" })), Some(b.association()), "Association", NotFound),
        row("CreateMarketFairInput", "enterpriseId", "createMarketFair", E, with(&fair, json!({ "enterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreateMarketFairInput", "projectId", "createMarketFair", A, with(&fair, json!({ "projectId": "@ID" })), Some(b.project()), "Project", Unknown("input.projectId")),
        row("RecordMarketFairHeldInput", "id", "recordMarketFairHeld", A, json!({ "id": "@ID" }), Some(b.fair.clone()), "MarketFair", NotFound),
        row("CancelMarketFairInput", "id", "cancelMarketFair", A, json!({ "id": "@ID" }), Some(b.fair.clone()), "MarketFair", NotFound),
        row("ApplyForCommunityEventInput", "campaignId", "applyForCommunityEvent", E, with(&event, json!({ "campaignId": "@ID" })), None, "Campaign", Unknown("input.campaignId")),
        row("ApplyForCommunityEventInput", "associationId", "applyForCommunityEvent", A, with(&event, json!({ "associationId": "@ID" })), Some(b.association()), "Association", NotFound),
        row("ApplyForCommunityEventInput", "enterpriseId", "applyForCommunityEvent", E, with(&event, json!({ "enterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", NotFound),
        row("ApplyForCommunityEventInput", "projectId", "applyForCommunityEvent", E, with(&event, json!({ "projectId": "@ID" })), Some(b.project()), "Project", Unknown("input.projectId")),
        row("DecideCommunityEventInput", "id", "decideCommunityEvent", A, json!({ "id": "@ID", "approve": true }), Some(b.event.clone()), "CommunityEvent", Forbidden),
        row("MarkCommunityEventHeldInput", "id", "markCommunityEventHeld", E, json!({ "id": "@ID" }), Some(b.event.clone()), "CommunityEvent", NotFound),
        row("FileClosingReportInput", "eventId", "fileClosingReport", E, json!({ "eventId": "@ID", "attendance": 10, "productsTasted": ["茶"], "photoUrls": ["https://img.example.cn/1.jpg"], "summary": "顺利" }), Some(b.event.clone()), "CommunityEvent", NotFound),
        row("CreateCountyVisitInput", "campaignId", "createCountyVisit", E, with(&visit, json!({ "campaignId": "@ID" })), None, "Campaign", Unknown("input.campaignId")),
        row("CreateCountyVisitInput", "associationId", "createCountyVisit", A, with(&visit, json!({ "associationId": "@ID" })), Some(b.association()), "Association", NotFound),
        row("CreateCountyVisitInput", "enterpriseId", "createCountyVisit", E, with(&visit, json!({ "enterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", NotFound),
        row("RecordEmploymentInput", "campaignId", "recordEmployment", E, with(&job, json!({ "campaignId": "@ID" })), None, "Campaign", Unknown("input.campaignId")),
        row("RecordEmploymentInput", "enterpriseId", "recordEmployment", E, with(&job, json!({ "enterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", NotFound),
        row("ReportSalesInput", "enterpriseId", "reportSales", E, json!({ "enterpriseId": "@ID", "rows": [sale(&a.project(), &a.active)] }), Some(b.enterprise()), "Enterprise", NotFound),
        row("ReportedSaleInput", "projectId", "reportSales", E, json!({ "rows": [sale("@ID", &a.active)] }), Some(b.project()), "Project", Unknown("input.rows.0.projectId")),
        row("ReportedSaleInput", "productId", "reportSales", E, json!({ "rows": [sale(&a.project(), "@ID")] }), Some(b.drafts[0].clone()), "Product", Flagged),
        row("VerifyReportedRowsInput", "rowIds", "verifyReportedRows", A, json!({ "rowIds": ["@ID"] }), Some(b.reported_row.clone()), "ReportedRow", NotFound),
        row("RejectReportedRowsInput", "rowIds", "rejectReportedRows", A, json!({ "rowIds": ["@ID"], "reason": "不实" }), Some(b.reported_row.clone()), "ReportedRow", NotFound),
        row("RecordFairSalesInput", "fairId", "recordFairSales", A, json!({ "fairId": "@ID", "lines": [{ "productId": a.active, "quantity": 1, "grams": 500, "fen": 3000 }] }), Some(b.fair.clone()), "MarketFair", NotFound),
        row("UpdateWebhookEndpointInput", "id", "updateWebhookEndpoint", E, json!({ "id": "@ID", "description": "改" }), Some(b.webhook_endpoint.clone()), "WebhookEndpoint", NotFound),
        row("RotateWebhookEndpointSecretInput", "id", "rotateWebhookEndpointSecret", E, json!({ "id": "@ID" }), Some(b.webhook_endpoint.clone()), "WebhookEndpoint", NotFound),
        row("WebhookEndpointIdInput", "id", "deleteWebhookEndpoint", E, json!({ "id": "@ID" }), Some(b.webhook_endpoint.clone()), "WebhookEndpoint", NotFound),
        row("RedeliverWebhookEventsInput", "endpointId", "redeliverWebhookEvents", E, json!({ "endpointId": "@ID", "since": "2020-01-01T00:00:00Z" }), Some(b.webhook_endpoint.clone()), "WebhookEndpoint", NotFound),
        row("PlaceOrderInput", "storeId", "placeOrder", X, json!({ "storeId": "@ID", "householdId": a.household, "lines": [{ "listingId": a.listing, "quantity": 1 }], "idempotencyKey": "ids-1" }), Some(b.zone.clone()), "Store", Unknown("input.storeId")),
        row("PlaceOrderInput", "householdId", "placeOrder", X, json!({ "storeId": a.zone, "householdId": "@ID", "lines": [{ "listingId": a.listing, "quantity": 1 }], "idempotencyKey": "ids-2" }), Some(b.household.clone()), "Household", Unknown("input.householdId")),
        row("OrderLineInput", "listingId", "placeOrder", X, json!({ "storeId": a.zone, "householdId": a.household, "lines": [{ "listingId": "@ID", "quantity": 1 }], "idempotencyKey": "ids-3" }), Some(b.listing.clone()), "Listing", Problem("NOT_SELLABLE", "input.lines.0.listingId")),
        row("ConfirmPaymentInput", "orderId", "confirmPayment", X, json!({ "orderId": "@ID", "reference": "wx", "amount": 1, "paidAt": "2026-01-01T00:00:00Z", "idempotencyKey": "ids-4" }), Some(b.order.clone()), "Order", NotFound),
        row("CancelOrderInput", "orderId", "cancelOrder", E, json!({ "orderId": "@ID" }), Some(b.order.clone()), "Order", NotFound),
        row("RefundOrderInput", "orderId", "refundOrder", X, json!({ "orderId": "@ID" }), Some(b.paid.clone()), "Order", NotFound),
        row("RefundLineInput", "lineId", "refundOrder", X, json!({ "orderId": a.paid, "lines": [{ "lineId": "@ID", "quantity": 1 }] }), Some(gid("OrderLine", Uuid::now_v7())), "OrderLine", Unknown("input.lines.0.lineId")),
        row("FulfilOrderShippedInput", "orderId", "fulfilOrderShipped", S, json!({ "orderId": "@ID", "carrier": "顺丰", "trackingNumber": "SF1" }), Some(b.paid.clone()), "Order", NotFound),
        row("FulfilOrderShippedInput", "lineIds", "fulfilOrderShipped", S, json!({ "orderId": a.paid, "lineIds": ["@ID"], "carrier": "顺丰", "trackingNumber": "SF1" }), Some(gid("OrderLine", Uuid::now_v7())), "OrderLine", Problem("WRONG_DELIVERY_METHOD", "input.orderId")),
        row("FulfilOrderInput", "orderId", "fulfilOrderReadyForPickup", E, json!({ "orderId": "@ID" }), Some(b.paid.clone()), "Order", NotFound),
        row("OpenGroupBuyInput", "projectId", "openGroupBuy", E, with(&gb, json!({ "projectId": "@ID" })), Some(b.project()), "Project", Unknown("input.projectId")),
        row("OpenGroupBuyInput", "storeId", "openGroupBuy", E, with(&gb, json!({ "storeId": "@ID" })), Some(b.zone.clone()), "Store", Unknown("input.storeId")),
        row("OpenGroupBuyInput", "leaderHouseholdId", "openGroupBuy", E, with(&gb, json!({ "leaderHouseholdId": "@ID" })), Some(b.household.clone()), "Household", Unknown("input.leaderHouseholdId")),
        row("OpenGroupBuyInput", "occasionId", "openGroupBuy", E, with(&gb, json!({ "occasionId": "@ID" })), Some(b.occasion.clone()), "Occasion", Unknown("input.occasionId")),
        row("GroupBuyItemInput", "listingId", "openGroupBuy", E, with(&gb, json!({ "items": [{ "listingId": "@ID", "groupPrice": 100 }] })), Some(b.listing.clone()), "Listing", Problem("NOT_SELLABLE", "input.items.0.listingId")),
        row("JoinGroupBuyInput", "groupBuyId", "joinGroupBuy", X, json!({ "groupBuyId": "@ID", "householdId": a.household, "lines": [{ "itemId": a.group_buy_item, "quantity": 1 }], "idempotencyKey": "ids-5" }), Some(b.group_buy.clone()), "GroupBuy", NotFound),
        row("JoinGroupBuyInput", "householdId", "joinGroupBuy", X, json!({ "groupBuyId": a.group_buy, "householdId": "@ID", "lines": [{ "itemId": a.group_buy_item, "quantity": 1 }], "idempotencyKey": "ids-6" }), Some(b.household.clone()), "Household", Unknown("input.householdId")),
        row("GroupBuyJoinLineInput", "itemId", "joinGroupBuy", X, json!({ "groupBuyId": a.group_buy, "householdId": a.household, "lines": [{ "itemId": "@ID", "quantity": 1 }], "idempotencyKey": "ids-7" }), Some(b.group_buy_item.clone()), "GroupBuyItem", Unknown("input.lines.0.itemId")),
        row("WithdrawFromGroupBuyInput", "groupBuyId", "withdrawFromGroupBuy", X, json!({ "groupBuyId": "@ID", "householdId": a.household }), Some(b.group_buy.clone()), "GroupBuy", NotFound),
        row("WithdrawFromGroupBuyInput", "householdId", "withdrawFromGroupBuy", X, json!({ "groupBuyId": a.group_buy, "householdId": "@ID" }), Some(b.household.clone()), "Household", Unknown("input.householdId")),
        row("RegisterPartnerCompanyInput", "enterpriseId", "registerPartnerCompany", E, json!({ "enterpriseId": "@ID", "name": "伙伴", "uscc": crate::products::uscc(300), "kind": "OTHER" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreatePurchaseOrderInput", "enterpriseId", "createPurchaseOrder", E, with(&po, json!({ "enterpriseId": "@ID" })), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreatePurchaseOrderInput", "partnerId", "createPurchaseOrder", E, with(&po, json!({ "partnerId": "@ID" })), Some(b.partner.clone()), "PartnerCompany", Unknown("input.partnerId")),
        row("CreatePurchaseOrderInput", "occasionId", "createPurchaseOrder", E, with(&po, json!({ "occasionId": "@ID" })), Some(b.occasion.clone()), "Occasion", Unknown("input.occasionId")),
        row("CreatePurchaseOrderInput", "deliveryProjectId", "createPurchaseOrder", E, with(&po, json!({ "deliveryProjectId": "@ID" })), Some(b.project()), "Project", Unknown("input.deliveryProjectId")),
        row("PurchaseOrderLineInput", "productId", "createPurchaseOrder", E, with(&po, json!({ "lines": [{ "productId": "@ID", "quantity": 1, "unitPrice": 100 }] })), Some(b.drafts[0].clone()), "Product", Problem("NOT_SELLABLE", "input.lines.0.productId")),
        row("PurchaseOrderActionInput", "purchaseOrderId", "approvePurchaseOrder", E, json!({ "purchaseOrderId": "@ID" }), Some(b.purchase_order.clone()), "PurchaseOrder", NotFound),
        row("ConfirmPurchaseOrderPaymentInput", "purchaseOrderId", "confirmPurchaseOrderPayment", E, json!({ "purchaseOrderId": "@ID", "reference": "bank-1", "amount": 100, "paidAt": "2026-01-01T00:00:00Z", "idempotencyKey": "ids-8" }), Some(b.purchase_order.clone()), "PurchaseOrder", NotFound),
        row("CreateOccasionInput", "enterpriseId", "createOccasion", E, json!({ "kind": "OWNERS_FESTIVAL", "name": "业主节", "startsOn": day(5), "endsOn": day(6), "enterpriseId": "@ID" }), Some(b.enterprise()), "Enterprise", NotFound),
        row("CreateOccasionInput", "projectId", "createOccasion", E, json!({ "kind": "OWNERS_FESTIVAL", "name": "业主节", "startsOn": day(5), "endsOn": day(6), "projectId": "@ID" }), Some(b.project()), "Project", Unknown("input.projectId")),
        row("FairSaleLineInput", "productId", "recordFairSales", A, json!({ "fairId": a.fair, "lines": [{ "productId": "@ID", "quantity": 1, "grams": 500, "fen": 3000 }] }), Some(b.drafts[0].clone()), "Product", Unknown("input.lines.0.productId")),
    ]
}

/// Gives every external order id in `value` a fresh value, so that two calls of one row are
/// two sales, not a resubmission of one.
fn fresh_order_ids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "externalOrderId" {
                    *v = json!(Uuid::now_v7().to_string());
                } else {
                    fresh_order_ids(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fresh_order_ids),
        _ => {}
    }
}

fn matches(answer: Answer, body: &Value, mutation: &str) -> bool {
    match answer {
        Answer::Flagged => body["errors"].is_null() && user_errors(body, mutation).is_empty(),
        Answer::NotFound => error_code(body) == Some("NOT_FOUND"),
        Answer::Forbidden => error_code(body) == Some("FORBIDDEN"),
        Answer::Unknown(path) => {
            matches(Answer::Problem("UNKNOWN_REFERENCE", path), body, mutation)
        }
        Answer::Problem(code, path) => {
            body["errors"].is_null()
                && user_errors(body, mutation).iter().any(|e| {
                    e["code"] == code
                        && e["field"]
                            .as_array()
                            .map(|f| {
                                f.iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(".")
                            })
                            .as_deref()
                            == Some(path)
                })
        }
    }
}

#[tokio::test]
async fn another_tenants_id_in_any_mutation_input_answers_like_an_unknown_id() {
    let w = World::build().await;
    // Every id field of every mutation input in the schema has a row below.
    let schema = crate::hygiene::sweep::introspect(&w.app).await;
    let covered: BTreeSet<String> = rows(&w)
        .iter()
        .map(|r| format!("{}.{}", r.input, r.field))
        .collect();
    let in_schema = schema.id_fields_of_mutation_inputs();
    let missing: Vec<&String> = in_schema.difference(&covered).collect();
    assert!(missing.is_empty(), "id fields without a row: {missing:?}");
    assert!(in_schema.len() > 50, "{in_schema:?}");

    let mut wrong = Vec::new();
    for row in rows(&w) {
        // Batches answer per row as well as for the whole input.
        let rows = if row.mutation == "reportSales" {
            "rows { userErrors { field code } }"
        } else {
            ""
        };
        let query = format!(
            "mutation($i: {}!) {{ {}(input: $i) {{ userErrors {{ field code }} {rows} }} }}",
            row.input, row.mutation
        );
        let token = w.token(row.caller);
        let unknown = gid(row.kind, Uuid::now_v7());
        let mut answers = Vec::new();
        for id in row.other.iter().chain(std::iter::once(&unknown)) {
            let mut input = with_id(&row.base, id);
            fresh_order_ids(&mut input);
            let body = w.app.gql(&token, &query, json!({ "i": input })).await;
            if !matches(row.answer, &body, row.mutation) {
                wrong.push(format!(
                    "{}.{} ({:?}) with {id}: expected {:?}: {body}",
                    row.input, row.field, row.caller, row.answer
                ));
            }
            answers.push(signature(&body, row.mutation));
        }
        if answers.windows(2).any(|p| p[0] != p[1]) {
            wrong.push(format!(
                "{}.{}: another tenant's id and an unknown id answer differently: {answers:?}",
                row.input, row.field
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
