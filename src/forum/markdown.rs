//! Markdown → HTML at write time (pulldown-cmark), then sanitized (ammonia): stored HTML is
//! safe to emit as is.
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("nofollow ugc noopener"))
            .url_relative(ammonia::UrlRelative::Deny)
            .add_tags(["details", "summary"])
            .add_allowed_classes("details", ["spoiler"]);
        b
    })
}

pub fn render(src: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    let src = crate::spoilers::inline::to_markdown_html(src);
    let mut raw = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(&src, opts));
    sanitizer().clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

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
