//! Sanitized Markdown never carries a live script: no `<script>`, no `on…=` handler, no
//! `javascript:` URL, whatever the author writes; and no input panics.
use cliffhanger::forum::markdown::{plain_text, render, RemoteImages};
use proptest::prelude::*;

use crate::html_scan::live_script;
use crate::strategies::{config, unicode_text};

/// Pieces of known XSS payloads and the Markdown syntax around links, images and spoilers.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x>",
    "<scr<script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href='jav&#x09;ascript:alert(1)'>",
    "<a href=\"&#106;avascript:alert(1)\">",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt&colon;alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "![i](javascript:alert(1))",
    "![i](https://x \"onerror=alert(1)\")",
    "[r]: javascript:alert(1)",
    "[r]",
    "<javascript:alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<summary onclick=alert(1)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<style>*{}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<object data=\"javascript:alert(1)\">",
    "<form action=javascript:alert(1)><button>",
    "<input onfocus=alert(1) autofocus>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">",
    "<a href=vbscript:alert(1)>",
    "||",
    "```",
    "`",
    "**",
    "_",
    "\n",
    "\n\n",
    "> ",
    "- [ ] ",
    "| a | b |\n|---|---|\n",
    "&",
    "&#",
    ";",
    "\"",
    "'",
    "<",
    ">",
    "=",
    " ",
    "\t",
    "(",
    ")",
    "[",
    "]",
];

fn hostile_markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(HOSTILE).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => "[a-z]{1,6}",
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

#[test]
fn the_scan_sees_what_a_browser_would_run() {
    for live in [
        "<p><script>alert(1)</script></p>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=' JavaScript:alert(1)'>x</a>",
        "<a HREF=javascript:alert(1)>x</a>",
        "<svg/OnLoad=alert(1)>",
    ] {
        assert!(live_script(live).is_some(), "{live}");
    }
    for safe in [
        "<p>javascript: is a language; onerror=fine &lt;script&gt;</p>",
        "<a href=\"https://x.example/?q=javascript:1\" title=\"javascript:1 > 2\">x</a>",
        "<details class=\"spoiler\"><summary>Spoiler</summary>x</details>",
    ] {
        assert_eq!(live_script(safe), None, "{safe}");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sanitized_output_never_runs_script(src in hostile_markdown()) {
        // Remote images shown or turned into links, the output never runs anything.
        for images in [RemoteImages::Show, RemoteImages::Link] {
            let html = render(&src, images);
            prop_assert_eq!(live_script(&html), None, "{:?} → {:?}", src, html);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(src in unicode_text()) {
        let html = render(&src, RemoteImages::Link);
        prop_assert_eq!(live_script(&html), None, "{:?} → {:?}", src, html);
        let plain = plain_text(&src);
        prop_assert!(!plain.contains("  "), "{:?}", plain);
    }
}
