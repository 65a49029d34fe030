//! The two enlistment forms (参战书) as documents: drafts may be incomplete; [`check_association`]
//! and [`check_enterprise`] are the submission rules, reporting every problem at once with its
//! path into the form (`["form", "lead", "phone"]`).

use chrono::NaiveDate;
use kernel::error::{Problems, codes};
use kernel::{Message, Problem};
use serde::{Deserialize, Serialize};

pub use super::choices::*;
pub use super::rules::{check_association, check_enterprise, year_month};

/// The most entries any list of a form may hold.
pub const MAX_ITEMS: usize = 50;
/// The longest free text of a form.
pub const MAX_TEXT: usize = 2000;

/// 联系人: the campaign lead (负责人) or liaison (联络人) of an association.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    pub name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// 推介会形式
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TalkFormat {
    /// 线下
    Onsite,
    /// 线上
    Online,
    /// 线上线下结合
    Hybrid,
}

/// 本地推介会: a planned local promotion talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionTalk {
    pub date: NaiveDate,
    pub format: TalkFormat,
    pub topic: Option<String>,
}

/// 特色产品 of a paired region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FeaturedProduct {
    pub name: String,
    pub region_code: Option<String>,
}

/// 协会版参战书
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AssociationForm {
    /// 扶贫地区 (region codes)
    pub poverty_regions: Vec<String>,
    /// 对口支援地区 (region codes)
    pub support_regions: Vec<String>,
    pub featured_products: Vec<FeaturedProduct>,
    pub lead: Contact,
    pub liaison: Contact,
    pub promotion_talks: Vec<PromotionTalk>,
    /// 计划举办市集的月份, `YYYY-MM`
    pub fair_months: Vec<String>,
    pub needs: Option<String>,
    /// 承诺: the association accepts the campaign pledge.
    pub pledge_accepted: bool,
}

/// 企业版参战书
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnterpriseForm {
    pub publicity_online: Vec<PublicityOnline>,
    pub publicity_offline: Vec<PublicityOffline>,
    pub group_buying_online: Vec<GroupBuyingOnline>,
    pub group_buying_offline: Vec<GroupBuyingOffline>,
    pub platforms: Vec<SalesPlatform>,
    pub platform_other: Option<String>,
    pub county_activities: Vec<CountyActivity>,
    pub community_activities: Vec<CommunityActivity>,
    pub community_activity_other: Option<String>,
    pub poverty_regions: Vec<String>,
    pub support_regions: Vec<String>,
    /// 参战项目数, checked against the enterprise's project list on submission.
    pub participating_project_count: Option<i32>,
    pub needs: Option<String>,
}

fn dedup<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

