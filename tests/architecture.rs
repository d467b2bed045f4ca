//! The layering of `src/` (DESIGN.md, Architecture), checked on every test run: each file
//! imports only its own layer or those below it, and the files never import each other in a
//! loop. Imports are the `crate::`, `super::` and `self::` paths of a file (in `use` items,
//! `pub use` re-exports and inline paths), each resolved to the longest prefix that is a
//! file. A path that starts with a child module the file declares (`mod threads;` then
//! `threads::view`) is `self::threads::view` written short, so it counts too: the route
//! table naming its handlers is an import like any other. And the HTTP layer reaches the
//! database only through a use-case: `web/` may name db's types (`db::Db`, row structs) for
//! rendering, never a db module or function.
#[path = "architecture/lex.rs"]
mod lex;
#[path = "architecture/loops.rs"]
mod loops;
#[path = "architecture/parse.rs"]
mod parse;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules by layer, highest first. A module missing here fails the test, so a
/// new module is placed in a layer on purpose.
const LAYERS: [(u8, &[&str]); 4] = [
    (
        4,
        &[
            "web",
            "startup",
            "cli",
            "config",
            "main",
            "lib",
            "telemetry",
            "loadtest",
        ],
    ),
    (
        3,
        &[
            "forum",
            "chat",
            "moderation",
            "spoilers",
            "catalog",
            "auth",
            "search",
            "visibility",
            "transfer",
            "home",
            "notify",
            "profiles",
            "feeds",
            "mail",
            "watchers",
        ],
    ),
    (2, &["db"]),
    (
        1,
        &["domain", "error", "time_util", "metrics", "i18n", "memory"],
    ),
];

fn layer(top: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(_, names)| names.contains(&top))
        .map(|(n, _)| *n)
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; `src/lib.rs` is the crate root.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    if rel == "lib" {
        return Vec::new();
    }
    rel.split('/').map(str::to_owned).collect()
}

/// The name layers are given for: the first module, or `lib` for the crate root.
fn top_of(file: &str) -> String {
    module_of(file)
        .first()
        .cloned()
        .unwrap_or_else(|| "lib".to_owned())
}

/// The absolute module path a written path names, seen from `module`; `None` when
/// `super::` climbs above the crate.
fn absolute(module: &[String], segments: &[String]) -> Option<Vec<String>> {
    let (mut base, mut rest) = match segments.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &segments[1..]),
        Some("self") => (module.to_vec(), &segments[1..]),
        _ => (module.to_vec(), segments),
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file holding the longest prefix of `path`.
fn resolve<'a>(path: &[String], modules: &'a BTreeMap<Vec<String>, String>) -> Option<&'a String> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// One import of one file: where it is written and the file it reaches.
#[derive(Debug, Clone)]
pub struct Import {
    pub line: usize,
    pub written: String,
    pub target: String,
    /// The module path it names, from the crate root.
    pub path: Vec<String>,
}

/// Every file's imports of other files, from `path → source` of the files under `src/`.
fn imports(sources: &BTreeMap<String, String>) -> BTreeMap<String, Vec<Import>> {
    let modules: BTreeMap<Vec<String>, String> =
        sources.keys().map(|f| (module_of(f), f.clone())).collect();
    let mut all = BTreeMap::new();
    for (file, src) in sources {
        let mut list = Vec::new();
        for found in parse::paths(src) {
            let mut here = module_of(file);
            here.extend(found.inline_mods.iter().cloned());
            let Some(path) = absolute(&here, &found.segments) else {
                continue;
            };
            match resolve(&path, &modules) {
                Some(target) if target != file => list.push(Import {
                    line: found.line,
                    written: found.segments.join("::"),
                    target: target.clone(),
                    path,
                }),
                _ => {}
            }
        }
        all.insert(file.clone(), list);
    }
    all
}

/// A `web/` import that names a db module or function (lower case) rather than a type.
fn reaches_database(i: &Import) -> bool {
    let named = i.path.iter().rev().find(|s| *s != "self");
    i.path.first().is_some_and(|s| s == "db")
        && named.is_some_and(|s| s.starts_with(|c: char| c.is_ascii_lowercase()))
}

/// Every problem, as lines sorted within each kind: modules in no layer, upward imports,
/// database calls from the HTTP layer, import loops.
fn problems(sources: &BTreeMap<String, String>) -> Vec<String> {
    let graph = imports(sources);
    let mut unplaced = BTreeSet::new();
    let mut upward = BTreeSet::new();
    let mut direct = BTreeSet::new();
    for (file, list) in &graph {
        let top = top_of(file);
        let Some(own) = layer(&top) else {
            unplaced.insert(format!(
                "{file}: module `{top}` is in no layer (add it to LAYERS in tests/architecture.rs)"
            ));
            continue;
        };
        for i in list {
            if top == "web" && reaches_database(i) {
                direct.insert((
                    file.clone(),
                    i.line,
                    format!(
                        "{file}:{}: `{}` — web reaches the database directly; call a use-case",
                        i.line, i.written
                    ),
                ));
            }
            let their_top = top_of(&i.target);
            if let Some(theirs) = layer(&their_top).filter(|&t| t > own) {
                upward.insert((
                    file.clone(),
                    i.line,
                    format!(
                        "{file}:{}: `{}` — {top} (layer {own}) imports {their_top} (layer {theirs})",
                        i.line, i.written
                    ),
                ));
            }
        }
    }
    let mut out: Vec<String> = unplaced.into_iter().collect();
    out.extend(upward.into_iter().map(|(_, _, line)| line));
    out.extend(direct.into_iter().map(|(_, _, line)| line));
    out.extend(loops::loops(&graph));
    out
}

