//! The shape of a catalog: its message ids and the variables each one
//! uses. The catalog test compares the three languages' shapes, and the
//! window's `ui/src/messages.ts` is generated from the English one, so a
//! message id or a variable mistyped in TypeScript fails to compile.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Message id → the variables it uses.
pub type Shape = BTreeMap<String, BTreeSet<String>>;

/// The shape of one catalog, and the lines that did not parse.
pub fn shape(text: &str) -> (Shape, Vec<String>) {
    let (resource, errors) = match fluent_syntax::parser::parse(text) {
        Ok(r) => (r, Vec::new()),
        Err((r, errors)) => (r, errors.iter().map(|e| format!("{e:?}")).collect()),
    };
    let mut messages = Shape::new();
    let mut errors = errors;
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            // The bundle would keep the first and drop the second in silence.
            if messages.contains_key(m.id.name) {
                errors.push(format!("message {} is defined twice", m.id.name));
            }
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            messages.insert(m.id.name.to_string(), vars);
        }
    }
    // A referenced message sees the caller's variables: they count as the
    // caller's ("moment" uses "weekdayShort", which selects on $weekday).
    for _ in 0..4 {
        let before = messages.clone();
        for vars in messages.values_mut() {
            let refs: Vec<String> = vars.iter().filter_map(|v| v.strip_prefix('@').map(str::to_string)).collect();
            for r in refs {
                vars.extend(before.get(&r).into_iter().flatten().cloned());
            }
        }
    }
    for vars in messages.values_mut() {
        vars.retain(|v| !v.starts_with('@'));
    }
    (messages, errors)
}

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().for_each(|a| inline_vars(a, out));
            arguments.named.iter().for_each(|a| inline_vars(&a.value, out));
        }
        // A term's own variables are its parameters: only what is passed counts.
        InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            arguments.positional.iter().for_each(|a| inline_vars(a, out));
            arguments.named.iter().for_each(|a| inline_vars(&a.value, out));
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        // Marked, and replaced by that message's variables in `shape`.
        InlineExpression::MessageReference { id, .. } => {
            out.insert(format!("@{}", id.name));
        }
        _ => {}
    }
}

/// Every message of the catalogs with the variables any language uses
/// (Finnish writes the month as a number, English by name: the faces pass
/// both).
pub fn union() -> Shape {
    let mut all = Shape::new();
    for (_, text) in super::CATALOGS {
        for (id, vars) in shape(text).0 {
            all.entry(id).or_default().extend(vars);
        }
    }
    all
}

/// `ui/src/messages.ts`: every message id with the variables it takes.
pub fn typescript() -> String {
    let messages = union();
    let mut out = String::from(
        "// Generated from locales/*.ftl by `cargo run -p vaihde-desktop --example gen-bindings`: do not edit.\n\n\
         /** Every message of the catalogs, with the variables it takes. */\nexport type MessageArgs = {\n",
    );
    for (id, vars) in &messages {
        let fields: Vec<String> = vars.iter().map(|v| format!("{v}: string | number")).collect();
        if fields.is_empty() {
            out.push_str(&format!("  {id}: Record<never, never>;\n"));
        } else {
            out.push_str(&format!("  {id}: {{ {} }};\n", fields.join("; ")));
        }
    }
    out.push_str(
        "};\n\nexport type MessageId = keyof MessageArgs;\n\n\
         /** The messages without variables: plain words. */\n\
         export type PlainId = { [K in MessageId]: keyof MessageArgs[K] extends never ? K : never }[MessageId];\n",
    );
    out
}