fn trim(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn bounded_list(problems: &mut Problems, path: &[&str], len: usize) {
    if len > MAX_ITEMS {
        problems.push(Problem::new(
            path,
            codes::TOO_MANY,
            Message::new(
                format!("最多 {MAX_ITEMS} 项"),
                format!("at most {MAX_ITEMS} items"),
            ),
        ));
    }
}

fn bounded_text(problems: &mut Problems, path: &[&str], text: Option<&str>, max: usize) {
    if text.is_some_and(|t| t.chars().count() > max) {
        problems.push(Problem::new(
            path,
            codes::TOO_LONG,
            Message::new(
                format!("不能超过 {max} 个字符"),
                format!("must be at most {max} characters"),
            ),
        ));
    }
}

fn tidy_contact(c: Contact) -> Contact {
    Contact {
        name: trim(c.name),
        position: trim(c.position),
        phone: trim(c.phone),
        email: trim(c.email),
    }
}

fn tidy_codes(codes: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in codes.into_iter().map(|c| c.trim().to_owned()) {
        if !c.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

impl AssociationForm {
    /// Trims texts, drops blanks and duplicates, and bounds sizes: what a draft must meet.
    pub fn tidy(self, problems: &mut Problems) -> Self {
        let form = Self {
            poverty_regions: tidy_codes(self.poverty_regions),
            support_regions: tidy_codes(self.support_regions),
            featured_products: self
                .featured_products
                .into_iter()
                .map(|p| FeaturedProduct {
                    name: p.name.trim().to_owned(),
                    region_code: trim(p.region_code),
                })
                .filter(|p| !p.name.is_empty())
                .collect(),
            lead: tidy_contact(self.lead),
            liaison: tidy_contact(self.liaison),
            promotion_talks: self
                .promotion_talks
                .into_iter()
                .map(|t| PromotionTalk {
                    topic: trim(t.topic),
                    ..t
                })
                .collect(),
            fair_months: tidy_codes(self.fair_months),
            needs: trim(self.needs),
            pledge_accepted: self.pledge_accepted,
        };
        for (field, len) in [
            ("povertyRegions", form.poverty_regions.len()),
            ("supportRegions", form.support_regions.len()),
            ("featuredProducts", form.featured_products.len()),
            ("promotionTalks", form.promotion_talks.len()),
            ("fairMonths", form.fair_months.len()),
        ] {
            bounded_list(problems, &["form", field], len);
        }
        bounded_text(
            problems,
            &["form", "needs"],
            form.needs.as_deref(),
            MAX_TEXT,
        );
        for (who, c) in [("lead", &form.lead), ("liaison", &form.liaison)] {
            for (field, value) in [
                ("name", &c.name),
                ("position", &c.position),
                ("phone", &c.phone),
                ("email", &c.email),
            ] {
                bounded_text(problems, &["form", who, field], value.as_deref(), 100);
            }
        }
        for (i, p) in form.featured_products.iter().enumerate() {
            bounded_text(
                problems,
                &["form", "featuredProducts", &i.to_string(), "name"],
                Some(&p.name),
                200,
            );
        }
        for (i, t) in form.promotion_talks.iter().enumerate() {
            bounded_text(
                problems,
                &["form", "promotionTalks", &i.to_string(), "topic"],
                t.topic.as_deref(),
                200,
            );
        }
        form
    }
}

impl EnterpriseForm {
    /// Trims texts, drops duplicate choices and bounds sizes: what a draft must meet.
    pub fn tidy(self, problems: &mut Problems) -> Self {
        let form = Self {
            publicity_online: dedup(self.publicity_online),
            publicity_offline: dedup(self.publicity_offline),
            group_buying_online: dedup(self.group_buying_online),
            group_buying_offline: dedup(self.group_buying_offline),
            platforms: dedup(self.platforms),
            platform_other: trim(self.platform_other),
            county_activities: dedup(self.county_activities),
            community_activities: dedup(self.community_activities),
            community_activity_other: trim(self.community_activity_other),
            poverty_regions: tidy_codes(self.poverty_regions),
            support_regions: tidy_codes(self.support_regions),
            participating_project_count: self.participating_project_count,
            needs: trim(self.needs),
        };
        bounded_list(
            problems,
            &["form", "povertyRegions"],
            form.poverty_regions.len(),
        );
        bounded_list(
            problems,
            &["form", "supportRegions"],
            form.support_regions.len(),
        );
        bounded_text(
            problems,
            &["form", "needs"],
            form.needs.as_deref(),
            MAX_TEXT,
        );
        bounded_text(
            problems,
            &["form", "platformOther"],
            form.platform_other.as_deref(),
            200,
        );
        bounded_text(
            problems,
            &["form", "communityActivityOther"],
            form.community_activity_other.as_deref(),
            200,
        );
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip_as_json_with_stable_names() {
        let form = EnterpriseForm {
            publicity_online: vec![PublicityOnline::WechatOfficialAccount],
            platforms: vec![SalesPlatform::HostedOperation],
            ..Default::default()
        };
        let json = serde_json::to_string(&form).unwrap();
        assert!(
            json.contains("\"publicityOnline\":[\"WECHAT_OFFICIAL_ACCOUNT\"]"),
            "{json}"
        );
        assert!(json.contains("HOSTED_OPERATION"));
        assert_eq!(serde_json::from_str::<EnterpriseForm>(&json).unwrap(), form);
        assert_eq!(
            serde_json::from_str::<AssociationForm>("{}").unwrap(),
            AssociationForm::default()
        );
    }

    #[test]
    fn year_months_parse_strictly() {
        assert_eq!(year_month("2019-06"), NaiveDate::from_ymd_opt(2019, 6, 1));
        for bad in ["2019-6", "2019-13", "19-06", "2019/06", ""] {
            assert_eq!(year_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn tidying_drops_blanks_and_duplicate_choices() {
        let mut problems = Problems::new();
        let form = EnterpriseForm {
            platforms: vec![SalesPlatform::App, SalesPlatform::App],
            poverty_regions: vec![" 510727 ".into(), "510727".into(), "".into()],
            needs: Some("  ".into()),
            ..Default::default()
        }
        .tidy(&mut problems);
        assert!(problems.is_empty());
        assert_eq!(form.platforms, vec![SalesPlatform::App]);
        assert_eq!(form.poverty_regions, vec!["510727".to_owned()]);
        assert_eq!(form.needs, None);
    }
}
