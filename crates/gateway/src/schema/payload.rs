//! Mutation payloads: the changed object (null when the input had problems) and `userErrors`,
//! one item per problem the caller can fix, with the path into the input, a stable code of the
//! domain's code enum and a message in the request's language. One macro makes each domain's
//! user-error type, one makes every payload; anything that is not a fixable problem is a
//! top-level error (see `crate::error`).

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::{Deprecation, MetaEnumValue, MetaType, MetaTypeId, Registry};
use async_graphql::{
    Context, ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value,
};
use kernel::error_code::ErrorCode;
use kernel::{DomainResult, Problem};

use crate::error::{Lang, lang, split};

/// A domain's error code on the wire: the GraphQL enum named, valued and described by the
/// domain's `kernel::error_codes!` declaration, so no list of codes is written twice.
#[derive(Debug, Clone, Copy)]
pub struct Code<C>(pub C);

impl<C: ErrorCode> OutputType for Code<C> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(C::TYPE_NAME)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Enum, |_| MetaType::Enum {
            name: C::TYPE_NAME.to_owned(),
            description: Some(C::DESCRIPTION.trim().to_owned()),
            enum_values: C::all()
                .iter()
                .map(|code| {
                    let name = code.as_str().to_owned();
                    let value = MetaEnumValue {
                        name: name.clone(),
                        description: Some(code.description().to_owned()),
                        deprecation: Deprecation::NoDeprecated,
                        visible: None,
                        inaccessible: false,
                        tags: Vec::new(),
                        directive_invocations: Vec::new(),
                    };
                    (name, value)
                })
                .collect(),
            visible: None,
            inaccessible: false,
            tags: Vec::new(),
            rust_typename: Some(std::any::type_name::<Self>()),
            directive_invocations: Vec::new(),
            requires_scopes: Vec::new(),
        })
    }

    async fn resolve(
        &self,
        _: &ContextSelectionSet<'_>,
        _: &Positioned<Field>,
    ) -> ServerResult<Value> {
        Ok(Value::Enum(Name::new(self.0.as_str())))
    }
}

/// A domain's `userErrors` item.
pub trait UserError: Sized {
    fn from_problem(lang: Lang, problem: Problem) -> Self;
}

pub fn user_errors<E: UserError>(lang: Lang, problems: Vec<Problem>) -> Vec<E> {
    problems
        .into_iter()
        .map(|p| E::from_problem(lang, p))
        .collect()
}

/// Splits a mutation's result into the object or the user errors, or a top-level error.
pub fn respond<M, T, E: UserError>(
    ctx: &Context<'_>,
    result: DomainResult<M>,
    wrap: impl FnOnce(M) -> T,
) -> async_graphql::Result<(Option<T>, Vec<E>)> {
    Ok(match split(ctx, result)? {
        Ok(m) => (Some(wrap(m)), Vec::new()),
        Err(problems) => (None, user_errors(lang(ctx), problems)),
    })
}

/// [`respond`] for a payload of several parts: `parts` of the result, or their defaults (null,
/// empty, false) beside the user errors.
pub fn respond_parts<M, T: Default, E: UserError>(
    ctx: &Context<'_>,
    result: DomainResult<M>,
    parts: impl FnOnce(M) -> T,
) -> async_graphql::Result<(T, Vec<E>)> {
    let (parts, user_errors) = respond(ctx, result, parts)?;
    Ok((parts.unwrap_or_default(), user_errors))
}

/// A mutation's payload: the changed object, or the problems the caller can fix.
pub trait Payload: Sized {
    /// The changed object.
    type Object;

    /// The payload of a mutation's result: the object, or the user errors, or a top-level
    /// error for anything the caller cannot fix.
    fn from_result<M>(
        ctx: &Context<'_>,
        result: DomainResult<M>,
        wrap: impl FnOnce(M) -> Self::Object,
    ) -> async_graphql::Result<Self>;
}

/// `user_error!(ParticipantUserError, participants::ParticipantErrorCode, "参与方用户错误")`:
/// the user-error type of a domain, with its code enum.
macro_rules! user_error {
    ($name:ident, $domain:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject, Debug, Clone)]
        pub struct $name {
            /// 字段路径: path to the input field, e.g. `["input", "rows", "3", "name"]`.
            pub field: Vec<String>,
            /// 错误代码: stable code.
            pub code: $crate::schema::payload::Code<$domain>,
            /// 说明: message in the request's language (Chinese unless `Accept-Language: en`).
            pub message: String,
        }

        impl $crate::schema::payload::UserError for $name {
            fn from_problem(lang: $crate::error::Lang, problem: kernel::Problem) -> Self {
                Self {
                    message: lang.pick(&problem.message),
                    code: $crate::schema::payload::Code(
                        <$domain as kernel::error_code::ErrorCode>::from_code(problem.code),
                    ),
                    field: problem.field,
                }
            }
        }
    };
}
pub(crate) use user_error;

/// `payload!(AssociationPayload, association: Association, ParticipantUserError, "协会变更结果")`:
/// a payload with the changed object and the domain's user errors, and `from_result`.
macro_rules! payload {
    ($name:ident, $field:ident: $ty:ty, $error:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            /// 结果: the object as it is now; null when the input had errors.
            pub $field: Option<$ty>,
            /// 用户错误: problems with the input; empty on success.
            pub user_errors: Vec<$error>,
        }

        impl $crate::schema::payload::Payload for $name {
            type Object = $ty;

            fn from_result<M>(
                ctx: &async_graphql::Context<'_>,
                result: kernel::DomainResult<M>,
                wrap: impl FnOnce(M) -> $ty,
            ) -> async_graphql::Result<Self> {
                let ($field, user_errors) = $crate::schema::payload::respond(ctx, result, wrap)?;
                Ok(Self {
                    $field,
                    user_errors,
                })
            }
        }
    };
}
pub(crate) use payload;

/// `replayed_payload!(OrderPayload, order: Order, "订单", OrderUserError, "订单变更结果")`: the
/// payload of a command with an idempotency key: the changed object, whether this answer is a
/// replay, and the domain's user errors; its object is `(object, replayed)`.
macro_rules! replayed_payload {
    ($name:ident, $field:ident: $ty:ty, $term:literal, $error:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            #[doc = concat!($term, ": as it is now; null when the input had errors.")]
            pub $field: Option<$ty>,
            /// 重放: true when this answers an earlier request with the same idempotency key and
            /// input (nothing was done again).
            pub replayed: bool,
            /// 用户错误: problems with the input; empty on success.
            pub user_errors: Vec<$error>,
        }

        impl $crate::schema::payload::Payload for $name {
            type Object = ($ty, bool);

            fn from_result<M>(
                ctx: &async_graphql::Context<'_>,
                result: kernel::DomainResult<M>,
                wrap: impl FnOnce(M) -> ($ty, bool),
            ) -> async_graphql::Result<Self> {
                let parts = |m| {
                    let (object, replayed) = wrap(m);
                    (Some(object), replayed)
                };
                let (($field, replayed), user_errors) =
                    $crate::schema::payload::respond_parts(ctx, result, parts)?;
                Ok(Self {
                    $field,
                    replayed,
                    user_errors,
                })
            }
        }
    };
}
pub(crate) use replayed_payload;
