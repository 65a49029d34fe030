//! The participation modes of the enterprise form (企业版参战书), as closed sets of choices.

use serde::{Deserialize, Serialize};

macro_rules! choice_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
    };
}

choice_enum!(
    /// 线上宣传
    PublicityOnline {
        /// 微信公众号
        WechatOfficialAccount,
        /// 官网
        Website,
        /// 微博
        Weibo,
        /// 微信群
        WechatGroups,
    }
);
choice_enum!(
    /// 线下宣传
    PublicityOffline {
        /// 宣传栏
        BulletinBoard,
        /// 停车场广告
        ParkingLotAds,
        /// 服务中心广告
        ServiceCentreAds,
        /// 公告栏
        NoticeBoard,
        /// 电梯广告
        ElevatorAds,
        /// 出入口横幅
        EntranceBanner,
    }
);
choice_enum!(
    /// 线上团购
    GroupBuyingOnline {
        /// 社区团购
        CommunityGroupBuy,
    }
);
choice_enum!(
    /// 线下团购
    GroupBuyingOffline {
        /// 企业采购 (员工福利、食堂、节日礼品)
        EnterpriseProcurement,
        /// 合作企业采购
        PartnerProcurement,
    }
);
choice_enum!(
    /// 销售平台
    SalesPlatform {
        /// 自有 APP
        App,
        /// 微信小店
        MiniStore,
        /// 联盟电商团队托管运营
        HostedOperation,
        /// 其他
        Other,
    }
);
choice_enum!(
    /// 县域活动
    CountyActivity {
        /// 考察选品
        SelectionVisit,
        /// 吸纳贫困户就业
        PovertyWorkerEmployment,
    }
);
choice_enum!(
    /// 社区活动形式
    CommunityActivity {
        /// 扶贫专区
        Zone,
        /// 社区门店专柜
        CommunityStore,
        /// 其他
        Other,
    }
);
