//! 结案报告: filing the closing report closes a community event.

use kernel::error::{Problems, required_multiline_text};
use kernel::{Actor, Clock, DomainResult, Message, Problem};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use uuid::Uuid;

use super::{ClosingReportInput, OPEN, get, step, too_early, transition_error};
use crate::access::require_manages;
use crate::entity::closing_report;
use crate::entity::community_event::{self, EventState as State, Model};
use crate::fields;

/// Files the closing report and closes the event. An approved event whose first day has come
/// counts as held when its report is filed; an event not yet held, or not approved, cannot be
/// closed.
pub async fn file_closing_report(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    input: ClosingReportInput,
) -> DomainResult<(Model, closing_report::Model)> {
    let current = get(conn, actor, id).await?;
    require_manages(actor, current.association_id, current.enterprise_id)?;
    if !OPEN.contains(&current.state) {
        return Err(transition_error(current.state, "结案", "closed"));
    }
    let mut problems = Problems::new();
    if clock.today() < current.starts_on {
        problems.push(too_early(current.starts_on));
    }
    let attendance = fields::count(&mut problems, "attendance", input.attendance, 1_000_000);
    let tasted = fields::text_list(
        &mut problems,
        "productsTasted",
        &input.products_tasted,
        50,
        200,
    );
    if tasted.is_empty() && input.products_tasted.len() <= 50 {
        problems.push(fields::choice_required(
            &["productsTasted"],
            "请列出品鉴的产品",
            "list the products tasted",
        ));
    }
    let photos = fields::text_list(&mut problems, "photoUrls", &input.photo_urls, 30, 1000);
    for (i, url) in photos.iter().enumerate() {
        if !fields::is_url(url) {
            problems.push(Problem::new(
                &["photoUrls", &i.to_string()],
                kernel::error::codes::INVALID,
                Message::new("照片须为 http(s) 链接", "a photo is an http(s) URL"),
            ));
        }
    }
    if photos.is_empty() && input.photo_urls.len() <= 30 {
        problems.push(fields::choice_required(
            &["photoUrls"],
            "请至少提供一张活动照片的链接",
            "give at least one photo URL",
        ));
    }
    let sales = fields::fen(&mut problems, "salesFen", input.sales_fen);
    let summary = problems.take(required_multiline_text(&["summary"], &input.summary, 5000));
    problems.finish()?;
    let now = clock.now();
    let model = community_event::ActiveModel {
        state: Set(State::Closed),
        held_at: Set(current.held_at.or(Some(now))),
        updated_at: Set(now),
        ..Default::default()
    };
    let closed = step(conn, &current, &OPEN, model, ("结案", "closed")).await?;
    let report = closing_report::ActiveModel {
        id: Set(kernel::new_id()),
        event_id: Set(current.id),
        association_id: Set(current.association_id),
        enterprise_id: Set(current.enterprise_id),
        attendance: Set(attendance),
        products_tasted: Set(fields::to_json(&tasted)),
        sales_fen: Set(sales),
        photo_urls: Set(fields::to_json(&photos)),
        summary: Set(summary.unwrap_or_default()),
        filed_by: Set(actor.subject.clone()),
        filed_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok((closed, report))
}

/// The products an event applied to taste.
pub fn tasting_products(model: &Model) -> Vec<String> {
    fields::from_json(&model.tasting_products)
}

/// The products a closing report says were tasted.
pub fn products_tasted(report: &closing_report::Model) -> Vec<String> {
    fields::from_json(&report.products_tasted)
}

/// The photo URLs of a closing report.
pub fn photo_urls(report: &closing_report::Model) -> Vec<String> {
    fields::from_json(&report.photo_urls)
}
