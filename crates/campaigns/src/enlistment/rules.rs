//! The submission rules of the two forms: every problem at once, with its path into the form.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use kernel::error::{Problems, codes};
use kernel::region::{self, RegionLevel};
use kernel::{DomainError, DomainResult, Message, Phone, Problem};
use sea_orm::ConnectionTrait;

use super::form::{AssociationForm, CommunityActivity, Contact, EnterpriseForm, SalesPlatform};
use crate::CampaignErrorCode as Code;
use crate::entity::campaign;
use crate::fields::{choice_required, is_email};

/// Checks region codes exist; problems at `["form", field, i]`.
async fn regions(
    conn: &impl ConnectionTrait,
    problems: &mut Problems,
    field: &str,
    codes: &[String],
) -> DomainResult<()> {
    let levels = [
        RegionLevel::Province,
        RegionLevel::City,
        RegionLevel::County,
    ];
    for (i, code) in codes.iter().enumerate() {
        let index = i.to_string();
        match region::resolve(conn, &["form", field, &index], code, &levels).await {
            Ok(_) => {}
            Err(DomainError::Invalid(list)) => list.into_iter().for_each(|p| problems.push(p)),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn blank(path: &[&str]) -> Problem {
    Problem::new(
        path,
        codes::BLANK,
        Message::new("不能为空", "must not be blank"),
    )
}

fn contact(problems: &mut Problems, who: &str, c: &Contact) {
    if c.name.is_none() {
        problems.push(blank(&["form", who, "name"]));
    }
    match c.phone.as_deref() {
        None => problems.push(blank(&["form", who, "phone"])),
        Some(p) => {
            problems.take(Phone::parse(&["form", who, "phone"], p));
        }
    }
    if let Some(email) = c.email.as_deref()
        && !is_email(email)
    {
        problems.push(Problem::new(
            &["form", who, "email"],
            Code::InvalidEmail.as_str(),
            Message::new("不是有效的电子邮箱", "not an e-mail address"),
        ));
    }
}

/// Parses `YYYY-MM` into the first day of that month.
pub fn year_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// 每年不少于两次市集: the calendar years of the campaign that leave room for two fair months
/// but in which the plan names fewer than two distinct months. A year the campaign touches for
/// a single month cannot hold two fairs and is not asked to.
fn years_short_of_two_fairs(campaign: &campaign::Model, planned: &BTreeSet<NaiveDate>) -> Vec<i32> {
    let (first, last) = (campaign.starts_on.year(), campaign.ends_on.year());
    (first..=last)
        .filter(|&year| {
            let from = if year == first {
                campaign.starts_on.month()
            } else {
                1
            };
            let to = if year == last {
                campaign.ends_on.month()
            } else {
                12
            };
            let room = to.saturating_sub(from) + 1;
            let named = planned.iter().filter(|m| m.year() == year).count();
            room >= 2 && named < 2
        })
        .collect()
}

/// The rules an association form must meet to be submitted.
pub async fn check_association(
    conn: &impl ConnectionTrait,
    campaign: &campaign::Model,
    form: &AssociationForm,
) -> DomainResult<()> {
    let mut problems = Problems::new();
    if form.poverty_regions.is_empty() && form.support_regions.is_empty() {
        problems.push(choice_required(
            &["form", "povertyRegions"],
            "请至少填写一个扶贫或对口支援地区",
            "name at least one paired poverty-alleviation or support region",
        ));
    }
    regions(conn, &mut problems, "povertyRegions", &form.poverty_regions).await?;
    regions(conn, &mut problems, "supportRegions", &form.support_regions).await?;
    let levels = [
        RegionLevel::Province,
        RegionLevel::City,
        RegionLevel::County,
    ];
    for (i, product) in form.featured_products.iter().enumerate() {
        if let Some(code) = product.region_code.as_deref() {
            let index = i.to_string();
            let path = ["form", "featuredProducts", &index, "regionCode"];
            match region::resolve(conn, &path, code, &levels).await {
                Ok(_) => {}
                Err(DomainError::Invalid(list)) => list.into_iter().for_each(|p| problems.push(p)),
                Err(e) => return Err(e),
            }
        }
    }
    contact(&mut problems, "lead", &form.lead);
    contact(&mut problems, "liaison", &form.liaison);
    for (i, talk) in form.promotion_talks.iter().enumerate() {
        if talk.date < campaign.starts_on || talk.date > campaign.ends_on {
            let index = i.to_string();
            problems.push(crate::fields::outside("date", campaign).under(&[
                "form",
                "promotionTalks",
                &index,
            ]));
        }
    }
    let first_month = year_month(&campaign.starts_on.format("%Y-%m").to_string());
    let mut planned = BTreeSet::new();
    for (i, month) in form.fair_months.iter().enumerate() {
        let index = i.to_string();
        let path = ["form", "fairMonths", index.as_str()];
        match year_month(month) {
            None => problems.push(Problem::new(
                &path,
                codes::INVALID,
                Message::new("月份格式应为 YYYY-MM", "a month is written YYYY-MM"),
            )),
            Some(m) if first_month.is_some_and(|f| m < f) || m > campaign.ends_on => {
                problems
                    .push(crate::fields::outside(&index, campaign).under(&["form", "fairMonths"]));
            }
            Some(m) => {
                planned.insert(m);
            }
        }
    }
    let short = years_short_of_two_fairs(campaign, &planned);
    if !short.is_empty() {
        let years = short.iter().map(i32::to_string).collect::<Vec<_>>();
        problems.push(choice_required(
            &["form", "fairMonths"],
            &format!(
                "每个地方协会每年至少举办两场市集：请在 {} 年各计划至少两个月份",
                years.join("、")
            ),
            &format!(
                "every local association holds at least two fairs a year: plan at least two months in {}",
                years.join(" and ")
            ),
        ));
    }
    if !form.pledge_accepted {
        problems.push(Problem::new(
            &["form", "pledgeAccepted"],
            Code::PledgeRequired.as_str(),
            Message::new("提交前须接受承诺", "accept the pledge to submit"),
        ));
    }
    problems.finish()
}

/// The rules an enterprise form must meet to be submitted; `project_count` is the number of
/// projects on the enterprise's project list.
pub async fn check_enterprise(
    conn: &impl ConnectionTrait,
    form: &EnterpriseForm,
    project_count: u64,
) -> DomainResult<()> {
    let mut problems = Problems::new();
    if form.publicity_online.is_empty() && form.publicity_offline.is_empty() {
        problems.push(choice_required(
            &["form", "publicity"],
            "宣传方式至少选择一项（线上或线下）",
            "choose at least one publicity channel (online or offline)",
        ));
    }
    if form.platforms.is_empty() {
        problems.push(choice_required(
            &["form", "platforms"],
            "销售平台至少选择一项",
            "choose at least one sales platform",
        ));
    }
    if form.platforms.contains(&SalesPlatform::Other) && form.platform_other.is_none() {
        problems.push(blank(&["form", "platformOther"]));
    }
    if form.community_activities.is_empty() {
        problems.push(choice_required(
            &["form", "communityActivities"],
            "社区活动至少选择一项",
            "choose at least one community activity",
        ));
    }
    if form
        .community_activities
        .contains(&CommunityActivity::Other)
        && form.community_activity_other.is_none()
    {
        problems.push(blank(&["form", "communityActivityOther"]));
    }
    regions(conn, &mut problems, "povertyRegions", &form.poverty_regions).await?;
    regions(conn, &mut problems, "supportRegions", &form.support_regions).await?;
    let path = ["form", "participatingProjectCount"];
    match form.participating_project_count {
        None => problems.push(blank(&path)),
        Some(n) if n < 1 => problems.push(Problem::new(
            &path,
            codes::OUT_OF_RANGE,
            Message::new("至少一个参战项目", "at least one participating project"),
        )),
        Some(n) if u64::try_from(n).ok() != Some(project_count) => problems.push(Problem::new(
            &path,
            Code::ProjectCountMismatch.as_str(),
            Message::new(
                format!("申报 {n} 个参战项目，但参战项目列表中有 {project_count} 个"),
                format!("{n} projects declared, but the project list has {project_count}"),
            ),
        )),
        Some(_) => {}
    }
    problems.finish()
}
