//! Walks the role × object table (`participants::access::table`, shown in the README) against the
//! running server: every kind of caller reads, and tries to change, one object of every kind of
//! its own tenant (side A) and of another (side B). What it may read is found, what it may not
//! is not (null by id, NOT_FOUND to a mutation); what it may change changes, the rest is
//! refused.

use participants::access::{Object, Reach, reads, writes};
use serde_json::{Value, json};

use super::world::{Caller, Side, World, day, month_start, supplier_fields};
use crate::helpers::error_code;
use crate::products::PINGWU;

/// How an object is looked for.
enum Probe {
    Node(String),
    Pairings(String),
    PovertyCounties,
    Stock(String),
}

fn read_probe(w: &World, caller: Caller, object: Object, side: Side) -> Probe {
    let o = w.side(side);
    match object {
        Object::Association => Probe::Node(o.association()),
        Object::Enterprise => Probe::Node(o.enterprise()),
        Object::Project => Probe::Node(o.project()),
        Object::Household => Probe::Node(o.household.clone()),
        Object::Team => Probe::Node(o.team.clone()),
        Object::ApiCredential => Probe::Node(o.credential.clone()),
        Object::Campaign => Probe::Node(w.campaign.clone()),
        Object::Enlistment => Probe::Node(o.enlistment.clone()),
        Object::Activity => Probe::Node(o.visit.clone()),
        Object::Employment => Probe::Node(o.employment.clone()),
        Object::ProgressReport => Probe::Node(o.report.clone()),
        Object::PovertyCounty => Probe::PovertyCounties,
        Object::CountyPairing => Probe::Pairings(o.enterprise()),
        Object::Supplier => Probe::Node(o.supplier_gid()),
        Object::Product => Probe::Node(o.drafts[0].clone()),
        Object::Stock => Probe::Stock(o.active.clone()),
        Object::Certification => Probe::Node(o.certification.clone()),
        Object::Store => Probe::Node(o.zone.clone()),
        Object::Listing => Probe::Node(o.listing.clone()),
        Object::Order => Probe::Node(o.order.clone()),
        Object::WebhookEndpoint => Probe::Node(w.endpoint(caller, side)),
    }
}

async fn found(w: &World, token: &str, probe: &Probe) -> bool {
    let (query, vars) = match probe {
        Probe::Node(id) => (
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id }),
        ),
        Probe::Pairings(org) => (
            "query($id: ID!) { countyPairings(organisationId: $id) { kind } }",
            json!({ "id": org }),
        ),
        Probe::PovertyCounties => ("{ povertyCounties { code } }", json!({})),
        Probe::Stock(id) => (
            "query($id: ID!) { product(id: $id) { stock { onHand } } }",
            json!({ "id": id }),
        ),
    };
    let body = w.app.gql(token, query, vars).await;
    match error_code(&body) {
        Some("NOT_FOUND") => return false,
        Some(other) => panic!("{other}: {query} {body}"),
        None => {}
    }
    let data = &body["data"];
    match probe {
        Probe::Node(id) => data["node"]["id"] == json!(id),
        Probe::Pairings(_) => data["countyPairings"]
            .as_array()
            .is_some_and(|l| !l.is_empty()),
        Probe::PovertyCounties => data["povertyCounties"]
            .as_array()
            .is_some_and(|l| !l.is_empty()),
        Probe::Stock(_) => !data["product"]["stock"].is_null(),
    }
}

/// What the table says a caller finds on a side.
fn expected_read(caller: Caller, object: Object, side: Side) -> bool {
    match reads(caller.role(), object) {
        Reach::All => true,
        Reach::Nothing => false,
        // An operator's own rows are hosted stores; the probes are zones.
        Reach::Own => match caller {
            Caller::Operator => false,
            Caller::Reporter => true,
            _ => side == Side::A,
        },
    }
}

