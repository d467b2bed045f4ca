//! A post's stored HTML made fit for a feed: inline spoilers taken out (a feed reader has no
//! click-to-reveal, and some show `<details>` open) and relative links made absolute.
use std::collections::HashSet;

/// What our own renderer writes for `||spoiler||` (`spoiler_markup::to_markdown_html`, then
/// serialized by ammonia). In sanitized HTML a `"` inside an attribute is `&quot;` and a `<`
/// in text is `&lt;`, so this exact string can only be a real tag.
const SPOILER_TAG: &str = "<details class=\"spoiler\">";

/// `html` is a post's body as stored: already sanitized at write time. It goes through
/// ammonia once more to drop every `<details>` element with its content (raw ones too: they
/// hide text just the same) and to resolve relative links (mentions) against `base`.
pub fn for_feed(html: &str, base: &str) -> String {
    let marked = html.replace(SPOILER_TAG, &format!("<em>[spoiler]</em>{SPOILER_TAG}"));
    let mut b = ammonia::Builder::default();
    // ammonia allows `<details>` by default; a tag cannot be both allowed and cleaned.
    b.rm_tags(["details"])
        .clean_content_tags(HashSet::from(["details"]))
        .link_rel(Some("nofollow ugc noopener"));
    if let Ok(url) = ammonia::Url::parse(&format!("{base}/")) {
        b.url_relative(ammonia::UrlRelative::RewriteWithBase(url));
    }
    b.clean(&marked).to_string()
}

#[cfg(test)]
mod tests {
    use super::for_feed;

    #[test]
    fn drops_spoilers_and_resolves_links() {
        let stored = "<p>He <details class=\"spoiler\"><summary>Spoiler</summary>dies</details> \
                      says <a href=\"/users/ann\" class=\"mention\">@ann</a></p>";
        let out = for_feed(stored, "https://fans.example");
        assert!(!out.contains("dies"), "{out}");
        assert!(out.contains("[spoiler]"), "{out}");
        assert!(
            out.contains("href=\"https://fans.example/users/ann\""),
            "{out}"
        );
    }

    #[test]
    fn raw_details_and_lookalike_text_stay_safe() {
        let stored = "<details><summary>x</summary>hidden</details>\
                      <p>&lt;details class=\"spoiler\"&gt; is text</p>";
        let out = for_feed(stored, "http://h");
        assert!(!out.contains("hidden"), "{out}");
        assert!(!out.contains("[spoiler]"), "text is not a tag: {out}");
        assert!(out.contains("&lt;details"), "{out}");
    }
}
