//! A sweep over the schema itself: every string (String, ID and the string scalars) that any
//! mutation input or query argument can carry gets a NUL, one at a time, and must be refused
//! with the one answer the rule promises. A new field or a new mutation is covered the day it
//! is added, without a test of its own.

use serde_json::{Map, Value, json};

use crate::helpers::TestApp;

const TYPE_REF: &str = "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";

/// The schema as introspection shows it: types by name, and the root type names.
pub struct Schema {
    types: Map<String, Value>,
    pub query: String,
    pub mutation: String,
}

pub async fn introspect(app: &TestApp) -> Schema {
    let query = format!(
        "{{ __schema {{ queryType {{ name }} mutationType {{ name }} types {{ name kind enumValues {{ name }} inputFields {{ name type {{ ...T }} }} fields {{ name args {{ name type {{ ...T }} }} type {{ ...T }} }} }} }} }} {TYPE_REF}"
    );
    let body = app.gql(&app.platform(), &query, json!({})).await;
    let schema = &body["data"]["__schema"];
    let types = schema["types"]
        .as_array()
        .unwrap_or_else(|| panic!("introspection: {body}"))
        .iter()
        .map(|t| (t["name"].as_str().unwrap_or_default().to_owned(), t.clone()))
        .collect();
    Schema {
        types,
        query: schema["queryType"]["name"]
            .as_str()
            .unwrap_or_default()
            .into(),
        mutation: schema["mutationType"]["name"]
            .as_str()
            .unwrap_or_default()
            .into(),
    }
}

/// Scalars that arrive as JSON strings.
const STRING_SCALARS: [&str; 5] = ["String", "ID", "RegionCode", "Date", "DateTime"];

/// A type reference as written in a variable definition, e.g. `[ID!]!`.
pub fn render(ty: &Value) -> String {
    match ty["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", render(&ty["ofType"])),
        Some("LIST") => format!("[{}]", render(&ty["ofType"])),
        _ => ty["name"].as_str().unwrap_or_default().to_owned(),
    }
}

fn named(ty: &Value) -> &Value {
    match ty["kind"].as_str() {
        Some("NON_NULL" | "LIST") => named(&ty["ofType"]),
        _ => ty,
    }
}

