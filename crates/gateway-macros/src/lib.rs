//! Attribute macros for the gateway's GraphQL schema (used by no other crate).
//!
//! async-graphql 7 cannot flatten a struct into a field's arguments, so without help every
//! field that takes the same arguments spells them out again: every connection field its
//! `first`, `after`, `last` and `before`, its complexity and the `PageArgs` it builds from them
//! (26 fields did), and `ranking` and `rankingChanged` the ranking's seven coordinates.
//! [`connections`] and [`ranking_args`] write each list once.

use proc_macro::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Error, FnArg, ImplItem, ImplItemFn, ItemImpl, Pat, Path, Stmt, Type,
    parse_macro_input, parse_quote,
};

/// Put it above `#[Object]` (it must run first: async-graphql cannot read a `PageArgs`
/// argument). In every method of the impl, a parameter `args: PageArgs` becomes the four Relay
/// arguments `first: Int, after: String, last: Int, before: String` in its place, the method's
/// complexity becomes `first` (or `last`) times its selection (`connection::cost`), and the body
/// starts with `let args = PageArgs::new(first, after, last, before);`. Methods without a
/// `PageArgs` parameter are left as they are. A method that ends up with more than seven
/// parameters (`&self`, `ctx`, filters and the four) gets
/// `#[expect(clippy::too_many_arguments)]`: its source has the three fewer.
///
/// ```ignore
/// #[connections]
/// #[Object]
/// impl Query {
///     /// 协会列表
///     async fn associations(&self, ctx: &Context<'_>, args: PageArgs) -> Result<Conn<Association>> {
///         connect_all(ctx, args, list, count, Association).await
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn connections(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemImpl);
    match rewrite_impl(attr.into(), item, &relay()) {
        Ok(imp) => imp.into_token_stream().into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Put it above `#[Object]` or `#[Subscription]`. In every method of the impl, a parameter
/// `args: RankingArgs` becomes the ranking's seven arguments in its place — `campaignId: ID!`,
/// `dimension: RankingDimension!`, `metric: RankingMetric! = JIN`, `period: RollupPeriod! =
/// ALL`, `periodKey: String! = ""`, `scope: KpiScope`, `top: Int! = 10` — and the body starts
/// with `let args = RankingArgs { campaign_id, dimension, … };` (a struct literal, so a field
/// missing on either side is a compile error). The argument types are named by their paths in
/// the gateway (`crate::schema::kpi::inputs`, `crate::schema::ledger`). The method gets
/// `#[expect(clippy::too_many_arguments)]`, as its nine parameters are the macro's doing.
#[proc_macro_attribute]
pub fn ranking_args(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemImpl);
    match rewrite_impl(attr.into(), item, &ranking()) {
        Ok(imp) => imp.into_token_stream().into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// A struct that a method takes as one parameter and its GraphQL field as several arguments.
struct Flattened {
    /// The attribute that flattens it.
    macro_name: &'static str,
    /// The struct's name (its last path segment: the gateway imports it under that name).
    name: &'static str,
    /// The arguments that stand in the parameter's place, in order.
    params: Vec<FnArg>,
    /// The expression that builds the struct from them, given the parameter's type path.
    build: fn(&Path) -> syn::Expr,
    /// Attributes the rewritten method gains.
    attrs: Vec<Attribute>,
    /// An attribute the method must not carry itself, by a word it contains, and why.
    forbidden: Option<(&'static str, &'static str)>,
}

/// `PageArgs`: the four Relay arguments and the connection's complexity.
fn relay() -> Flattened {
    Flattened {
        macro_name: "connections",
        name: "PageArgs",
        params: vec![
            parse_quote!(first: ::std::option::Option<i32>),
            parse_quote!(after: ::std::option::Option<::std::string::String>),
            parse_quote!(last: ::std::option::Option<i32>),
            parse_quote!(before: ::std::option::Option<::std::string::String>),
        ],
        build: |ty| parse_quote!(#ty::new(first, after, last, before)),
        attrs: vec![parse_quote!(
            #[graphql(complexity = "crate::schema::connection::cost(first, last, child_complexity)")]
        )],
        forbidden: Some((
            "complexity",
            "#[connections] sets a connection's complexity; remove this one",
        )),
    }
}

/// `RankingArgs`: the coordinates of a ranking, as `ranking` and `rankingChanged` take them.
fn ranking() -> Flattened {
    Flattened {
        macro_name: "ranking_args",
        name: "RankingArgs",
        params: vec![
            parse_quote!(campaign_id: ::async_graphql::ID),
            parse_quote!(dimension: crate::schema::kpi::inputs::RankingDimension),
            parse_quote!(
                #[graphql(default_with = "crate::schema::kpi::inputs::RankingMetric::Jin")]
                metric: crate::schema::kpi::inputs::RankingMetric
            ),
            parse_quote!(
                #[graphql(default_with = "crate::schema::ledger::RollupPeriod::All")]
                period: crate::schema::ledger::RollupPeriod
            ),
            parse_quote!(#[graphql(default)] period_key: ::std::string::String),
            parse_quote!(
                scope: ::std::option::Option<crate::schema::kpi::inputs::KpiScope>
            ),
            parse_quote!(#[graphql(default = 10)] top: i32),
        ],
        build: |ty| {
            parse_quote!(#ty {
                campaign_id,
                dimension,
                metric,
                period,
                period_key,
                scope,
                top,
            })
        },
        attrs: Vec::new(),
        forbidden: None,
    }
}

/// Rewrites every method of `imp` that takes the flattened struct.
fn rewrite_impl(
    attr: proc_macro2::TokenStream,
    mut imp: ItemImpl,
    flat: &Flattened,
) -> syn::Result<ItemImpl> {
    if !attr.is_empty() {
        return Err(Error::new_spanned(
            attr,
            format!("#[{}] takes no arguments", flat.macro_name),
        ));
    }
    for item in &mut imp.items {
        if let ImplItem::Fn(method) = item {
            expand(method, flat)?;
        }
    }
    Ok(imp)
}

/// clippy's `too_many_arguments` limit. A method is written with the struct as one parameter,
/// so the limit is one for its source; where the rewritten method passes it, the attribute
/// says so on the method (an `#[expect]`, so that it is checked).
const MAX_PARAMS: usize = 7;

/// Rewrites one method if it takes the flattened struct.
fn expand(method: &mut ImplItemFn, flat: &Flattened) -> syn::Result<()> {
    let mut found: Option<(Box<Pat>, Path)> = None;
    let mut inputs = Punctuated::new();
    for input in std::mem::take(&mut method.sig.inputs) {
        let path = match &input {
            FnArg::Typed(arg) => named(&arg.ty, flat.name),
            FnArg::Receiver(_) => None,
        };
        match (input, path) {
            (FnArg::Typed(arg), Some(path)) => {
                if found.is_some() {
                    let message = format!("a field takes one {}", flat.name);
                    return Err(Error::new_spanned(arg, message));
                }
                inputs.extend(flat.params.iter().cloned());
                found = Some((arg.pat, path));
            }
            (other, _) => inputs.push(other),
        }
    }
    method.sig.inputs = inputs;
    let Some((pat, path)) = found else {
        return Ok(());
    };
    if let Some((word, message)) = flat.forbidden
        && let Some(attr) = method.attrs.iter().find(|a| {
            a.path().is_ident("graphql") && a.to_token_stream().to_string().contains(word)
        })
    {
        return Err(Error::new_spanned(attr, message));
    }
    method.attrs.extend(flat.attrs.iter().cloned());
    if method.sig.inputs.len() > MAX_PARAMS {
        let reason = format!("arguments written out by #[{}]", flat.macro_name);
        method.attrs.push(parse_quote!(
            #[expect(clippy::too_many_arguments, reason = #reason)]
        ));
    }
    let build = (flat.build)(&path);
    let stmt: Stmt = parse_quote!(let #pat = #build;);
    method.block.stmts.insert(0, stmt);
    Ok(())
}

/// The type's path when it names the struct `name` by its last segment (no generics).
fn named(ty: &Type, name: &str) -> Option<Path> {
    match ty {
        Type::Path(p)
            if p.qself.is_none()
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == name && s.arguments.is_none()) =>
        {
            Some(p.path.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(flat: &Flattened, method: ImplItemFn) -> syn::Result<String> {
        let mut method = method;
        expand(&mut method, flat)?;
        Ok(method.to_token_stream().to_string())
    }

    fn params(method: &str) -> Vec<String> {
        let method: ImplItemFn = syn::parse_str(method).unwrap();
        method
            .sig
            .inputs
            .iter()
            .map(|i| match i {
                FnArg::Receiver(_) => "self".to_owned(),
                FnArg::Typed(t) => t.pat.to_token_stream().to_string(),
            })
            .collect()
    }

    #[test]
    fn ranking_args_become_the_seven_arguments_in_place() {
        let method: ImplItemFn = parse_quote! {
            async fn ranking(&self, ctx: &Context<'_>, args: RankingArgs) -> Result<Ranking> {
                read(ctx, args).await
            }
        };
        let out = rewritten(&ranking(), method).unwrap();
        assert_eq!(
            params(&out),
            [
                "self",
                "ctx",
                "campaign_id",
                "dimension",
                "metric",
                "period",
                "period_key",
                "scope",
                "top"
            ]
        );
        let out = out.replace(' ', "");
        assert!(out.contains("default_with=\"crate::schema::kpi::inputs::RankingMetric::Jin\""));
        assert!(out.contains("#[graphql(default=10)]top:i32"));
        assert!(out.contains("clippy::too_many_arguments"));
        assert!(out.contains(
            "{letargs=RankingArgs{campaign_id,dimension,metric,period,period_key,scope,top,};"
        ));
    }

    #[test]
    fn page_args_become_the_relay_arguments_and_a_complexity() {
        let method: ImplItemFn = parse_quote! {
            async fn things(&self, ctx: &Context<'_>, owner: ID, page: PageArgs) -> Result<Conn<T>> {
                list(ctx, owner, page).await
            }
        };
        let out = rewritten(&relay(), method).unwrap();
        assert_eq!(
            params(&out),
            ["self", "ctx", "owner", "first", "after", "last", "before"]
        );
        let out = out.replace(' ', "");
        assert!(out.contains("connection::cost(first,last,child_complexity)"));
        assert!(out.contains("{letpage=PageArgs::new(first,after,last,before);"));
        assert!(
            !out.contains("too_many_arguments"),
            "seven parameters are not too many"
        );
        let filtered: ImplItemFn = parse_quote! {
            async fn things(&self, ctx: &Context<'_>, a: ID, b: ID, args: PageArgs) -> T { args }
        };
        let out = rewritten(&relay(), filtered).unwrap().replace(' ', "");
        assert!(out.contains(
            "#[expect(clippy::too_many_arguments,reason=\"argumentswrittenoutby#[connections]\")]"
        ));
    }

    #[test]
    fn other_methods_are_left_alone() {
        let method: ImplItemFn = parse_quote! {
            async fn thing(&self, id: ID, args: OtherArgs) -> Result<T> { get(id, args).await }
        };
        let before = method.to_token_stream().to_string();
        assert_eq!(rewritten(&ranking(), method.clone()).unwrap(), before);
        assert_eq!(rewritten(&relay(), method).unwrap(), before);
    }

    #[test]
    fn two_structs_or_an_own_complexity_are_errors() {
        let twice: ImplItemFn = parse_quote! {
            async fn r(&self, a: RankingArgs, b: RankingArgs) -> T { a }
        };
        let e = rewritten(&ranking(), twice).unwrap_err();
        assert_eq!(e.to_string(), "a field takes one RankingArgs");
        let own: ImplItemFn = parse_quote! {
            #[graphql(complexity = "5")]
            async fn c(&self, args: PageArgs) -> T { args }
        };
        let e = rewritten(&relay(), own).unwrap_err();
        assert!(e.to_string().contains("sets a connection's complexity"));
    }
}
