//! Import paths read out of the tokens of a file: `use` trees expanded, inline
//! `crate::`/`super::`/`self::` paths collected, and the inline modules around each.
use crate::lex::{blank_comments_and_literals, tokens, Tok};

/// One path as written, e.g. `super::db::Db`, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub segments: Vec<String>,
    /// Inline modules (`mod tests { … }`) around the path, outermost first: `super::` inside
    /// them is relative to them, not to the file.
    pub inline_mods: Vec<String>,
}

/// Every `crate::`, `super::` and `self::` path of a file, in `use` items and inline, plus
/// the paths that start with a child module the file declares (`mod rooms;` then
/// `rooms::list()`), written as `self::rooms::list`.
pub fn paths(src: &str) -> Vec<Found> {
    let text = blank_comments_and_literals(src);
    let toks = tokens(&text);
    let mods = inline_mod_spans(&toks);
    let children = child_modules(&toks);
    let around = |offset: usize| -> Vec<String> {
        mods.iter()
            .filter(|(start, end, _)| *start < offset && offset < *end)
            .map(|(_, _, name)| name.clone())
            .collect()
    };
    let is_child = |first: Option<&String>| first.is_some_and(|f| children.contains(f));
    let found_at = |mut segments: Vec<String>, line: usize, offset: usize| {
        if is_local_root(segments.first()) {
            Found {
                line,
                segments,
                inline_mods: around(offset),
            }
        } else {
            // Child modules are named from the file's own module, even inside `mod tests`.
            segments.insert(0, "self".to_owned());
            Found {
                line,
                segments,
                inline_mods: Vec::new(),
            }
        }
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].text == "use" {
            let end = (i..toks.len())
                .find(|&k| toks[k].text == ";")
                .unwrap_or(toks.len());
            let mut expanded = Vec::new();
            let mut pos = 0;
            use_tree(&toks[i + 1..end], &mut pos, &[], &mut expanded);
            for (segments, line) in expanded {
                if is_local_root(segments.first()) || is_child(segments.first()) {
                    found.push(found_at(segments, line, toks[i].offset));
                }
            }
            i = end + 1;
            continue;
        }
        let first = Some(&toks[i].text);
        if (is_local_root(first) || is_child(first)) && starts_inline_path(&toks, i) {
            let mut segments = vec![toks[i].text.clone()];
            let mut line = toks[i].line;
            let mut k = i + 1;
            while k + 1 < toks.len() && toks[k].text == "::" && toks[k + 1].ident {
                segments.push(toks[k + 1].text.clone());
                line = toks[k + 1].line;
                k += 2;
            }
            found.push(found_at(segments, line, toks[i].offset));
            i = k;
            continue;
        }
        i += 1;
    }
    found
}

/// Names of the `mod name;` declarations (modules in their own files).
fn child_modules(toks: &[Tok]) -> Vec<String> {
    toks.windows(3)
        .filter(|w| w[0].text == "mod" && w[1].ident && w[2].text == ";")
        .map(|w| w[1].text.clone())
        .collect()
}

fn is_local_root(first: Option<&String>) -> bool {
    matches!(first.map(String::as_str), Some("crate" | "super" | "self"))
}

/// `crate::x` as an expression or type path; not `$crate::` (macros), not the middle of a
/// longer path, not `pub(in crate::x)` (a visibility, not an import).
fn starts_inline_path(toks: &[Tok], i: usize) -> bool {
    let prev = |back: usize| i.checked_sub(back).map(|k| toks[k].text.as_str());
    toks.get(i + 1).is_some_and(|t| t.text == "::")
        && !matches!(prev(1), Some("$" | "::"))
        && !(prev(1) == Some("in") && prev(2) == Some("("))
}