impl Schema {
    pub fn fields(&self, type_name: &str) -> Vec<Value> {
        self.types[type_name]["fields"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The smallest valid value of a required type; `None` for an optional one.
    fn minimal(&self, ty: &Value, depth: usize) -> Option<Value> {
        if ty["kind"] != "NON_NULL" {
            return None;
        }
        let inner = &ty["ofType"];
        if inner["kind"] == "LIST" {
            return Some(json!([]));
        }
        Some(self.value_of(inner["name"].as_str().unwrap_or_default(), depth))
    }

    fn value_of(&self, name: &str, depth: usize) -> Value {
        let t = &self.types[name];
        match (t["kind"].as_str(), name) {
            (Some("ENUM"), _) => t["enumValues"][0]["name"].clone(),
            (Some("INPUT_OBJECT"), _) => {
                let mut out = Map::new();
                for f in t["inputFields"].as_array().into_iter().flatten() {
                    if let Some(v) = self.minimal(&f["type"], depth + 1) {
                        out.insert(f["name"].as_str().unwrap_or_default().into(), v);
                    }
                }
                Value::Object(out)
            }
            (_, "Date") => json!("2020-01-01"),
            (_, "DateTime") => json!("2020-01-01T00:00:00Z"),
            (_, "RegionCode") => json!("340100"),
            (_, "Int" | "Fen" | "Grams") => json!(1),
            (_, "Float") => json!(1.0),
            (_, "Boolean") => json!(false),
            _ => json!("gid://yijin/Enterprise/0190aaaa-0000-7000-8000-000000000000"),
        }
    }

    /// Every string reachable in a value of `ty`, as (path, value with a NUL at that path).
    pub fn poisoned(&self, ty: &Value, depth: usize) -> Vec<(Vec<String>, Value)> {
        let base = named(ty);
        let name = base["name"].as_str().unwrap_or_default();
        let in_list = |path: Vec<String>, v: Value| {
            let mut p = vec!["0".to_owned()];
            p.extend(path);
            (p, json!([v]))
        };
        let is_list = {
            let mut t = ty;
            let mut list = false;
            while t["kind"] == "NON_NULL" || t["kind"] == "LIST" {
                list |= t["kind"] == "LIST";
                t = &t["ofType"];
            }
            list
        };
        let mut out = Vec::new();
        if STRING_SCALARS.contains(&name) {
            out.push((Vec::new(), json!("a\u{0}b")));
        } else if base["kind"] == "INPUT_OBJECT" && depth < 6 {
            let fields = self.types[name]["inputFields"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let template = self.value_of(name, depth);
            for f in &fields {
                let field = f["name"].as_str().unwrap_or_default().to_owned();
                for (path, v) in self.poisoned(&f["type"], depth + 1) {
                    let mut object = template.clone();
                    object[&field] = v;
                    let mut full = vec![field.clone()];
                    full.extend(path);
                    out.push((full, object));
                }
            }
        }
        if is_list {
            out = out.into_iter().map(|(p, v)| in_list(p, v)).collect();
        }
        out
    }

    /// `Type.field` of every ID (or list of IDs) field of the input types mutations take,
    /// nested ones included.
    pub fn id_fields_of_mutation_inputs(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut queue: Vec<String> = self
            .fields(&self.mutation)
            .iter()
            .flat_map(|f| f["args"].as_array().cloned().unwrap_or_default())
            .map(|a| {
                named(&a["type"])["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(name) = queue.pop() {
            if !seen.insert(name.clone()) || self.types[&name]["kind"] != "INPUT_OBJECT" {
                continue;
            }
            for f in self.types[&name]["inputFields"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let ty = named(&f["type"])["name"].as_str().unwrap_or_default();
                if ty == "ID" {
                    out.insert(format!("{name}.{}", f["name"].as_str().unwrap_or_default()));
                } else {
                    queue.push(ty.to_owned());
                }
            }
        }
        out
    }

    /// The by-id root fields: every query field whose only argument is `id: ID!` and that
    /// returns one object (or interface) that may be null, as (field, type name).
    pub fn by_id_root_fields(&self) -> Vec<(String, String)> {
        self.fields(&self.query)
            .iter()
            .filter(|f| {
                let args = f["args"].as_array().cloned().unwrap_or_default();
                args.len() == 1
                    && args[0]["name"] == "id"
                    && render(&args[0]["type"]) == "ID!"
                    && matches!(f["type"]["kind"].as_str(), Some("OBJECT" | "INTERFACE"))
            })
            .map(|f| {
                let name = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                (name(&f["name"]), name(&f["type"]["name"]))
            })
            .collect()
    }

    /// Every id argument of the query root's fields but the by-id fields' `id` and `node`'s and
    /// `nodes`' ids, as `field(argument)`, or `field(argument.inputField)` for an id inside an
    /// input object argument (a KPI `scope`, a list's `filter`).
    pub fn id_arguments_of_root_queries(&self) -> std::collections::BTreeSet<String> {
        let by_id: Vec<String> = self
            .by_id_root_fields()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        let mut out = std::collections::BTreeSet::new();
        for f in self.fields(&self.query) {
            let field = f["name"].as_str().unwrap_or_default();
            if by_id.iter().any(|b| b == field) || field == "nodes" {
                continue;
            }
            for a in f["args"].as_array().into_iter().flatten() {
                let arg = a["name"].as_str().unwrap_or_default();
                let ty = named(&a["type"])["name"].as_str().unwrap_or_default();
                if ty == "ID" {
                    out.insert(format!("{field}({arg})"));
                } else if self.types[ty]["kind"] == "INPUT_OBJECT" {
                    for i in self.types[ty]["inputFields"]
                        .as_array()
                        .into_iter()
                        .flatten()
                    {
                        if named(&i["type"])["name"] == "ID" {
                            let inner = i["name"].as_str().unwrap_or_default();
                            out.insert(format!("{field}({arg}.{inner})"));
                        }
                    }
                }
            }
        }
        out
    }

    /// A selection for a field's return type: `__typename` for composite types.
    pub fn selection(&self, ty: &Value) -> &'static str {
        match named(ty)["kind"].as_str() {
            Some("OBJECT" | "INTERFACE" | "UNION") => "{ __typename }",
            _ => "",
        }
    }

    /// The required arguments of a field, except `skip`, as (definition, variable value).
    pub fn required_args(&self, field: &Value, skip: &str) -> Vec<(String, String, Value)> {
        field["args"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["name"] != skip)
            .filter_map(|a| {
                let name = a["name"].as_str().unwrap_or_default().to_owned();
                self.minimal(&a["type"], 0)
                    .map(|v| (name, render(&a["type"]), v))
            })
            .collect()
    }
}
