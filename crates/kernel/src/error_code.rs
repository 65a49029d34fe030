//! The stable codes of a domain's user errors, declared once with [`error_codes!`]: the enum,
//! its code strings, its descriptions (which become the GraphQL enum's) and the kernel's shared
//! codes, so that no domain lists them again and the gateway mirrors none of them by hand.

/// A domain's code enum, as [`error_codes!`] makes it.
pub trait ErrorCode: Copy + Send + Sync + 'static {
    /// The GraphQL enum's name, e.g. `ProductErrorCode`.
    const TYPE_NAME: &'static str;
    /// The GraphQL enum's description.
    const DESCRIPTION: &'static str;

    fn all() -> &'static [Self];
    /// The stable SCREAMING_SNAKE_CASE code.
    fn as_str(self) -> &'static str;
    fn description(self) -> &'static str;

    /// The code for a problem's code string; an unknown string falls back to `INVALID`, so
    /// that a new kernel code never becomes a server error.
    fn from_code(code: &str) -> Self {
        Self::all()
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .unwrap_or(Self::all()[0])
    }
}

/// Declares a domain's code enum: the kernel's shared codes come first, then the domain's own.
///
/// ```ignore
/// kernel::error_codes! {
///     /// 产品错误代码: stable codes of product `userErrors`.
///     pub enum ProductErrorCode {
///         /// There is not enough stock.
///         InsufficientStock = "INSUFFICIENT_STOCK",
///     }
/// }
/// ```
#[macro_export]
macro_rules! error_codes {
    (
        #[doc = $doc:literal]
        pub enum $name:ident {
            $( #[doc = $vdoc:literal] $variant:ident = $code:literal, )*
        }
    ) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            /// 无效: the value is not valid.
            Invalid,
            /// 必填: a required value is blank.
            Blank,
            /// 过长: the text is too long.
            TooLong,
            /// 超出范围: the number or date is out of the allowed range.
            OutOfRange,
            /// 无效 ID: not a global id of the expected type.
            InvalidId,
            /// 无效手机号: not a mainland China mobile number.
            InvalidPhone,
            /// 无效行政区划: not an existing region code at the required level.
            InvalidRegion,
            /// 过多: too many items in a list.
            TooMany,
            /// 已存在: already recorded (a name, an external id, a report for the period).
            Taken,
            /// 含控制字符: the text holds a control character (NUL, ESC, …; tab or a line break
            /// in one-line text).
            ControlCharacter,
            $( #[doc = $vdoc] $variant, )*
        }

        impl $crate::error_code::ErrorCode for $name {
            const TYPE_NAME: &'static str = stringify!($name);
            const DESCRIPTION: &'static str = $doc;

            fn all() -> &'static [Self] {
                &[
                    Self::Invalid,
                    Self::Blank,
                    Self::TooLong,
                    Self::OutOfRange,
                    Self::InvalidId,
                    Self::InvalidPhone,
                    Self::InvalidRegion,
                    Self::TooMany,
                    Self::Taken,
                    Self::ControlCharacter,
                    $( Self::$variant, )*
                ]
            }

            fn as_str(self) -> &'static str {
                use $crate::error::codes;
                match self {
                    Self::Invalid => codes::INVALID,
                    Self::Blank => codes::BLANK,
                    Self::TooLong => codes::TOO_LONG,
                    Self::OutOfRange => codes::OUT_OF_RANGE,
                    Self::InvalidId => codes::INVALID_ID,
                    Self::InvalidPhone => codes::INVALID_PHONE,
                    Self::InvalidRegion => codes::INVALID_REGION,
                    Self::TooMany => codes::TOO_MANY,
                    Self::Taken => codes::TAKEN,
                    Self::ControlCharacter => codes::CONTROL_CHARACTER,
                    $( Self::$variant => $code, )*
                }
            }

            fn description(self) -> &'static str {
                match self {
                    Self::Invalid => "无效: the value is not valid.",
                    Self::Blank => "必填: a required value is blank.",
                    Self::TooLong => "过长: the text is too long.",
                    Self::OutOfRange => "超出范围: the number or date is out of the allowed range.",
                    Self::InvalidId => "无效 ID: not a global id of the expected type.",
                    Self::InvalidPhone => "无效手机号: not a mainland China mobile number.",
                    Self::InvalidRegion => "无效行政区划: not an existing region code at the required level.",
                    Self::TooMany => "过多: too many items in a list.",
                    Self::Taken => "已存在: already recorded (a name, an external id, a report for the period).",
                    Self::ControlCharacter => "含控制字符: the text holds a control character (NUL, ESC, …; tab or a line break in one-line text).",
                    $( Self::$variant => $vdoc.trim_start(), )*
                }
            }
        }

        impl $name {
            /// The stable code.
            pub fn as_str(self) -> &'static str {
                $crate::error_code::ErrorCode::as_str(self)
            }

            /// See [`ErrorCode::from_code`]($crate::error_code::ErrorCode::from_code).
            pub fn from_code(code: &str) -> Self {
                <Self as $crate::error_code::ErrorCode>::from_code(code)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;
    use crate::error::codes;

    crate::error_codes! {
        /// A test domain's codes.
        pub enum TestCode {
            /// The widget is broken.
            Broken = "BROKEN",
        }
    }

    #[test]
    fn codes_round_trip_and_the_kernel_codes_come_first() {
        for code in TestCode::all() {
            assert_eq!(TestCode::from_code(code.as_str()), *code);
        }
        assert_eq!(TestCode::from_code(codes::TAKEN), TestCode::Taken);
        assert_eq!(TestCode::from_code("NO_SUCH_CODE"), TestCode::Invalid);
        assert_eq!(TestCode::Broken.description(), "The widget is broken.");
        assert_eq!(TestCode::TYPE_NAME, "TestCode");
    }
}
