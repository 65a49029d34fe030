//! Attribute macros for the gateway's GraphQL schema (used by no other crate).
//!
//! async-graphql 7 cannot flatten a struct into a field's arguments, so without help every
//! connection field spells out `first`, `after`, `last` and `before`, its complexity and the
//! `PageArgs` it builds from them (26 fields did). [`connections`] writes that once.

use proc_macro::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{
    Error, FnArg, ImplItem, ImplItemFn, ItemImpl, Pat, Type, parse_macro_input, parse_quote,
};

/// Put it above `#[Object]` (it must run first: async-graphql cannot read a `PageArgs`
/// argument). In every method of the impl, a parameter `args: PageArgs` becomes the four Relay
/// arguments `first: Int, after: String, last: Int, before: String` in its place, the method's
/// complexity becomes `first` (or `last`) times its selection (`connection::cost`), and the body
/// starts with `let args = PageArgs::new(first, after, last, before);`. Methods without a
/// `PageArgs` parameter are left as they are.
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
    if !attr.is_empty() {
        let attr = proc_macro2::TokenStream::from(attr);
        return Error::new_spanned(attr, "#[connections] takes no arguments")
            .to_compile_error()
            .into();
    }
    let mut imp = parse_macro_input!(item as ItemImpl);
    for item in &mut imp.items {
        if let ImplItem::Fn(method) = item
            && let Err(e) = expand(method)
        {
            return e.to_compile_error().into();
        }
    }
    imp.into_token_stream().into()
}

/// Rewrites one method if it takes a `PageArgs`.
fn expand(method: &mut ImplItemFn) -> syn::Result<()> {
    let mut page: Option<(Box<Pat>, Box<Type>)> = None;
    let mut inputs = Punctuated::new();
    for input in std::mem::take(&mut method.sig.inputs) {
        match input {
            FnArg::Typed(arg) if is_page_args(&arg.ty) => {
                if page.is_some() {
                    return Err(Error::new_spanned(arg, "a connection takes one PageArgs"));
                }
                inputs.push(parse_quote!(first: ::std::option::Option<i32>));
                inputs.push(parse_quote!(after: ::std::option::Option<::std::string::String>));
                inputs.push(parse_quote!(last: ::std::option::Option<i32>));
                inputs.push(parse_quote!(before: ::std::option::Option<::std::string::String>));
                page = Some((arg.pat, arg.ty));
            }
            other => inputs.push(other),
        }
    }
    method.sig.inputs = inputs;
    let Some((pat, ty)) = page else {
        return Ok(());
    };
    if let Some(attr) = method.attrs.iter().find(|a| {
        a.path().is_ident("graphql") && a.to_token_stream().to_string().contains("complexity")
    }) {
        return Err(Error::new_spanned(
            attr,
            "#[connections] sets a connection's complexity; remove this one",
        ));
    }
    method.attrs.push(parse_quote!(
        #[graphql(complexity = "crate::schema::connection::cost(first, last, child_complexity)")]
    ));
    method.block.stmts.insert(
        0,
        parse_quote!(let #pat = <#ty>::new(first, after, last, before);),
    );
    Ok(())
}

/// `PageArgs`, by its last path segment (the gateway imports it under that name).
fn is_page_args(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "PageArgs" && s.arguments.is_none()))
}
