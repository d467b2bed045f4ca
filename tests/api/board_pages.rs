//! A board's list across pages: pinned threads first, then by last activity, every thread
//! on exactly one page, in the same order whichever page it falls on.
use crate::helpers::TestApp;

crate::on_both_backends!(board_pages_list_every_thread_once_in_activity_order);

/// The thread ids a list links to, in page order, each once.
fn listed(page: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for part in page.split("href=\"/threads/").skip(1) {
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(id) = digits.parse() {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

async fn board_pages_list_every_thread_once_in_activity_order(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let per_page = cliffhanger::db::forum::THREADS_PER_PAGE;
    let mut made = Vec::new();
    for i in 0..per_page + 3 {
        let title = format!("Board thread {i}");
        made.push(
            admin
                .new_thread("night-shift", "general", &title, "first post")
                .await,
        );
    }
    // The oldest thread is pinned; the second oldest gets a reply, which moves it to the top
    // of the unpinned ones.
    let pinned = made[0];
    let revived = made[1];
    let r = admin
        .post(&format!("/threads/{pinned}/mod"), &[("action", "pin")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .post(
            &format!("/threads/{revived}/posts"),
            &[("body", "back from the dead")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let mut expected = vec![pinned, revived];
    expected.extend(made[2..].iter().rev());

    let anon = app.browser();
    let first = anon.get("/shows/night-shift/forum/general").await;
    assert_eq!(first.status, 200);
    let second = anon.get("/shows/night-shift/forum/general?page=2").await;
    assert_eq!(second.status, 200);
    let (one, two) = (listed(&first.body), listed(&second.body));
    // The board may hold threads the catalogue seeded: only ours are compared.
    let ours =
        |ids: Vec<i64>| -> Vec<i64> { ids.into_iter().filter(|i| made.contains(i)).collect() };
    let (one, two) = (ours(one), ours(two));
    assert_eq!(one.len() as i64, per_page, "page 1: {one:?}");
    let mut both = one.clone();
    both.extend(&two);
    assert_eq!(both, expected, "page 1 {one:?}, page 2 {two:?}");
}
