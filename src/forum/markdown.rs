//! Markdown → HTML at write time (pulldown-cmark), then sanitized (ammonia): stored HTML is
//! safe to emit as is.
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream};

use super::mentions::{Known, MentionLinks};

/// What a post does with an image from another site. Loading one tells that site who
/// reads the post and when (a tracking pixel), so by default it becomes a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteImages {
    Show,
    Link,
}

fn sanitizer(images: RemoteImages) -> &'static ammonia::Builder<'static> {
    static SHOW: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    static LINK: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cell = match images {
        RemoteImages::Show => &SHOW,
        RemoteImages::Link => &LINK,
    };
    cell.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("nofollow ugc noopener"))
            // The only relative links kept are mentions' profile links.
            .url_relative(ammonia::UrlRelative::Custom(Box::new(profile_only)))
            .add_tags(["details", "summary"])
            .add_allowed_classes("details", ["spoiler"])
            .add_allowed_classes("a", ["mention"]);
        if images == RemoteImages::Link {
            // Relative and data: URLs are refused anyway, so any <img> left in raw HTML
            // would point at another site.
            b.rm_tags(["img"]);
        }
        b
    })
}

fn profile_only(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    super::mentions::is_profile_path(url).then_some(std::borrow::Cow::Borrowed(url))
}

pub fn render(src: &str, images: RemoteImages) -> String {
    render_with(src, images, &Known::new())
}

/// Renders with `@name` of the `known` users linked to their profiles.
pub fn render_with(src: &str, images: RemoteImages, known: &Known) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    let src = crate::spoilers::inline::to_markdown_html(src);
    let mut raw = String::with_capacity(src.len() * 3 / 2);
    let events = MentionLinks::new(TextMergeStream::new(Parser::new_ext(&src, opts)), known);
    match images {
        RemoteImages::Show => html::push_html(&mut raw, events),
        RemoteImages::Link => html::push_html(&mut raw, ImagesAsLinks::new(events)),
    }
    sanitizer(images).clean(&raw).to_string()
}

/// Turns `![alt](url)` into a link reading "image from host"; the alt text is dropped
/// (it may hold further images, which would otherwise nest links).
struct ImagesAsLinks<'a, I> {
    inner: I,
    /// Depth inside an image being replaced; its events are skipped.
    skipping: usize,
    pending: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> ImagesAsLinks<'a, I> {
    fn new(inner: I) -> Self {
        ImagesAsLinks {
            inner,
            skipping: 0,
            pending: None,
        }
    }
}

fn image_label(url: &str) -> String {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
    {
        Some(host) => format!("image from {host}"),
        None => "image".to_string(),
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for ImagesAsLinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        loop {
            let event = self.inner.next()?;
            match event {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    self.skipping += 1;
                    if self.skipping == 1 {
                        self.pending = Some(Event::Text(CowStr::from(image_label(&dest_url))));
                        return Some(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                Event::End(TagEnd::Image) => {
                    self.skipping = self.skipping.saturating_sub(1);
                    if self.skipping == 0 {
                        return Some(Event::End(TagEnd::Link));
                    }
                }
                other if self.skipping == 0 => return Some(other),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RemoteImages;

    fn render(src: &str) -> String {
        super::render(src, RemoteImages::Link)
    }

    #[test]
    fn remote_images_become_links_unless_allowed() {
        let src = "see ![x](https://tracker.example/p.gif \"t\") and <img src=\"https://t.example/a.gif\">";
        let h = render(src);
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains(r#"href="https://tracker.example/p.gif""#), "{h}");
        assert!(h.contains(">image from tracker.example</a>"), "{h}");
        let nested = render("![a ![b](https://b.example/x.png)](https://a.example/y.png) after");
        assert!(!nested.contains("<img"), "{nested}");
        assert!(
            nested.contains(">image from a.example</a> after"),
            "{nested}"
        );
        assert_eq!(nested.matches("<a ").count(), 1, "{nested}");
        let shown = super::render(src, RemoteImages::Show);
        assert!(
            shown.contains(r#"<img src="https://tracker.example/p.gif""#),
            "{shown}"
        );
    }

    #[test]
    fn renders_markdown() {
        let h = render("**bold** and [link](https://example.com)");
        assert!(h.contains("<strong>bold</strong>"), "{h}");
        assert!(h.contains(r#"href="https://example.com""#), "{h}");
        assert!(h.contains(r#"rel="nofollow ugc noopener""#), "{h}");
    }

    #[test]
    fn strips_scripts_handlers_and_bad_schemes() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](JaVaScRiPt:alert(1))",
            "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
            "<svg onload=alert(1)><circle/></svg>",
            "<math><mi>x</mi></math>",
            "<iframe src=https://evil.example></iframe>",
        ] {
            let h = render(evil).to_ascii_lowercase();
            assert!(!h.contains("<script"), "{evil} → {h}");
            assert!(!h.contains("onerror"), "{evil} → {h}");
            assert!(!h.contains("onload"), "{evil} → {h}");
            assert!(!h.contains("javascript:"), "{evil} → {h}");
            assert!(!h.contains("<svg"), "{evil} → {h}");
            assert!(!h.contains("<math"), "{evil} → {h}");
            assert!(!h.contains("<iframe"), "{evil} → {h}");
        }
    }

    #[test]
    fn known_mentions_link_outside_code() {
        let known = super::Known::from([("ann".to_string(), "Ann".to_string())]);
        let h = super::render_with(
            "hi @ann and @nobody, `@ann`\n\n    @ann\n",
            RemoteImages::Link,
            &known,
        );
        assert!(
            h.contains(
                r#"<a class="mention" href="/users/Ann" rel="nofollow ugc noopener">@Ann</a>"#
            ),
            "{h}"
        );
        assert_eq!(h.matches("class=\"mention\"").count(), 1, "{h}");
        assert!(h.contains("@nobody"), "{h}");
        assert!(
            !render("[x](/admin)").contains("href"),
            "other relative links stay out"
        );
    }

    #[test]
    fn mailto_allowed() {
        assert!(render("[m](mailto:a@b.c)").contains("mailto:a@b.c"));
    }
}

/// The words of a post without Markdown syntax, for search.
pub fn plain_text(src: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let src = crate::spoilers::inline::strip(src);
    let mut out = String::with_capacity(src.len());
    for ev in Parser::new_ext(&src, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => out.push(' '),
            Event::Start(Tag::Item) | Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod plain_tests {
    #[test]
    fn strips_markdown() {
        assert_eq!(
            super::plain_text("**Bold** and [link](https://x.y)\n\n- a\n- b"),
            "Bold and link a b"
        );
    }
}
