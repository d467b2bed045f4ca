//! The feeds made of posts: a thread's newest posts, and a member's newest threads and
//! replies (the same rules as their profile page).
use crate::i18n::Tr;
use std::collections::HashMap;

use super::model::{Audience, Entry, Feed, MAX_ENTRIES};
use super::{html, threads};
use crate::db::posts::Post;
use crate::db::{self, Db};
use crate::visibility::authored::AuthoredView;
use crate::visibility::{Gate, ThreadAccess};

fn post_link(who: &Audience<'_>, p: &Post) -> String {
    who.url(&format!(
        "/threads/{}?page={}#post-{}",
        p.thread_id,
        crate::forum::page_of(p.position),
        p.id
    ))
}

fn post_entry(who: &Audience<'_>, p: &Post, thread_title: &str, body_html: &str) -> Entry {
    let link = post_link(who, p);
    Entry {
        id: link.clone(),
        title: if p.position == 1 {
            thread_title.to_string()
        } else {
            // Feeds are read by no one in particular: the catalogue's reference language.
            Tr::default().t1("feed-reply-title", "title", thread_title)
        },
        link,
        author: p.author.clone().unwrap_or_else(|| "Cliffhanger".into()),
        html: html::for_feed(body_html, who.base),
        published: p.created_at,
        updated: p.edited_at.unwrap_or(p.created_at).max(p.created_at),
    }
}

/// `/threads/{id}/feed.atom`: the thread's newest posts. A thread behind the region's shield
/// gives a feed titled with the shield's neutral label and no entries (it fills once the
/// episode airs there); a removed thread, one titled "Removed thread" and no entries. None
/// when the thread does not exist for an anonymous visitor.
pub async fn thread(db: &Db, who: &Audience<'_>, id: i64) -> Result<Option<Feed>, sqlx::Error> {
    let Some(summary) = db::forum::thread(db, id).await? else {
        return Ok(None);
    };
    let gate = Gate::anonymous(who.region);
    let page = format!("/threads/{id}");
    let path = format!("{page}/feed.atom");
    let thread = match gate.thread(summary, false) {
        ThreadAccess::Missing => return Ok(None),
        ThreadAccess::Shielded { label } | ThreadAccess::Sealed { label } => {
            return Ok(Some(who.feed(label, &path, &page, vec![])))
        }
        ThreadAccess::Removed { .. } => {
            let title = Tr::new(gate.lang()).t("forum-removed-thread");
            return Ok(Some(who.feed(title, &path, &page, vec![])));
        }
        ThreadAccess::Open { thread, .. } => thread,
    };
    let last = thread.post_count;
    let first = (last - MAX_ENTRIES as i64 + 1).max(1);
    let posts = db::posts::posts_in_range(db, id, first, last).await?;
    let by_id: HashMap<i64, &Post> = posts.iter().map(|p| (p.id, p)).collect();
    // Held posts of others are dropped by the gate; deleted and removed ones have nothing to
    // say in a feed, so they go too rather than standing as placeholders.
    let mut entries: Vec<Entry> = gate
        .posts(&thread, &posts)
        .into_iter()
        .filter(|v| !v.deleted && v.removed.is_none())
        .filter_map(|v| {
            let p = by_id.get(&v.id)?;
            Some(post_entry(who, p, &thread.title, &v.body_html))
        })
        .collect();
    entries.reverse();
    let title = format!("{} · {}", thread.title, thread.show_title);
    Ok(Some(who.feed(title, &path, &page, entries)))
}

/// `/users/{name}/feed.atom`: the threads a member started and their replies, newest first,
/// as their profile shows them to an anonymous visitor of the region (shielded ones left
/// out). None for unknown and deleted accounts.
pub async fn user(db: &Db, who: &Audience<'_>, name: &str) -> Result<Option<Feed>, sqlx::Error> {
    let Some(user) = db::profiles::by_name(db, &name.trim().to_ascii_lowercase()).await? else {
        return Ok(None);
    };
    let gate = Gate::anonymous(who.region);
    let started =
        db::forum::threads_by_author(db, &gate.held_scope(), user.id, MAX_ENTRIES as i64).await?;
    let mut entries = threads::entries(db, &gate, who, started).await?;
    let replies = db::profiles::posts_by_author(db, user.id, MAX_ENTRIES as i64, 0).await?;
    let mut titles: HashMap<i64, String> = HashMap::new();
    for view in gate.authored_posts(db, replies).await? {
        if let AuthoredView::Shown { post, thread_title } = view {
            titles.insert(post.id, thread_title);
        }
    }
    let ids: Vec<i64> = titles.keys().copied().collect();
    for p in db::posts::posts_by_ids(db, &ids).await? {
        // Read again after the gate's check: one deleted or hidden meanwhile stays out.
        let published = !p.deleted && !p.held && p.removed_reason.is_none();
        if let Some(title) = titles.get(&p.id).filter(|_| published) {
            entries.push(post_entry(who, &p, title, &p.body_html));
        }
    }
    entries.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    entries.truncate(MAX_ENTRIES);
    let page = format!("/users/{}", user.username);
    Ok(Some(who.feed(
        user.username.clone(),
        &format!("{page}/feed.atom"),
        &page,
        entries,
    )))
}