/// Expands one use tree into full paths, each with the line of its last segment:
/// `crate::{a, b::{self, c}}` gives `crate::a`, `crate::b`, `crate::b::c`.
fn use_tree(toks: &[Tok], pos: &mut usize, prefix: &[String], out: &mut Vec<(Vec<String>, usize)>) {
    let mut path = prefix.to_vec();
    let mut line = toks.get(*pos).map_or(0, |t| t.line);
    while let Some(t) = toks.get(*pos) {
        match t.text.as_str() {
            "{" => {
                *pos += 1;
                while let Some(t) = toks.get(*pos) {
                    match t.text.as_str() {
                        "}" => {
                            *pos += 1;
                            break;
                        }
                        "," => *pos += 1,
                        _ => {
                            let before = *pos;
                            use_tree(toks, pos, &path, out);
                            if *pos == before {
                                *pos += 1;
                            }
                        }
                    }
                }
                return;
            }
            "*" => {
                line = t.line;
                *pos += 1;
                break;
            }
            // `{self, …}` names the prefix itself.
            "self" if !prefix.is_empty() && path.len() == prefix.len() => {
                line = t.line;
                *pos += 1;
            }
            _ if t.ident && t.text != "as" => {
                path.push(t.text.clone());
                line = t.line;
                *pos += 1;
            }
            _ => break,
        }
        if toks.get(*pos).is_some_and(|t| t.text == "::") {
            *pos += 1;
        } else {
            break;
        }
    }
    if toks.get(*pos).is_some_and(|t| t.text == "as") {
        *pos += 2;
    }
    if !path.is_empty() {
        out.push((path, line));
    }
}

/// (start offset, end offset, name) of every `mod name { … }` block.
fn inline_mod_spans(toks: &[Tok]) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    for i in 0..toks.len().saturating_sub(2) {
        if toks[i].text == "mod" && toks[i + 1].ident && toks[i + 2].text == "{" {
            let mut depth = 0usize;
            let mut end = usize::MAX;
            for t in &toks[i + 2..] {
                match t.text.as_str() {
                    "{" => depth += 1,
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            end = t.offset;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            spans.push((toks[i].offset, end, toks[i + 1].text.clone()));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(src: &str) -> Vec<String> {
        paths(src).iter().map(|f| f.segments.join("::")).collect()
    }

    #[test]
    fn a_use_group_expands_to_every_path() {
        let src =
            "use crate::{a, b::{self, c as d}, e::*};\npub use super::f::{\n    g,\n    h,\n};";
        assert_eq!(
            written(src),
            [
                "crate::a",
                "crate::b",
                "crate::b::c",
                "crate::e",
                "super::f::g",
                "super::f::h"
            ]
        );
        let lines: Vec<usize> = paths(src).iter().map(|f| f.line).collect();
        assert_eq!(lines, [1, 1, 1, 1, 3, 4]);
    }

    #[test]
    fn outside_paths_and_mod_declarations_are_not_imports() {
        assert!(written(
            "use std::sync::Arc;\nuse tokio::sync::{mpsc, oneshot};\npub mod db;\nmod tests;"
        )
        .is_empty());
    }

    #[test]
    fn inline_paths_are_found_once_each() {
        let src =
            "fn f() { let t = crate::db::forum::thread(&db).await?; super::super::x::<u8>(); }";
        assert_eq!(
            written(src),
            ["crate::db::forum::thread", "super::super::x"]
        );
    }

    #[test]
    fn comments_and_strings_are_ignored() {
        let src = "//! See crate::web::a\n/// crate::web::b\n// use crate::web::c;\n/* crate::web::d /* nested */ crate::web::e */\nlet s = \"crate::web::f\"; let r = r#\"use crate::web::g;\"#; let q = '\"'; let x = crate::db::h;";
        assert_eq!(written(src), ["crate::db::h"]);
        assert_eq!(paths(src)[0].line, 5);
    }

    #[test]
    fn macros_visibilities_and_lifetimes_are_not_paths() {
        let src = "macro_rules! m { () => { $crate::x::y() } }\npub(in crate::web) fn f<'a>(s: &'a str) {}\nfor s in crate::db::all() {}";
        assert_eq!(written(src), ["crate::db::all"]);
    }

    #[test]
    fn a_path_through_a_declared_child_module_is_a_self_path() {
        let src = "mod threads;\npub use threads::view;\nfn routes() { get(threads::reply); serde::x(); }";
        assert_eq!(
            written(src),
            ["self::threads::view", "self::threads::reply"]
        );
    }

    #[test]
    fn super_inside_an_inline_module_knows_its_module() {
        let src = "use super::x;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\nuse crate::y;";
        let found = paths(src);
        let mods: Vec<&[String]> = found.iter().map(|f| f.inline_mods.as_slice()).collect();
        assert_eq!(mods, [&[][..], &["tests".to_string()][..], &[][..]]);
    }
}