fn read_tree(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_tree(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("a path under the crate");
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            out.insert(key, text);
        }
    }
}

#[test]
fn src_is_layered_without_import_loops() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = BTreeMap::new();
    read_tree(&root.join("src"), root, &mut sources);
    let found = problems(&sources);
    assert!(
        found.is_empty(),
        "src/ breaks its layering ({} lines below; layers from the top: {}):\n{}",
        found.len(),
        LAYERS
            .iter()
            .map(|(n, names)| format!("{n} {}", names.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        found.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(f, s)| (f.to_string(), s.to_string()))
            .collect()
    }

    fn segs(path: &str) -> Vec<String> {
        path.split("::").map(str::to_owned).collect()
    }

    #[test]
    fn files_are_modules() {
        assert_eq!(module_of("src/lib.rs"), Vec::<String>::new());
        assert_eq!(module_of("src/db/mod.rs"), segs("db"));
        assert_eq!(module_of("src/chat/room/send.rs"), segs("chat::room::send"));
        assert_eq!(top_of("src/lib.rs"), "lib");
    }

    #[test]
    fn a_path_resolves_to_the_longest_prefix_that_is_a_file() {
        let modules: BTreeMap<Vec<String>, String> =
            ["src/lib.rs", "src/db/mod.rs", "src/db/forum.rs"]
                .iter()
                .map(|f| (module_of(f), f.to_string()))
                .collect();
        let at = |p: &str| resolve(&segs(p), &modules).cloned();
        assert_eq!(at("db::forum::thread"), Some("src/db/forum.rs".into()));
        assert_eq!(at("db::Db"), Some("src/db/mod.rs".into()));
        assert_eq!(at("Thing"), Some("src/lib.rs".into()));
        let here = segs("chat::room::send");
        assert_eq!(
            absolute(&here, &segs("super::Room")),
            Some(segs("chat::room::Room"))
        );
        assert_eq!(
            absolute(&here, &segs("super::super::Kick")),
            Some(segs("chat::Kick"))
        );
        assert_eq!(
            absolute(&here, &segs("self::x")),
            Some(segs("chat::room::send::x"))
        );
        assert_eq!(absolute(&segs("db"), &segs("super::super::x")), None);
    }

    #[test]
    fn an_upward_import_is_reported_with_file_line_and_path() {
        let files = tree(&[
            ("src/lib.rs", "pub mod db;\npub mod web;\n"),
            ("src/db/mod.rs", "pub mod x;\n"),
            ("src/db/x.rs", "//! Rows.\nuse crate::web::X;\n"),
            ("src/web/mod.rs", "pub struct X;\n"),
        ]);
        assert_eq!(
            problems(&files),
            ["src/db/x.rs:2: `crate::web::X` — db (layer 2) imports web (layer 4)"]
        );
    }

    #[test]
    fn a_loop_is_reported_with_its_files_in_order() {
        let files = tree(&[
            ("src/lib.rs", "pub mod forum;\n"),
            ("src/forum/mod.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
            ("src/forum/a.rs", "use super::b::B;\n"),
            ("src/forum/b.rs", "pub fn f() { crate::forum::c::g() }\n"),
            ("src/forum/c.rs", "use crate::forum::{\n    a::A,\n};\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"),
        ]);
        assert_eq!(
            problems(&files),
            ["import loops tie 3 files together: src/forum/a.rs, src/forum/b.rs, src/forum/c.rs", "import loop: src/forum/a.rs:1 `super::b::B` -> src/forum/b.rs:1 `crate::forum::c::g` -> src/forum/c.rs:2 `crate::forum::a::A` -> src/forum/a.rs"]
        );
    }

    #[test]
    fn web_names_db_types_but_calls_no_db_function() {
        let files = tree(&[
            ("src/lib.rs", "pub mod db;\npub mod web;\n"),
            ("src/db/mod.rs", "pub mod catalog;\npub struct Db;\n"),
            (
                "src/db/catalog.rs",
                "pub struct Show;\npub fn seasons() {}\n",
            ),
            (
                "src/web/mod.rs",
                "use crate::db::catalog::Show;\nuse crate::db::Db;\nuse crate::db;\n\
                 fn f() { crate::db::catalog::seasons() }\n",
            ),
        ]);
        assert_eq!(
            problems(&files),
            [
                "src/web/mod.rs:3: `crate::db` — web reaches the database directly; call a use-case",
                "src/web/mod.rs:4: `crate::db::catalog::seasons` — web reaches the database directly; call a use-case",
            ]
        );
    }

    #[test]
    fn a_module_in_no_layer_fails() {
        let files = tree(&[("src/lib.rs", "pub mod gadgets;\n"), ("src/gadgets.rs", "")]);
        assert_eq!(
            problems(&files),
            ["src/gadgets.rs: module `gadgets` is in no layer (add it to LAYERS in tests/architecture.rs)"]
        );
    }

    #[test]
    fn downward_and_same_layer_imports_pass() {
        let files = tree(&[
            (
                "src/lib.rs",
                "pub mod db;\npub mod domain;\npub mod forum;\npub mod spoilers;\n",
            ),
            ("src/domain/mod.rs", ""),
            ("src/db/mod.rs", "use crate::domain::Slug;\n"),
            (
                "src/forum/mod.rs",
                "use crate::{db::Db, spoilers::shield};\n",
            ),
            ("src/spoilers/mod.rs", "use crate::db;\n"),
        ]);
        assert_eq!(problems(&files), Vec::<String>::new());
    }
}