#[tokio::test]
async fn every_role_reads_exactly_what_the_table_says() {
    let w = World::build().await;
    let mut wrong = Vec::new();
    for caller in Caller::ALL {
        let token = w.token(caller);
        for object in Object::ALL {
            for side in [Side::A, Side::B] {
                let got = found(&w, &token, &read_probe(&w, caller, object, side)).await;
                if got != expected_read(caller, object, side) {
                    wrong.push(format!("{caller:?} {object:?} side {side:?}: found {got}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "reads that differ from the table:\n{}",
        wrong.join("\n")
    );
}

/// One write of `object` on `side` by `caller`: (mutation, input type, input).
fn write_probe(
    w: &World,
    caller: Caller,
    object: Object,
    side: Side,
) -> (&'static str, &'static str, Value) {
    let o = w.side(side);
    let n = Caller::ALL.iter().position(|c| *c == caller).unwrap_or(0);
    let tag = format!("{caller:?}{side:?}");
    let campaign = &w.campaign;
    let association = caller == Caller::Association;
    let counties = [
        "340121", "340122", "340123", "340124", "340181", "341524", PINGWU, "340121", "340122",
    ];
    match object {
        Object::Association => (
            "updateAssociation",
            "UpdateAssociationInput",
            json!({ "id": o.association(), "contactName": "联络人" }),
        ),
        Object::Enterprise => (
            "updateEnterprise",
            "UpdateEnterpriseInput",
            json!({ "id": o.enterprise(), "website": "https://example.cn" }),
        ),
        Object::Project => (
            "updateProject",
            "UpdateProjectInput",
            json!({ "id": o.project(), "householdCount": 801 }),
        ),
        Object::Household => (
            "createHousehold",
            "CreateHouseholdInput",
            json!({ "projectId": o.project() }),
        ),
        Object::Team => (
            "createTeam",
            "CreateTeamInput",
            json!({ "projectId": o.project(), "name": format!("{tag}队") }),
        ),
        Object::ApiCredential => (
            "createApiCredential",
            "CreateApiCredentialInput",
            json!({ "enterpriseId": o.enterprise(), "name": tag }),
        ),
        Object::Campaign => (
            "createCampaign",
            "CreateCampaignInput",
            json!({ "name": tag, "startsOn": day(0), "endsOn": day(10), "phases": [], "targets": [] }),
        ),
        Object::Enlistment if association => (
            "saveAssociationEnlistment",
            "SaveAssociationEnlistmentInput",
            json!({ "campaignId": campaign, "associationId": o.association(), "form": {} }),
        ),
        Object::Enlistment => (
            "saveEnterpriseEnlistment",
            "SaveEnterpriseEnlistmentInput",
            json!({ "campaignId": campaign, "enterpriseId": o.enterprise(), "form": {} }),
        ),
        Object::Activity => {
            let mut input = json!({ "campaignId": campaign, "countyCode": PINGWU, "startsOn": day(-1), "participantCount": 3, "ownerRepresentativeCount": 1, "selectedProducts": [] });
            if association {
                input["associationId"] = json!(o.association());
            } else {
                input["enterpriseId"] = json!(o.enterprise());
            }
            ("createCountyVisit", "CreateCountyVisitInput", input)
        }
        Object::Employment => (
            "recordEmployment",
            "RecordEmploymentInput",
            json!({ "campaignId": campaign, "enterpriseId": o.enterprise(), "countyCode": PINGWU, "role": "保安", "startsOn": day(-1), "personRef": format!("P-{tag}") }),
        ),
        Object::ProgressReport => (
            "fileProgressReport",
            "FileProgressReportInput",
            json!({ "campaignId": campaign, "kind": "MONTHLY", "associationId": o.association(), "periodStart": month_start(u32::try_from(n).unwrap_or(0) + 1), "highlights": "进展" }),
        ),
        Object::PovertyCounty => (
            "markPovertyCounty",
            "MarkPovertyCountyInput",
            json!({ "regionCode": PINGWU }),
        ),
        Object::CountyPairing => {
            let org = if association {
                o.association()
            } else {
                o.enterprise()
            };
            (
                "pairCounty",
                "PairCountyInput",
                json!({ "organisationId": org, "regionCode": counties[n], "kind": "COUNTERPART" }),
            )
        }
        Object::Supplier => {
            let mut input = supplier_fields(o.supplier_n);
            input["id"] = json!(o.supplier_gid());
            ("updateSupplier", "UpdateSupplierInput", input)
        }
        Object::Product => (
            "createProduct",
            "CreateProductInput",
            json!({ "supplierId": o.supplier_gid(), "name": format!("{tag}新品"), "category": "OTHER", "unit": "件", "netWeight": 500, "price": 1000 }),
        ),
        Object::Stock => (
            "adjustStock",
            "AdjustStockInput",
            json!({ "productId": o.active, "delta": 1, "reason": "盘点" }),
        ),
        Object::Certification => {
            let draft = if caller == Caller::Supplier {
                &o.drafts[2]
            } else {
                &o.drafts[1]
            };
            (
                "applyForCertification",
                "ApplyForCertificationInput",
                json!({ "productId": draft }),
            )
        }
        Object::Store => {
            let kind = if caller == Caller::Operator {
                "HOSTED"
            } else {
                "ZONE"
            };
            (
                "createStore",
                "CreateStoreInput",
                json!({ "enterpriseId": o.enterprise(), "kind": kind, "name": format!("{tag}店"), "projectIds": [] }),
            )
        }
        Object::Listing => {
            let store = if caller == Caller::Operator {
                &o.hosted
            } else {
                &o.zone
            };
            (
                "putListing",
                "PutListingInput",
                json!({ "storeId": store, "productId": o.active, "sortOrder": n }),
            )
        }
        // Each writer of orders with the change its side makes: the store's side cancels, a
        // supplier prepares its lines for pickup, the buyers (and operators in hosted stores)
        // place orders.
        // Every subscriber changes its own organisation's endpoint; the platform only its own.
        Object::WebhookEndpoint => (
            "updateWebhookEndpoint",
            "UpdateWebhookEndpointInput",
            json!({ "id": w.endpoint(caller, side), "description": tag }),
        ),
        Object::Order => match caller {
            Caller::EnterpriseAdmin => (
                "cancelOrder",
                "CancelOrderInput",
                json!({ "orderId": o.order }),
            ),
            Caller::Supplier => (
                "fulfilOrderReadyForPickup",
                "FulfilOrderInput",
                json!({ "orderId": o.paid }),
            ),
            _ => {
                let (store, listing) = if caller == Caller::Operator {
                    (&o.hosted, &o.hosted_listing)
                } else {
                    (&o.zone, &o.listing)
                };
                let mut input = json!({ "storeId": store, "lines": [{ "listingId": listing, "quantity": 1 }], "pickup": {}, "idempotencyKey": tag });
                if caller != Caller::Household {
                    input["householdId"] = json!(o.household);
                }
                ("placeOrder", "PlaceOrderInput", input)
            }
        },
    }
}

/// Whether a caller changes rows of another tenant too: the platform names any tenant; an
/// operator runs hosted stores of any enterprise and products and stock of any supplier.
fn acts_for_anyone(caller: Caller, object: Object) -> bool {
    match caller {
        // Even the platform keeps only its own webhook endpoints.
        Caller::Platform => object != Object::WebhookEndpoint,
        Caller::Operator => writes(caller.role(), object),
        _ => false,
    }
}

/// Objects that belong to no tenant: written once, not per side.
fn tenantless(object: Object) -> bool {
    matches!(object, Object::Campaign | Object::PovertyCounty)
}

#[tokio::test]
async fn every_role_changes_exactly_what_the_table_says_and_nothing_of_another_tenant() {
    let w = World::build().await;
    let mut wrong = Vec::new();
    for caller in Caller::ALL {
        let token = w.token(caller);
        for object in Object::ALL {
            for side in [Side::A, Side::B] {
                if side == Side::B && tenantless(object) {
                    continue;
                }
                let (mutation, input_type, input) = write_probe(&w, caller, object, side);
                let query = format!(
                    "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ userErrors {{ field code }} }} }}"
                );
                let body = w.app.gql(&token, &query, json!({ "i": input })).await;
                let user_errors = &body["data"][mutation]["userErrors"];
                let changed = body["errors"].is_null() && user_errors == &json!([]);
                let may = writes(caller.role(), object)
                    && (side == Side::A || acts_for_anyone(caller, object));
                if changed != may {
                    wrong.push(format!(
                        "{caller:?} {mutation} side {side:?}: changed {changed}: {body}"
                    ));
                }
                // A caller that writes such objects for its own tenant is told another tenant's
                // is not there, never that it is forbidden.
                if side == Side::B && writes(caller.role(), object) && !may {
                    let hidden = error_code(&body) == Some("NOT_FOUND")
                        || user_errors.to_string().contains("UNKNOWN_REFERENCE");
                    if !hidden {
                        wrong.push(format!(
                            "{caller:?} {mutation} side B is not NOT_FOUND: {body}"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "writes that differ from the table:\n{}",
        wrong.join("\n")
    );
}
