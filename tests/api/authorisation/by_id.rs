//! One rule for every by-id root field and `node`: an object that does not exist and one the
//! caller may not see (another tenant's) are both `null` without an error, so the answer never
//! tells them apart; a malformed id is an error. The fields come from the schema, so a new
//! by-id field fails here until it says which object of another tenant it hides.

use serde_json::{Value, json};
use uuid::Uuid;

use super::world::{Caller, World, month_start};
use crate::helpers::{assert_hidden, error_code};

/// Types every authenticated caller may read, whoever owns them: only a missing one is hidden.
const PUBLIC: [&str; 2] = ["Campaign", "Supplier"];

/// For each type a by-id field returns: an object of side B, and a caller of side A that may
/// not see it.
async fn hidden_of_b(w: &World, type_name: &str) -> Option<(Caller, String)> {
    let b = &w.b;
    use Caller::{Association, EnterpriseAdmin, Supplier};
    Some(match type_name {
        "Association" => (EnterpriseAdmin, b.association()),
        "Enterprise" => (EnterpriseAdmin, b.enterprise()),
        "Project" => (EnterpriseAdmin, b.project()),
        "Household" => (EnterpriseAdmin, b.household.clone()),
        "Team" => (EnterpriseAdmin, b.team.clone()),
        // Another supplier's draft: active products are public.
        "Product" => (Supplier, b.drafts[0].clone()),
        "Certification" => (Supplier, b.certification.clone()),
        "Store" => (EnterpriseAdmin, b.zone.clone()),
        "Enlistment" => (EnterpriseAdmin, b.enlistment.clone()),
        "MarketFair" => (Association, b.fair.clone()),
        "CommunityEvent" => (Association, b.event.clone()),
        "CountyVisit" => (Association, b.visit.clone()),
        "Employment" => (Association, b.employment.clone()),
        "ProgressReport" => (Association, b.report.clone()),
        "LedgerEntry" => (EnterpriseAdmin, ledger_entry_of_b(w).await),
        "ReportedBatch" => (EnterpriseAdmin, reported_batch_of_b(w).await),
        "ReportedRow" => (EnterpriseAdmin, b.reported_row.clone()),
        "WebhookEndpoint" => (EnterpriseAdmin, b.webhook_endpoint.clone()),
        "Order" => (EnterpriseAdmin, b.order.clone()),
        "GroupBuy" => (EnterpriseAdmin, b.group_buy.clone()),
        "PurchaseOrder" => (EnterpriseAdmin, b.purchase_order.clone()),
        _ => return None,
    })
}

async fn platform_reads(w: &World, query: &str, vars: Value, pointer: &str) -> String {
    let body = w.app.gql(&w.app.platform(), query, vars).await;
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer}: {body}"))
        .to_owned()
}

/// One of side B's ledger entries (its paid order's sale).
async fn ledger_entry_of_b(w: &World) -> String {
    let query =
        "query($e: ID) { ledgerEntries(filter: { enterpriseId: $e }, first: 1) { nodes { id } } }";
    let vars = json!({ "e": w.b.enterprise() });
    platform_reads(w, query, vars, "/data/ledgerEntries/nodes/0/id").await
}

/// The batch of side B's reported sale.
async fn reported_batch_of_b(w: &World) -> String {
    let query = "query($id: ID!) { reportedRow(id: $id) { batchId } }";
    let vars = json!({ "id": w.b.reported_row });
    platform_reads(w, query, vars, "/data/reportedRow/batchId").await
}

async fn lookup(w: &World, caller: Caller, field: &str, id: &str) -> Value {
    lookup_as(w, &w.token(caller), field, id).await
}

async fn lookup_as(w: &World, token: &str, field: &str, id: &str) -> Value {
    let query = format!("query($id: ID!) {{ {field}(id: $id) {{ __typename }} }}");
    w.app.gql(token, &query, json!({ "id": id })).await
}

