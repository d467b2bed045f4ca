//! `@name` mentions and `**name** wrote:` quotes in a post's Markdown: who a post names
//! (outside inline code and code blocks), and the profile links its HTML gets for the
//! names of existing users.
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream};

use crate::domain::mention_spans;

/// At most this many distinct names of one post are looked up to become links.
pub const MAX_LINKED: usize = 50;

/// Registered users by lowercase name → their name as registered.
pub type Known = HashMap<String, String>;

fn events(src: &str) -> impl Iterator<Item = Event<'_>> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TABLES);
    TextMergeStream::new(Parser::new_ext(src, opts))
}

/// Distinct lowercase names mentioned in `src`, in order of first appearance. Text in
/// code spans and code blocks is not prose, and link text already links somewhere.
pub fn mentioned(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut code = 0usize;
    let mut link = 0usize;
    for ev in events(src) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => link += 1,
            Event::End(TagEnd::Link) => link = link.saturating_sub(1),
            Event::Text(t) if code == 0 && link == 0 => {
                for (a, b) in mention_spans(&t) {
                    let name = t[a + 1..b].to_ascii_lowercase();
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Lowercase names of the authors `src` quotes: a paragraph that is only `**name**
/// wrote:` followed by a blockquote (what the "Quote" button writes, `forum::quote`), not
/// inside another quote.
pub fn quoted(src: &str) -> Vec<String> {
    let evs: Vec<Event<'_>> = events(src).collect();
    let mut out: Vec<String> = Vec::new();
    let mut depth = 0usize;
    for (i, ev) in evs.iter().enumerate() {
        match ev {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let Some(window) = evs.get(i + 1..i + 7) else {
                    continue;
                };
                if let [Event::Start(Tag::Strong), Event::Text(name), Event::End(TagEnd::Strong), Event::Text(wrote), Event::End(TagEnd::Paragraph), Event::Start(Tag::BlockQuote(_))] =
                    window
                {
                    let name = name.to_ascii_lowercase();
                    if wrote.trim() == "wrote:" && !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Looks up the names `src` mentions (the first `MAX_LINKED`) in one query.
pub async fn known<'c, E>(exec: E, src: &str) -> Result<Known, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let mut names = mentioned(src);
    names.truncate(MAX_LINKED);
    Ok(crate::db::follows::users_named(exec, &names)
        .await?
        .into_iter()
        .map(|(_, name, lower)| (lower, name))
        .collect())
}

/// Replaces `@name` of a known user in prose with a link to their profile.
pub struct MentionLinks<'k, I> {
    inner: I,
    known: &'k Known,
    code: usize,
    link: usize,
    queue: std::collections::VecDeque<Event<'static>>,
}

impl<'k, I> MentionLinks<'k, I> {
    pub fn new(inner: I, known: &'k Known) -> Self {
        MentionLinks {
            inner,
            known,
            code: 0,
            link: 0,
            queue: Default::default(),
        }
    }
}

fn link_html(name: &str) -> String {
    // Names are ASCII letters, digits, '_' and '-': nothing to escape.
    format!("<a class=\"mention\" href=\"/users/{name}\">@{name}</a>")
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for MentionLinks<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.queue.pop_front() {
            return Some(e);
        }
        let ev = self.inner.next()?;
        match &ev {
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => self.link += 1,
            Event::End(TagEnd::Link) => self.link = self.link.saturating_sub(1),
            Event::Text(t) if self.code == 0 && self.link == 0 && !self.known.is_empty() => {
                let spans: Vec<(usize, usize, &String)> = mention_spans(t)
                    .into_iter()
                    .filter_map(|(a, b)| {
                        self.known
                            .get(&t[a + 1..b].to_ascii_lowercase())
                            .map(|n| (a, b, n))
                    })
                    .collect();
                if spans.is_empty() {
                    return Some(ev);
                }
                let mut at = 0;
                for (a, b, name) in spans {
                    if a > at {
                        self.queue
                            .push_back(Event::Text(CowStr::from(t[at..a].to_string())));
                    }
                    self.queue
                        .push_back(Event::InlineHtml(CowStr::from(link_html(name))));
                    at = b;
                }
                if at < t.len() {
                    self.queue
                        .push_back(Event::Text(CowStr::from(t[at..].to_string())));
                }
                return self.queue.pop_front();
            }
            _ => {}
        }
        Some(ev)
    }
}

/// The one relative URL a post may hold: a mention's profile link.
pub fn is_profile_path(url: &str) -> bool {
    url.strip_prefix("/users/").is_some_and(|n| {
        (3..=32).contains(&n.len())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_outside_code_only() {
        let src = "Hi @Ann, `@bob` and\n\n```\n@carol\n```\n\n[@dave](https://x.y) @ann @eve_2";
        assert_eq!(mentioned(src), vec!["ann", "eve_2"]);
    }

    #[test]
    fn quotes_are_the_quote_buttons_format() {
        // What `forum::quote("Ann", "hello\n\n**bob** wrote:\n\n> inner")` writes.
        let src = "**Ann** wrote:\n\n> hello\n> \n> **bob** wrote:\n> \n> > inner\n\nmy reply";
        assert_eq!(quoted(src), vec!["ann"]);
        assert!(quoted("**ann** wrote: something").is_empty());
    }
}
