//! The interface's catalogue (src/i18n/locales) against the code that uses it: every locale
//! carries every English key, every key the templates and the code name exists, and no
//! template holds an English sentence of its own.
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

const LOCALES: [&str; 5] = ["en", "fr", "de", "es", "pt-BR"];

/// Words a template may hold outside the catalogue: the product's name.
const NOT_SENTENCES: [&str; 1] = ["Cliffhanger"];

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The message ids (not terms, not attributes) of one locale, by file.
fn keys(locale: &str) -> BTreeMap<String, String> {
    let id = Regex::new(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*=").unwrap();
    let mut out = Vec::new();
    files(&Path::new("src/i18n/locales").join(locale), "ftl", &mut out);
    let mut keys = BTreeMap::new();
    for f in out {
        let text = fs::read_to_string(&f).unwrap();
        for line in text.lines() {
            if let Some(c) = id.captures(line) {
                let name = f.file_name().unwrap().to_string_lossy().to_string();
                assert!(
                    keys.insert(c[1].to_string(), name).is_none(),
                    "{locale}: key {} defined twice",
                    &c[1]
                );
            }
        }
    }
    keys
}

#[test]
fn every_locale_has_every_english_key() {
    let en = keys("en");
    assert!(en.len() > 10, "the English catalogue is empty");
    let mut problems = Vec::new();
    for locale in &LOCALES[1..] {
        let other = keys(locale);
        for (k, file) in &en {
            if !other.contains_key(k) {
                problems.push(format!("{locale} lacks {k} (en/{file})"));
            }
        }
        for k in other.keys() {
            if !en.contains_key(k) {
                problems.push(format!("{locale} has {k}, which English does not"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_in_use_exists() {
    let en = keys("en");
    // `t("key"`, `t1("key"`, `tn("key"` …, and `Msg::new("key"` / `msg!("key"`.
    let used = Regex::new(r#"(?:\bt[12n]?|\bwith|Msg::new|msg!)\(\s*"([a-z][a-z0-9-]*)""#).unwrap();
    let mut sources = Vec::new();
    files(Path::new("src"), "rs", &mut sources);
    files(Path::new("templates"), "html", &mut sources);
    let mut missing = BTreeSet::new();
    for f in sources {
        let text = fs::read_to_string(&f).unwrap();
        for c in used.captures_iter(&text) {
            if !en.contains_key(&c[1]) && &c[1] != "no-such-key-anywhere" {
                missing.insert(format!("{}: {}", f.display(), &c[1]));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys used but not in the English catalogue:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// What of a template a reader sees as words: text between tags, and the attributes that
/// are read out or shown (placeholder, aria-label, title, alt, a button's value), with the
/// template's own expressions, tags, comments and scripts taken out.
fn visible_words(template: &str) -> Vec<String> {
    let comments = Regex::new(r"(?s)\{#.*?#\}|<!--.*?-->").unwrap();
    let code = Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").unwrap();
    let blocks = Regex::new(r"(?is)<(script|style)\b.*?</(script|style)>").unwrap();
    let tag = Regex::new(r"(?s)<[^>]*>").unwrap();
    let attr =
        Regex::new(r#"(?i)\b(placeholder|aria-label|title|alt|data-confirm)\s*=\s*"([^"]*)""#)
            .unwrap();
    let button_value = Regex::new(r#"(?i)type\s*=\s*"(?:submit|button|reset)"[^>]*\bvalue\s*=\s*"([^"]*)"|\bvalue\s*=\s*"([^"]*)"[^>]*type\s*=\s*"(?:submit|button|reset)""#).unwrap();
    let word = Regex::new(r"[A-Za-z]{2,}").unwrap();

    let t = comments.replace_all(template, " ");
    let t = blocks.replace_all(&t, " ");
    let t = code.replace_all(&t, " ");
    let mut pieces: Vec<String> = Vec::new();
    for m in tag.find_iter(&t) {
        for c in attr.captures_iter(m.as_str()) {
            pieces.push(c[2].to_string());
        }
        // An `<input type=submit>` shows its value; a `<button>`'s value is only sent.
        let input = m
            .as_str()
            .get(..6)
            .is_some_and(|t| t.eq_ignore_ascii_case("<input"));
        for c in button_value.captures_iter(m.as_str()).filter(|_| input) {
            pieces.push(c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_string());
        }
    }
    pieces.push(tag.replace_all(&t, " ").to_string());
    pieces
        .iter()
        .flat_map(|p| {
            word.find_iter(p)
                .map(|w| w.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|w| !NOT_SENTENCES.contains(&w.as_str()))
        .collect()
}

#[test]
fn templates_hold_no_english_of_their_own() {
    let mut templates = Vec::new();
    files(Path::new("templates"), "html", &mut templates);
    templates.sort();
    let mut problems = Vec::new();
    for f in templates {
        let words = visible_words(&fs::read_to_string(&f).unwrap());
        if !words.is_empty() {
            let mut sample: Vec<_> = words.into_iter().take(8).collect();
            sample.dedup();
            problems.push(format!("{}: {}", f.display(), sample.join(" ")));
        }
    }
    assert!(
        problems.is_empty(),
        "templates with words outside the catalogue:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_sentence_check_sees_text_and_attributes() {
    assert!(visible_words(r#"<p>{{ layout.t("x") }}</p>"#).is_empty());
    assert!(visible_words(r#"<a href="/x" class="button">{{ a }}</a> · ›"#).is_empty());
    assert_eq!(visible_words("<p>Hello {{ name }}</p>"), vec!["Hello"]);
    assert_eq!(
        visible_words(r#"<input placeholder="Search">"#),
        vec!["Search"]
    );
    assert_eq!(
        visible_words(r#"<input type="submit" value="Save">"#),
        vec!["Save"]
    );
    assert!(visible_words(r#"<input type="hidden" name="x" value="abc">"#).is_empty());
    assert!(
        visible_words(r#"<button type="submit" name="action" value="watch">{{ x }}</button>"#)
            .is_empty()
    );
    assert!(visible_words("<script>var x = 'Hello';</script>{# a note #}").is_empty());
}
