//! Chat text → HTML for server-rendered pages: everything escaped, http(s) links clickable,
//! nothing else becomes markup.
use linkify::{LinkFinder, LinkKind};

use crate::search::highlight::escape_into as escape;

pub fn to_html(text: &str) -> String {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    let mut out = String::with_capacity(text.len() + 16);
    for span in finder.spans(text) {
        let s = span.as_str();
        let is_web = span.kind().is_some()
            && (s
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
                || s.get(..8)
                    .is_some_and(|p| p.eq_ignore_ascii_case("https://")));
        if is_web {
            out.push_str("<a href=\"");
            escape(s, &mut out);
            out.push_str("\" rel=\"nofollow ugc noopener\" target=\"_blank\">");
            escape(s, &mut out);
            out.push_str("</a>");
        } else {
            mentions(s, &mut out);
        }
    }
    out
}

/// `@name` becomes a link to the profile page, as static/chat.js does for live messages:
/// chat text is not looked up name by name, so a name nobody has links to a 404.
fn mentions(text: &str, out: &mut String) {
    let mut at = 0;
    for (a, b) in crate::domain::mention_spans(text) {
        escape(&text[at..a], out);
        // Names are ASCII letters, digits, '_' and '-': nothing to escape.
        let name = &text[a + 1..b];
        out.push_str(&format!(
            "<a class=\"mention\" href=\"/users/{name}\">@{name}</a>"
        ));
        at = b;
    }
    escape(&text[at..], out);
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn escapes_and_links() {
        assert_eq!(to_html("a <b> & c"), "a &lt;b&gt; &amp; c");
        let h = to_html("see https://example.com/x?a=1&b=2 now");
        assert!(
            h.contains(
                r#"<a href="https://example.com/x?a=1&amp;b=2" rel="nofollow ugc noopener""#
            ),
            "{h}"
        );
        assert!(h.ends_with(" now"));
    }

    #[test]
    fn mentions_link_to_profiles() {
        assert_eq!(
            to_html("hi @ann <b>, mail a@bcd.ef"),
            r#"hi <a class="mention" href="/users/ann">@ann</a> &lt;b&gt;, mail a@bcd.ef"#
        );
    }

    #[test]
    fn no_script_links_or_markup() {
        let h = to_html(r#"javascript:alert(1) <img src=x onerror=alert(1)> "quoted""#);
        assert!(!h.contains("<a"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;img"), "{h}");
        let h = to_html(r#"https://x.example/"onmouseover="alert(1)"#);
        assert!(
            !h.contains(r#"" onmouseover"#) && !h.contains(r#""onmouseover=""#),
            "{h}"
        );
    }
}
