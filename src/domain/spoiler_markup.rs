//! The markup of inline spoilers, `||hidden text||`: turned into `<details>` for posts, or
//! blanked out of titles, snippets and the search index. Pure text, so every layer may use it.

/// Splits a line on `||`; odd segments are spoilers. Unpaired markers are left as text.
fn segments(line: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = line.split("||").collect();
    (parts.len() >= 3 && parts.len() % 2 == 1).then_some(parts)
}

/// Markdown with spoilers turned into `<details>` (sanitized later with the rest).
pub fn to_markdown_html(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut in_fence = false;
    for (i, line) in src.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        match segments(line).filter(|_| !in_fence) {
            Some(parts) => {
                for (j, part) in parts.iter().enumerate() {
                    if j % 2 == 1 {
                        out.push_str("<details class=\"spoiler\"><summary>Spoiler</summary>");
                        out.push_str(part);
                        out.push_str("</details>");
                    } else {
                        out.push_str(part);
                    }
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The text with every spoiler removed (titles, snippets, search index).
pub fn strip(text: &str) -> String {
    text.split('\n')
        .map(|line| match segments(line) {
            Some(parts) => parts
                .iter()
                .enumerate()
                .map(|(j, p)| if j % 2 == 1 { "[spoiler]" } else { p })
                .collect::<String>(),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_strips() {
        assert_eq!(
            to_markdown_html("He ||dies|| at the end"),
            "He <details class=\"spoiler\"><summary>Spoiler</summary>dies</details> at the end"
        );
        assert_eq!(strip("He ||dies|| at the end"), "He [spoiler] at the end");
        assert_eq!(strip("a || b"), "a || b", "unpaired markers stay");
        assert_eq!(
            to_markdown_html("```\n||x||\n```"),
            "```\n||x||\n```",
            "code fences untouched"
        );
    }
}
