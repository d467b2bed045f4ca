//! A sentence decided below the HTTP layer (a refused input, a notice) and worded only when a
//! page, a JSON error or a mail knows its reader's language.
use std::fmt;

use super::lang::Lang;
use super::tr::{Arg, Tr};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
    /// Placeables that are sentences themselves, worded in the same language.
    nested: Vec<(&'static str, Msg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// Adds the placeable `{ $name }`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// Adds the placeable `{ $name }` holding another sentence ("You cannot post here. { $why }").
    pub fn nest(mut self, name: &'static str, inner: Msg) -> Msg {
        self.nested.push((name, inner));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn in_lang(&self, tr: &Tr) -> String {
        if self.nested.is_empty() {
            return tr.with(self.key, &self.args);
        }
        let mut args = self.args.clone();
        args.extend(
            self.nested
                .iter()
                .map(|(name, m)| (*name, Arg::Text(m.in_lang(tr)))),
        );
        tr.with(self.key, &args)
    }
}

/// English: for logs, and wherever no reader's language is known.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(&Tr::new(Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worded_in_the_readers_language() {
        let m = Msg::new("language-unknown").arg("code", "xx");
        assert_eq!(m.to_string(), "Unknown language “xx”.");
        assert_eq!(m.in_lang(&Tr::new(Lang::De)), "Unbekannte Sprache „xx“.");
    }

    #[test]
    fn nested_sentences_take_the_same_language() {
        let ban = Msg::new("notice-warn-site").arg("reason", "spam");
        let m = Msg::new("err-account-banned").nest("ban", ban);
        assert_eq!(m.to_string(), "This account is banned. Warning: spam");
        assert_eq!(
            m.in_lang(&Tr::new(Lang::Fr)),
            "Ce compte est banni. Avertissement : spam"
        );
    }
}
