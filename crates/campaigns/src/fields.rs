//! Checks shared by the campaign forms: campaign dates, places, short text lists stored as
//! JSON, counts, e-mail addresses and URLs.

use chrono::NaiveDate;
use kernel::error::{Problems, codes};
use kernel::{Actor, DomainError, DomainResult, Message, Problem};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{Organizer, unknown};
use crate::entity::campaign;

/// The campaign named by an input, or an `UNKNOWN_REFERENCE` problem on `campaignId`.
pub async fn campaign(conn: &impl ConnectionTrait, id: Uuid) -> DomainResult<campaign::Model> {
    campaign::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| unknown("campaignId", "战役不存在", "no such campaign"))
}

/// Checks `starts ≤ ends` and that both lie within the campaign; returns the end day.
pub fn dates(
    problems: &mut Problems,
    campaign: &campaign::Model,
    starts: NaiveDate,
    ends: Option<NaiveDate>,
) -> NaiveDate {
    let ends = ends.unwrap_or(starts);
    if ends < starts {
        problems.push(Problem::new(
            &["endsOn"],
            codes::OUT_OF_RANGE,
            Message::new(
                "结束日期不能早于开始日期",
                "must not be before the start date",
            ),
        ));
    }
    for (field, day) in [("startsOn", starts), ("endsOn", ends)] {
        if day < campaign.starts_on || day > campaign.ends_on {
            problems.push(outside(field, campaign));
        }
    }
    ends
}

pub fn outside(field: &str, campaign: &campaign::Model) -> Problem {
    Problem::new(
        &[field],
        Code::OutsideCampaign.as_str(),
        Message::new(
            format!(
                "日期须在战役“{}”期间（{} 至 {}）",
                campaign.name, campaign.starts_on, campaign.ends_on
            ),
            format!(
                "must lie within the campaign ({} to {})",
                campaign.starts_on, campaign.ends_on
            ),
        ),
    )
}

/// A place is a project of the organiser (for an association, of a member enterprise) or an
/// address; at least one is required.
pub async fn place(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    problems: &mut Problems,
    organizer: &Organizer,
    project_id: Option<Uuid>,
    address: Option<&str>,
) -> DomainResult<(Option<Uuid>, Option<String>)> {
    let address = problems
        .take(kernel::error::optional_text(&["address"], address, 300))
        .flatten();
    let Some(project_id) = project_id else {
        if address.is_none() {
            problems.push(Problem::new(
                &["address"],
                Code::PlaceRequired.as_str(),
                Message::new(
                    "请填写活动地点：参战项目或地址",
                    "give a place: a project or an address",
                ),
            ));
        }
        return Ok((None, address));
    };
    let project = match participants::project::get(conn, actor, project_id).await {
        Ok(p) => Some(p),
        Err(DomainError::NotFound) => None,
        Err(e) => return Err(e),
    };
    let owned = match (&project, organizer) {
        (Some(p), Organizer::Enterprise(e)) => p.enterprise_id == e.id,
        (Some(p), Organizer::Association(a)) => {
            participants::entity::enterprise::Entity::find_by_id(p.enterprise_id)
                .one(conn)
                .await?
                .is_some_and(|e| e.association_id == Some(a.id))
        }
        (None, _) => false,
    };
    if !owned {
        problems.push(Problem::new(
            &["projectId"],
            Code::UnknownReference.as_str(),
            Message::new(
                "参战项目不存在或不属于主办方",
                "no such project of the organiser",
            ),
        ));
    }
    Ok((Some(project_id), address))
}

/// Trims a list of short texts, drops blanks and duplicates, and bounds its length.
pub fn text_list(
    problems: &mut Problems,
    field: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Vec<String> {
    if items.len() > max_items {
        problems.push(Problem::new(
            &[field],
            codes::TOO_MANY,
            Message::new(
                format!("最多 {max_items} 项"),
                format!("at most {max_items} items"),
            ),
        ));
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item = item.trim();
        if item.is_empty() || out.iter().any(|o| o == item) {
            continue;
        }
        if item.chars().count() > max_len {
            problems.push(Problem::new(
                &[field, &i.to_string()],
                codes::TOO_LONG,
                Message::new(
                    format!("不能超过 {max_len} 个字符"),
                    format!("must be at most {max_len} characters"),
                ),
            ));
        } else {
            out.push(item.to_owned());
        }
    }
    out
}

/// A count between 0 and `max`.
pub fn count(problems: &mut Problems, field: &str, n: i32, max: i32) -> i32 {
    if !(0..=max).contains(&n) {
        problems.push(Problem::new(
            &[field],
            codes::OUT_OF_RANGE,
            Message::new(
                format!("应在 0 到 {max} 之间"),
                format!("must be between 0 and {max}"),
            ),
        ));
    }
    n.clamp(0, max)
}

/// A non-negative amount of money in fen.
pub fn fen(problems: &mut Problems, field: &str, fen: Option<i64>) -> Option<i64> {
    if fen.is_some_and(|f| f < 0) {
        problems.push(Problem::new(
            &[field],
            codes::OUT_OF_RANGE,
            Message::new("金额不能为负", "must not be negative"),
        ));
    }
    fen
}

pub fn choice_required(field: &[&str], zh: &str, en: &str) -> Problem {
    Problem::new(field, Code::ChoiceRequired.as_str(), Message::new(zh, en))
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// An absolute http(s) URL without spaces.
pub fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !s.chars().any(char::is_whitespace)
    })
}

/// JSON text of a list of strings (how short lists are stored).
pub fn to_json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// The list stored by [`to_json`]; unreadable text reads as empty.
pub fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_urls_are_checked_for_form() {
        assert!(is_email("liaison@hfwy.org.cn"));
        for bad in ["", "a@b", "@x.cn", "a b@x.cn", "a@x.cn.", "a@@x.cn"] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_url("https://img.example.cn/fair/1.jpg"));
        for bad in [
            "ftp://x",
            "https://",
            "https:///x",
            "img.jpg",
            "https://a b",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn text_lists_are_trimmed_and_deduplicated() {
        let mut problems = Problems::new();
        let list = text_list(
            &mut problems,
            "x",
            &[" 茶叶 ".into(), "".into(), "茶叶".into(), "木耳".into()],
            10,
            10,
        );
        assert_eq!(list, vec!["茶叶".to_owned(), "木耳".to_owned()]);
        assert!(problems.is_empty());
        assert_eq!(from_json(&to_json(&list)), list);
    }
}
