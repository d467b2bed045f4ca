//! Names and words of a seeded community: show titles, usernames, thread titles and post
//! bodies (forum-style Markdown: emphasis, lists, quotes, code, links-free).
const SHOW_A: [&str; 10] = [
    "Night", "Iron", "Silent", "Northern", "Glass", "Broken", "Golden", "Hollow", "Crimson", "Last",
];
const SHOW_B: [&str; 10] = [
    "Harbour", "Kingdom", "Shift", "Signal", "Frontier", "Orchard", "Tide", "Archive", "Crown",
    "Station",
];

/// Title and slug of show `i` (distinct for every `i`).
pub fn show_name(i: usize) -> (String, String) {
    let (a, b) = (SHOW_A[i % 10], SHOW_B[(i / 10) % 10]);
    let round = i / 100;
    let title = if round == 0 {
        format!("The {a} {b}")
    } else {
        format!("The {a} {b} {}", round + 1)
    };
    let slug = if round == 0 {
        format!("{}-{}", a.to_lowercase(), b.to_lowercase())
    } else {
        format!("{}-{}-{}", a.to_lowercase(), b.to_lowercase(), round + 1)
    };
    (title, slug)
}

const USER_A: [&str; 12] = [
    "quiet", "lucky", "brave", "sleepy", "night", "salty", "rainy", "cosmic", "tiny", "wild",
    "odd", "late",
];
const USER_B: [&str; 12] = [
    "otter", "keeper", "viewer", "fox", "critic", "owl", "binger", "sailor", "reader", "lark",
    "moth", "heron",
];

/// Username of seeded user `i` (distinct for every `i`, 3 to 32 characters of [a-z0-9_]).
pub fn username(i: usize) -> String {
    format!("{}_{}{}", USER_A[i % 12], USER_B[(i / 12) % 12], i)
}

const TOPICS: [&str; 12] = [
    "the lighthouse scene",
    "the cold open",
    "the finale",
    "the brother",
    "the soundtrack",
    "the second letter",
    "the time jumps",
    "the harbour fire",
    "the new showrunner",
    "the casting news",
    "the missing year",
    "the stopped clock",
];
const FRAMES: [&str; 8] = [
    "Theory: {} explains everything",
    "Can we talk about {}?",
    "Rewatch thread: {}",
    "Unpopular opinion about {}",
    "What nobody noticed in {}",
    "{}: ranked and discussed",
    "Questions about {}",
    "I finally get {}",
];

/// Title of seeded thread `i`.
pub fn thread_title(i: usize) -> String {
    let frame = FRAMES[i % FRAMES.len()];
    let topic = TOPICS[(i / FRAMES.len()) % TOPICS.len()];
    let mut t = frame.replacen("{}", topic, 1);
    if let Some(first) = t.get(..1) {
        t = first.to_uppercase() + &t[1..];
    }
    t
}

const OPENERS: [&str; 10] = [
    "Okay, I rewatched the last ten minutes twice and I'm still not sure what I saw.",
    "Finally caught up after a week of avoiding spoilers at work.",
    "Hot take: this was the strongest episode of the season so far.",
    "I loved the pacing in the first half, but the ending felt rushed.",
    "Can we talk about that cold open?",
    "Long-time lurker, first post here.",
    "Agreed with most of the above, with one big exception.",
    "I went back to the pilot after this and it reads completely differently now.",
    "My partner guessed the twist in the first scene and I will never hear the end of it.",
    "Not sure this deserves the hype, but the last act was genuinely great.",
];
const MIDDLES: [&str; 12] = [
    "The way the camera lingered on the **lighthouse** before the cut was not an accident.",
    "Notice how the score drops out completely during the interrogation; it makes the silence *deafening*.",
    "The writers have been setting up the betrayal since the second episode, if you look at the letter on the desk.",
    "Honestly the supporting cast carried this one, especially the scenes at the harbour.",
    "I think the timeline jumps are meant to be read backwards, which would explain the missing year.",
    "The dialogue in the car felt like it was lifted straight from the first season finale.",
    "Some people read the final shot as a dream, but the reflection in the window says otherwise.",
    "There is a great breakdown of the set design if anyone is interested; search for `harbour set tour`.",
    "The costume change halfway through is the biggest clue we have had all season.",
    "Every scene with the keeper is lit from below, and I refuse to believe that is a coincidence.",
    "The subtitles on my copy translate the radio message differently, which changes the whole scene.",
    "I timed it: the clock in the background runs backwards for exactly one minute.",
];
const CLOSERS: [&str; 7] = [
    "Anyway, I need to know what happens next week.",
    "Curious whether anyone else picked up on that.",
    "Let me know if I'm reading too much into it.",
    "Ten out of ten, would be emotionally wrecked again.",
    "My theory still stands until someone proves me wrong.",
    "See you all in the live chat on Sunday.",
    "Back to rewatching, I guess.",
];
const EXTRAS: [&str; 9] = [
    "\n\nThings I want answered:\n\n- who sent the second letter\n- why the clock was stopped at 4:10\n- where the dog went",
    "\n\n> Nothing stays buried in this town.\n\nThat line is going to age very well.",
    "\n\nRanking the episodes so far:\n\n1. The Harbour\n2. Low Tide\n3. The Keeper",
    "\n\n~~I was wrong about the brother~~ I was half right about the brother.",
    "\n\n| character | suspicious? |\n| --- | --- |\n| the keeper | very |\n| the mayor | a bit |",
    "\n\n- [x] caught up\n- [ ] stopped theorising",
    "",
    "",
    "",
];

/// Forum-style Markdown, distinct for each `i` below 10 × 12 × 12 × 7 × 9.
pub fn post_body(i: usize) -> String {
    let mut s = String::with_capacity(600);
    s.push_str(OPENERS[i % OPENERS.len()]);
    s.push(' ');
    s.push_str(MIDDLES[(i / 10) % MIDDLES.len()]);
    s.push(' ');
    s.push_str(MIDDLES[(i / 120 + 5) % MIDDLES.len()]);
    s.push_str("\n\n");
    s.push_str(CLOSERS[(i / 7) % CLOSERS.len()]);
    s.push_str(EXTRAS[(i / 3) % EXTRAS.len()]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_distinct_and_valid() {
        let slugs: HashSet<String> = (0..300).map(|i| show_name(i).1).collect();
        assert_eq!(slugs.len(), 300);
        assert!(slugs
            .iter()
            .all(|s| cliffhanger_slug_ok(s) && s.len() <= 64));
        let users: HashSet<String> = (0..50_000).map(username).collect();
        assert_eq!(users.len(), 50_000);
        assert!(users
            .iter()
            .all(|u| crate::domain::Username::try_from(u.as_str()).is_ok()));
        assert_eq!(thread_title(1), "Can we talk about the lighthouse scene?");
        assert!((0..1000)
            .all(|i| crate::domain::ThreadTitle::try_from(thread_title(i).as_str()).is_ok()));
    }

    fn cliffhanger_slug_ok(s: &str) -> bool {
        crate::domain::Slug::try_from(s).is_ok()
    }

    #[test]
    fn bodies_vary_and_are_valid_posts() {
        let bodies: HashSet<String> = (0..2048).map(post_body).collect();
        assert!(bodies.len() > 1500, "{}", bodies.len());
        assert!(bodies
            .iter()
            .all(|b| crate::domain::PostBody::try_from(b.as_str()).is_ok()));
    }
}