#[tokio::test]
async fn every_by_id_field_is_null_for_a_missing_or_hidden_object_and_an_error_for_a_bad_id() {
    let w = World::build().await;
    let schema = crate::hygiene::sweep::introspect(&w.app).await;
    let fields = schema.by_id_root_fields();
    assert!(fields.len() > 20, "{fields:?}");
    assert!(fields.iter().any(|(f, _)| f == "node"), "{fields:?}");
    let mut wrong = Vec::new();
    for (field, type_name) in fields.iter().filter(|(f, _)| f != "node") {
        // A well-formed id of this type that names nothing, to every kind of caller.
        let missing = format!("gid://yijin/{type_name}/{}", Uuid::now_v7());
        for caller in Caller::ALL {
            for f in [field.as_str(), "node"] {
                let body = lookup(&w, caller, f, &missing).await;
                if body.get("errors").is_some() || !body["data"][f].is_null() {
                    wrong.push(format!("{caller:?} {f} missing {type_name}: {body}"));
                }
            }
        }
        // Another tenant's object, to a caller that may not see it; the platform (for an
        // endpoint, which the platform does not read, its owner) reads it, so it does exist.
        match hidden_of_b(&w, type_name).await {
            Some((caller, id)) => {
                let owner = match type_name.as_str() {
                    "WebhookEndpoint" => w.app.enterprise_admin(w.b.t.enterprise),
                    _ => w.app.platform(),
                };
                let seen = lookup_as(&w, &owner, field, &id).await;
                assert_eq!(
                    seen["data"][field]["__typename"],
                    json!(type_name),
                    "{seen}"
                );
                for f in [field.as_str(), "node"] {
                    let body = lookup(&w, caller, f, &id).await;
                    if body.get("errors").is_some() || !body["data"][f].is_null() {
                        wrong.push(format!("{caller:?} {f} B's {type_name}: {body}"));
                    }
                }
            }
            None => assert!(
                PUBLIC.contains(&type_name.as_str()),
                "{field}: {type_name} is neither public nor has an object of side B here"
            ),
        }
        // A malformed id and one of another type stay errors.
        for bad in [
            "not-an-id".to_owned(),
            format!("gid://yijin/Nothing/{}", Uuid::now_v7()),
        ] {
            let body = lookup(&w, Caller::Platform, field, &bad).await;
            assert_eq!(
                error_code(&body),
                Some("BAD_USER_INPUT"),
                "{field} {bad}: {body}"
            );
            assert_eq!(
                body["errors"][0]["extensions"]["problems"][0]["code"], "INVALID_ID",
                "{field} {bad}: {body}"
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "not null without errors:\n{}",
        wrong.join("\n")
    );
    // `node` with something that is not an id of this API is an error too.
    let body = lookup(&w, Caller::Platform, "node", "not-an-id").await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    // And the hidden answer is the missing one: the same body, byte for byte.
    let (caller, id) = hidden_of_b(&w, "Order")
        .await
        .unwrap_or_else(|| unreachable!());
    let missing = format!("gid://yijin/Order/{}", Uuid::now_v7());
    assert_eq!(
        lookup(&w, caller, "order", &id).await,
        lookup(&w, caller, "order", &missing).await
    );
    assert_hidden(&lookup(&w, caller, "order", &id).await, "order");
}

/// Root fields whose id argument names the object they answer about, besides the by-id fields,
/// as `field(argument)` (`field(argument.inputField)` inside an input), the global-id type,
/// and a query with the id as `$id` (the seeded campaign as `$c`). Each is nullable and
/// answers as a by-id field does.
const SUBJECTS: &[(&str, &str, &str)] = &[
    (
        "fairSales(fairId)",
        "MarketFair",
        "query($id: ID!) { fairSales(fairId: $id) { jin } }",
    ),
    (
        "countyPairings(organisationId)",
        "Enterprise",
        "query($id: ID!) { countyPairings(organisationId: $id) { kind } }",
    ),
    (
        "catalogue(projectId)",
        "Project",
        "query($id: ID) { catalogue(projectId: $id, first: 1) { totalCount } }",
    ),
    (
        "scorecard(campaignId)",
        "Campaign",
        "query($id: ID!) { scorecard(campaignId: $id) { whole { jin } } }",
    ),
    (
        "scorecard(scope.associationId)",
        "Association",
        "query($c: ID!, $id: ID) { scorecard(campaignId: $c, scope: { associationId: $id }) { whole { jin } } }",
    ),
    (
        "scorecard(scope.enterpriseId)",
        "Enterprise",
        "query($c: ID!, $id: ID) { scorecard(campaignId: $c, scope: { enterpriseId: $id }) { whole { jin } } }",
    ),
    (
        "scorecard(scope.projectId)",
        "Project",
        "query($c: ID!, $id: ID) { scorecard(campaignId: $c, scope: { projectId: $id }) { whole { jin } } }",
    ),
    (
        "ranking(campaignId)",
        "Campaign",
        "query($id: ID!) { ranking(campaignId: $id, dimension: CITY) { total } }",
    ),
    (
        "ranking(scope.associationId)",
        "Association",
        "query($c: ID!, $id: ID) { ranking(campaignId: $c, dimension: CITY, scope: { associationId: $id }) { total } }",
    ),
    (
        "ranking(scope.enterpriseId)",
        "Enterprise",
        "query($c: ID!, $id: ID) { ranking(campaignId: $c, dimension: CITY, scope: { enterpriseId: $id }) { total } }",
    ),
    (
        "progressReportDraft(campaignId)",
        "Campaign",
        "query($id: ID!, $a: ID, $p: Date!) { progressReportDraft(campaignId: $id, kind: MONTHLY, associationId: $a, periodStart: $p) { periodEnd } }",
    ),
    (
        "progressReportDraft(associationId)",
        "Association",
        "query($c: ID!, $id: ID, $p: Date!) { progressReportDraft(campaignId: $c, kind: MONTHLY, associationId: $id, periodStart: $p) { periodEnd } }",
    ),
    (
        "ranking(scope.projectId)",
        "Project",
        "query($c: ID!, $id: ID) { ranking(campaignId: $c, dimension: CITY, scope: { projectId: $id }) { total } }",
    ),
];

/// Root-field id arguments that narrow a list or a figure within what the caller may see
/// anyway (they never widen it); not the object the field answers about.
const NARROWING: &[&str] = &[
    "projects(enterpriseId)",
    "households(projectId)",
    "teams(projectId)",
    "apiCredentials(enterpriseId)",
    "products(supplierId)",
    "certifications(productId)",
    "stores(enterpriseId)",
    "enlistments(campaignId)",
    "progressReports(campaignId)",
    "progressReports(associationId)",
    "missingProgressReports(campaignId)",
    "missingProgressReports(associationId)",
    "marketFairs(campaignId)",
    "marketFairs(associationId)",
    "marketFairCompliance(associationId)",
    "communityEvents(campaignId)",
    "countyVisits(campaignId)",
    "employments(campaignId)",
    "ledgerEntries(filter.campaignId)",
    "ledgerEntries(filter.phaseId)",
    "ledgerEntries(filter.associationId)",
    "ledgerEntries(filter.enterpriseId)",
    "ledgerEntries(filter.projectId)",
    "ledgerEntries(filter.teamId)",
    "ledgerEntries(filter.householdId)",
    "ledgerEntries(filter.productId)",
    "ledgerEntries(filter.supplierId)",
    "ledgerTotals(campaignId)",
    "reportedBatches(enterpriseId)",
    "reportedRows(batchId)",
    "reportedRows(enterpriseId)",
    "myRanks(campaignId)",
    "orders(filter.householdId)",
    "orders(filter.enterpriseId)",
    "orders(filter.projectId)",
    "orders(filter.storeId)",
    "groupBuys(filter.projectId)",
    "purchaseOrders(filter.partnerId)",
    "purchaseOrders(filter.occasionId)",
];

/// The variables of a `SUBJECTS` query: the id, the seeded campaign, side A's association and
/// last month (a period a monthly report may be drafted for).
fn subject_vars(w: &World, id: &str) -> Value {
    json!({ "id": id, "c": w.campaign, "a": w.a.association(), "p": month_start(1) })
}

/// The field a `field(argument)` row answers in.
fn field_of(row: &str) -> &str {
    row.split('(').next().unwrap_or(row)
}

#[tokio::test]
async fn every_field_an_id_names_the_subject_of_answers_like_a_by_id_field() {
    let w = World::build().await;
    let schema = crate::hygiene::sweep::introspect(&w.app).await;
    // Every id argument of a root field is classified: a new one fails here until it says
    // whether it names the field's subject or narrows a list.
    let found = schema.id_arguments_of_root_queries();
    let classified: std::collections::BTreeSet<String> = SUBJECTS
        .iter()
        .map(|(row, _, _)| (*row).to_owned())
        .chain(NARROWING.iter().map(|row| (*row).to_owned()))
        .collect();
    assert_eq!(
        found.difference(&classified).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "id arguments neither a subject nor narrowing"
    );
    assert_eq!(
        classified.difference(&found).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "classified arguments the schema no longer has"
    );
    let mut wrong = Vec::new();
    for (row, type_name, query) in SUBJECTS {
        let field = field_of(row);
        // One that names nothing, to every caller.
        let missing = format!("gid://yijin/{type_name}/{}", Uuid::now_v7());
        for caller in Caller::ALL {
            let body = w
                .app
                .gql(&w.token(caller), query, subject_vars(&w, &missing))
                .await;
            if body.get("errors").is_some() || !body["data"][field].is_null() {
                wrong.push(format!("{caller:?} {row} missing: {body}"));
            }
        }
        // Side B's object, which the platform reads, to a caller of side A that may not.
        if let Some((caller, id)) = hidden_of_b(&w, type_name).await {
            let seen = w
                .app
                .gql(&w.app.platform(), query, subject_vars(&w, &id))
                .await;
            assert!(
                seen.get("errors").is_none() && !seen["data"][field].is_null(),
                "{row}: the platform reads B's {type_name}: {seen}"
            );
            let body = w
                .app
                .gql(&w.token(caller), query, subject_vars(&w, &id))
                .await;
            if body.get("errors").is_some() || !body["data"][field].is_null() {
                wrong.push(format!("{caller:?} {row} B's {type_name}: {body}"));
            }
        } else {
            assert!(PUBLIC.contains(type_name), "{row}: {type_name}");
        }
        // A malformed id and one of another type are errors.
        for bad in [
            "not-an-id".to_owned(),
            format!("gid://yijin/Nothing/{}", Uuid::now_v7()),
            format!("gid://yijin/Order/{}", Uuid::now_v7()),
        ] {
            let body = w
                .app
                .gql(&w.app.platform(), query, subject_vars(&w, &bad))
                .await;
            if error_code(&body) != Some("BAD_USER_INPUT")
                || body["errors"][0]["extensions"]["problems"][0]["code"] != "INVALID_ID"
            {
                wrong.push(format!("{row} {bad}: {body}"));
            }
        }
    }
    assert!(wrong.is_empty(), "not as by id:\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn nodes_answers_each_place_as_node_does() {
    let w = World::build().await;
    let token = w.token(Caller::EnterpriseAdmin);
    let missing = format!("gid://yijin/Order/{}", Uuid::now_v7());
    let ids = json!([w.a.order, "not-an-id", w.b.order, missing]);
    let body = w
        .app
        .gql(
            &token,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": ids }),
        )
        .await;
    // A's order is there; B's and the missing one are null without an error; the malformed
    // one is null with its own error, and the rest of the answer stands.
    assert_eq!(
        body["data"]["nodes"],
        json!([{ "id": w.a.order }, null, null, null]),
        "{body}"
    );
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["path"], json!(["nodes", 1]), "{body}");
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(
        errors[0]["extensions"]["problems"][0]["field"],
        json!(["ids", "1"]),
        "{body}"
    );
    assert_eq!(
        errors[0]["extensions"]["problems"][0]["code"], "INVALID_ID",
        "{body}"
    );
}

/// One object of every node type on side `o` (of side B, also its ledger entry and reported
/// batch).
fn nodes_of(o: &super::world::Objects) -> Vec<String> {
    vec![
        o.association(),
        o.enterprise(),
        o.project(),
        o.household.clone(),
        o.team.clone(),
        o.credential.clone(),
        o.supplier_gid(),
        o.drafts[0].clone(),
        o.active.clone(),
        o.certification.clone(),
        o.zone.clone(),
        o.hosted.clone(),
        o.listing.clone(),
        o.hosted_listing.clone(),
        o.enlistment.clone(),
        o.fair.clone(),
        o.event.clone(),
        o.visit.clone(),
        o.employment.clone(),
        o.report.clone(),
        o.reported_row.clone(),
        o.webhook_endpoint.clone(),
        o.order.clone(),
        o.paid.clone(),
        o.group_buy.clone(),
        o.purchase_order.clone(),
        o.partner.clone(),
        o.occasion.clone(),
    ]
}

/// `nodes` reads its ids a type at a time, and each place is still what `node` answers for
/// it, to every caller: objects of every node type of both sides, the campaign, a repeat, a
/// missing one and a malformed one, in one call.
#[tokio::test]
async fn nodes_reads_every_type_in_one_batch_and_answers_each_place_as_node_does() {
    let w = World::build().await;
    let mut ids = nodes_of(&w.a);
    ids.extend(nodes_of(&w.b));
    ids.push(ledger_entry_of_b(&w).await);
    ids.push(reported_batch_of_b(&w).await);
    ids.push(w.campaign.clone());
    ids.push(ids[3].clone());
    ids.push(format!("gid://yijin/Order/{}", Uuid::now_v7()));
    ids.push("not-an-id".to_owned());
    assert!(ids.len() <= 100, "{}", ids.len());

    let query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";
    let mut seen_types = std::collections::BTreeSet::new();
    let mut wrong = Vec::new();
    for caller in Caller::ALL {
        let token = w.token(caller);
        let batch = w.app.gql(&token, query, json!({ "ids": ids })).await;
        let places = batch["data"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(places.len(), ids.len(), "{caller:?}: {batch}");
        for (i, id) in ids.iter().enumerate() {
            let one = lookup_as(&w, &token, "node", id).await;
            if one.get("errors").is_some() {
                // Only the malformed id is an error, and it is one in the batch too, at its
                // own place.
                let at_place = batch["errors"]
                    .as_array()
                    .is_some_and(|es| es.iter().any(|e| e["path"] == json!(["nodes", i])));
                if !places[i].is_null() || !at_place || error_code(&one) != Some("BAD_USER_INPUT") {
                    wrong.push(format!("{caller:?} {id}: {one} / {}", places[i]));
                }
                continue;
            }
            let typename = &one["data"]["node"]["__typename"];
            if places[i]["__typename"] != *typename
                || (!typename.is_null() && places[i]["id"] != json!(id))
            {
                wrong.push(format!("{caller:?} {id}: node {one}, nodes {}", places[i]));
            }
            if let Some(name) = typename.as_str() {
                seen_types.insert(name.to_owned());
            }
        }
        let errors = batch["errors"].as_array().map_or(0, Vec::len);
        if errors != 1 {
            wrong.push(format!("{caller:?}: {errors} errors, not 1: {batch}"));
        }
    }
    assert!(wrong.is_empty(), "nodes is not node:\n{}", wrong.join("\n"));

    // Someone saw an object of every node type, so every type's batch read was exercised.
    let body = w
        .app
        .gql(
            &w.app.platform(),
            "{ __type(name: \"Node\") { possibleTypes { name } } }",
            json!({}),
        )
        .await;
    let every: std::collections::BTreeSet<String> = body["data"]["__type"]["possibleTypes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect();
    assert!(every.len() > 20, "{body}");
    let unseen: Vec<_> = every.difference(&seen_types).collect();
    assert!(unseen.is_empty(), "no caller read a node of {unseen:?}");
}

/// Narrowing id arguments of fields that answer a plain list, as `field(argument)`, the id's
/// type, and a query with the id as `$id` (the seeded campaign as `$c`).
const NARROWED_LISTS: &[(&str, &str, &str)] = &[
    (
        "missingProgressReports(campaignId)",
        "Campaign",
        "query($id: ID!) { missingProgressReports(campaignId: $id, kind: MONTHLY) { periodStart } }",
    ),
    (
        "missingProgressReports(associationId)",
        "Association",
        "query($c: ID!, $id: ID) { missingProgressReports(campaignId: $c, kind: MONTHLY, associationId: $id) { periodStart } }",
    ),
    (
        "marketFairCompliance(associationId)",
        "Association",
        "query($id: ID) { marketFairCompliance(year: 2019, associationId: $id) { held } }",
    ),
];

/// A narrowing argument never tells another tenant's object from a missing one: both narrow to
/// an empty list without an error (not `NOT_FOUND`, which would wipe the whole response); a
/// malformed id, or one of another type, is `INVALID_ID`. And a draft report, whose association
/// is its subject, is null for another association as for a missing one.
#[tokio::test]
async fn report_and_fair_scope_arguments_answer_a_foreign_id_as_a_missing_one() {
    let w = World::build().await;
    let association = w.token(Caller::Association);
    let vars = |id: &str| json!({ "id": id, "c": w.campaign, "p": month_start(1) });
    let mut wrong = Vec::new();
    for (row, type_name, query) in NARROWED_LISTS {
        let field = field_of(row);
        let missing = format!("gid://yijin/{type_name}/{}", Uuid::now_v7());
        let mut answers = Vec::new();
        for token in [w.app.platform(), association.clone()] {
            let body = w.app.gql(&token, query, vars(&missing)).await;
            if body.get("errors").is_some() || body["data"][field] != json!([]) {
                wrong.push(format!("{row} missing: {body}"));
            }
            answers.push(body);
        }
        if *type_name == "Association" {
            // Side B's association to A's admin: the missing one's answer, byte for byte.
            let hidden = w
                .app
                .gql(&association, query, vars(&w.b.association()))
                .await;
            if hidden != answers[1] {
                wrong.push(format!("{row} B's: {hidden} vs missing: {}", answers[1]));
            }
            // A's own narrows to something the admin may see, without an error.
            let own = w
                .app
                .gql(&association, query, vars(&w.a.association()))
                .await;
            if own.get("errors").is_some() || !own["data"][field].is_array() {
                wrong.push(format!("{row} own: {own}"));
            }
        }
        for bad in [
            "not-an-id".to_owned(),
            format!("gid://yijin/Nothing/{}", Uuid::now_v7()),
            format!("gid://yijin/Order/{}", Uuid::now_v7()),
        ] {
            let body = w.app.gql(&w.app.platform(), query, vars(&bad)).await;
            if error_code(&body) != Some("BAD_USER_INPUT")
                || body["errors"][0]["extensions"]["problems"][0]["code"] != "INVALID_ID"
            {
                wrong.push(format!("{row} {bad}: {body}"));
            }
        }
    }
    // The compliance of A's own association is its one row: the argument narrows, it does not
    // empty every answer.
    let own = w
        .app
        .gql(&association, NARROWED_LISTS[2].2, vars(&w.a.association()))
        .await;
    assert_eq!(
        own["data"]["marketFairCompliance"].as_array().map(Vec::len),
        Some(1),
        "{own}"
    );
    // The draft: another association's, to A's admin, is the missing one's null.
    let draft = SUBJECTS
        .iter()
        .find(|(row, _, _)| *row == "progressReportDraft(associationId)")
        .map(|(_, _, query)| *query)
        .unwrap_or_else(|| unreachable!());
    let missing = format!("gid://yijin/Association/{}", Uuid::now_v7());
    let hidden = w
        .app
        .gql(&association, draft, vars(&w.b.association()))
        .await;
    let none = w.app.gql(&association, draft, vars(&missing)).await;
    assert_eq!(hidden, none);
    assert!(
        hidden.get("errors").is_none() && hidden["data"]["progressReportDraft"].is_null(),
        "{hidden}"
    );
    let mine = w
        .app
        .gql(&association, draft, vars(&w.a.association()))
        .await;
    assert!(
        mine["data"]["progressReportDraft"]["periodEnd"].is_string(),
        "{mine}"
    );
    assert!(wrong.is_empty(), "not as narrowing:\n{}", wrong.join("\n"));
}
