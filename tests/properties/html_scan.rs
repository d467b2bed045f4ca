//! A small scan of serialized HTML for anything a browser would run: a `<script>` tag, an
//! `on…` handler attribute, or a `javascript:`/`vbscript:`/`data:` URL in a URL attribute.
//! Sanitized HTML escapes `<` in text, so every raw `<` before a letter opens a tag.

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "cite",
    "background",
    "poster",
    "srcset",
    "data",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
];

/// The first live script found, as the tag or attribute that carries it.
pub fn live_script(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let len = b.len();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let mut j = start + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        if !b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = start + 1;
            continue;
        }
        let name_end = end_of(html, j, |c| c.is_ascii_whitespace() || c == '/' || c == '>');
        let name = html[j..name_end].to_ascii_lowercase();
        if name == "script" {
            return Some(html[start..name_end].to_string());
        }
        let mut k = name_end;
        loop {
            while k < len && (b[k].is_ascii_whitespace() || b[k] == b'/') {
                k += 1;
            }
            if k >= len || b[k] == b'>' {
                break;
            }
            let an_end = end_of(html, k, |c| {
                c.is_ascii_whitespace() || c == '/' || c == '>' || c == '='
            });
            if an_end == k {
                k += html[k..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let attr = html[k..an_end].to_ascii_lowercase();
            k = an_end;
            let mut m = k;
            while m < len && b[m].is_ascii_whitespace() {
                m += 1;
            }
            let mut value = "";
            if b.get(m) == Some(&b'=') {
                m += 1;
                while m < len && b[m].is_ascii_whitespace() {
                    m += 1;
                }
                match b.get(m) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = html[m + 1..].find(q as char).map_or(len, |e| m + 1 + e);
                        value = &html[m + 1..end];
                        k = (end + 1).min(len);
                    }
                    _ => {
                        let end = end_of(html, m, |c| c.is_ascii_whitespace() || c == '>');
                        value = &html[m..end];
                        k = end;
                    }
                }
            }
            if attr.starts_with("on") {
                return Some(format!("<{name} {attr}=…"));
            }
            if URL_ATTRS.contains(&attr.as_str()) && is_script_url(value) {
                return Some(format!("<{name} {attr}={value:?}"));
            }
        }
        i = k.max(start + 1);
    }
    None
}

fn end_of(s: &str, from: usize, stop: impl Fn(char) -> bool) -> usize {
    s[from..].find(stop).map_or(s.len(), |e| from + e)
}

/// As a browser reads a URL: entities decoded, whitespace and control characters dropped.
fn is_script_url(raw: &str) -> bool {
    let url: String = decode_entities(raw)
        .chars()
        .filter(|c| !(c.is_whitespace() || c.is_control()))
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|p| url.starts_with(p))
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let named = match ent {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => None,
        };
        let numeric = ent
            .strip_prefix("#x")
            .or_else(|| ent.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32);
        match named.or(numeric) {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
