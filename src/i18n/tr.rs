//! A request's translator: looks keys up in its language's catalogue, falling back to English
//! for a key the language lacks (a test keeps that from shipping) and to the key itself for a
//! key no catalogue has.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;

use super::catalogue::LOCALES;
use super::lang::Lang;

/// A value for a placeable: text, or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<&i64> for Arg {
    fn from(n: &i64) -> Self {
        Arg::Num(*n)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Arg::Num(n.into())
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(n.into())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<&usize> for Arg {
    fn from(n: &usize) -> Self {
        Arg::from(*n)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// For `<html lang>` and `lang` attributes.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message `key` with no placeables.
    pub fn t(&self, key: &str) -> String {
        self.with(key, &[])
    }

    /// The message `key` with one placeable `{ $name }`.
    pub fn t1(&self, key: &str, name: &'static str, value: impl Into<Arg>) -> String {
        self.with(key, &[(name, value.into())])
    }

    /// The message `key` with two placeables.
    pub fn t2(
        &self,
        key: &str,
        name1: &'static str,
        value1: impl Into<Arg>,
        name2: &'static str,
        value2: impl Into<Arg>,
    ) -> String {
        self.with(key, &[(name1, value1.into()), (name2, value2.into())])
    }

    /// The message `key` whose `{ $count }` picks the language's plural form.
    pub fn tn(&self, key: &str, count: impl Into<Arg>) -> String {
        self.with(key, &[("count", count.into())])
    }

    /// The message `key` with any number of placeables.
    pub fn with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        if args.is_empty() {
            return self.plain(key);
        }
        self.format(key, args)
    }

    /// A message without placeables: formatted once per language and kept, since a page
    /// prints the same labels for every post (six reaction names each, say). Only keys the
    /// catalogue has are kept, so the memo is bounded by the catalogue.
    fn plain(&self, key: &str) -> String {
        type Memo = RwLock<HashMap<String, Arc<str>>>;
        static MEMO: LazyLock<[Memo; 5]> = LazyLock::new(Default::default);
        let memo = &MEMO[self.lang.index()];
        if let Some(text) = memo.read().ok().and_then(|m| m.get(key).cloned()) {
            return text.to_string();
        }
        let text = self.format(key, &[]);
        if text != key {
            if let Ok(mut m) = memo.write() {
                m.insert(key.to_string(), Arc::from(text.as_str()));
            }
        }
        text
    }

    fn format(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    Arg::Text(s) => FluentValue::from(s.as_str()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*name), v)
            })
            .collect();
        let args = (!args.is_empty()).then_some(&args);
        match LOCALES.try_lookup_complete(self.lang.id(), key, args) {
            Some(text) => text,
            None => {
                tracing::warn!(key, lang = self.lang.code(), "missing catalogue key");
                key.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_per_language_with_plurals() {
        let en = Tr::new(Lang::En);
        let fr = Tr::new(Lang::Fr);
        assert_eq!(en.tn("replies-count", 1), "1 reply");
        assert_eq!(en.tn("replies-count", 3), "3 replies");
        assert_eq!(fr.tn("replies-count", 0), "0 réponse");
        assert_eq!(fr.tn("replies-count", 2), "2 réponses");
        assert_eq!(en.t("no-such-key-anywhere"), "no-such-key-anywhere");
    }
}
