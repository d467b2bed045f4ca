use super::*;
use crate::db::catalog::Show;

fn show() -> Show {
    Show {
        id: 7,
        slug: "night-shift".into(),
        title: "Night Shift".into(),
        synopsis: String::new(),
        spoiler_delay_days: None,
    }
}

fn form(fields: &[(&str, &str)]) -> ModForm {
    let mut f = ModForm::default();
    for (k, v) in fields {
        let v = v.to_string();
        match *k {
            "action" => f.action = v,
            "reason" => f.reason = v,
            "kind" => f.kind = v,
            "sanction" => f.sanction = v,
            "duration" => f.duration = v,
            "id" => f.id = v,
            "details" => f.details = v,
            "room" => f.room = v,
            "slow_mode_s" => f.slow_mode_s = v,
            "mods_only" => f.mods_only = v,
            "pattern" => f.pattern = v,
            "username" => f.username = v,
            "title" => f.title = v,
            "episode" => f.episode = v,
            _ => panic!("no field {k}"),
        }
    }
    f
}

fn refused(r: AppResult<Action>) -> AppError {
    match r {
        Ok(a) => panic!("accepted: {a:?}"),
        Err(e) => e,
    }
}

#[test]
fn sanctions_need_a_reason_and_a_known_kind() {
    let e = refused(Action::parse(
        Subject::Sanction(show()),
        &form(&[("kind", "warn")]),
    ));
    assert!(matches!(e, AppError::Unprocessable(m) if m.to_string().starts_with("Give a reason")));
    let e = refused(Action::parse(
        Subject::Sanction(show()),
        &form(&[("kind", "ban"), ("reason", "x")]),
    ));
    assert!(
        matches!(e, AppError::Forbidden(_)),
        "bans are not show sanctions"
    );
    let e = refused(Action::parse(
        Subject::Sanction(show()),
        &form(&[("kind", "timeout"), ("reason", "x")]),
    ));
    assert!(matches!(e, AppError::Unprocessable(m) if m.to_string().contains("number of minutes")));
}

#[test]
fn the_sanction_field_wins_over_kind_and_suspensions_may_be_permanent() {
    let a = Action::parse(
        Subject::Sanction(show()),
        &form(&[("kind", "warn"), ("sanction", "suspend"), ("reason", "x")]),
    );
    match a {
        Ok(Action::Sanction { penalty, .. }) => assert_eq!(
            penalty,
            Penalty {
                kind: Kind::Suspend,
                duration_ms: None
            }
        ),
        other => panic!("{other:?}"),
    }
    let a = Action::parse(
        Subject::Sanction(show()),
        &form(&[("kind", "timeout"), ("duration", "30"), ("reason", "x")]),
    );
    assert!(matches!(
        a,
        Ok(Action::Sanction { penalty: Penalty { kind: Kind::Timeout, duration_ms: Some(d) }, .. })
            if d == 30 * MINUTE
    ));
}

#[test]
fn thread_flags_and_unknown_actions() {
    let f = |action: &str| thread_op(&form(&[("action", action)]));
    for (action, flag, on) in [
        ("lock", ThreadFlag::Locked, true),
        ("unlock", ThreadFlag::Locked, false),
        ("pin", ThreadFlag::Pinned, true),
        ("unpin", ThreadFlag::Pinned, false),
    ] {
        assert!(
            matches!(f(action), Ok(ThreadOp::Flag { flag: g, on: o, .. }) if g == flag && o == on),
            "{action}"
        );
    }
    assert!(
        matches!(f("explode"), Err(AppError::BadRequest(m)) if m.to_string() == "Unknown action \"explode\".")
    );
    let edit = thread_op(&form(&[
        ("action", "edit"),
        ("title", "ok title"),
        ("episode", "nope"),
    ]));
    assert!(matches!(edit, Err(AppError::Unprocessable(_))));
    assert!(matches!(
        post_op(&form(&[("action", "remove")])),
        Err(AppError::Unprocessable(_))
    ));
}

#[test]
fn reports_check_kind_id_reason_and_details() {
    let parse = |fields: &[(&str, &str)]| Action::parse(Subject::Report, &form(fields));
    assert!(matches!(
        parse(&[("kind", "user"), ("id", "1"), ("reason", "spam")]),
        Err(AppError::BadRequest(_))
    ));
    assert!(matches!(
        parse(&[("kind", "post"), ("id", "x"), ("reason", "spam")]),
        Err(AppError::BadRequest(_))
    ));
    assert!(matches!(
        parse(&[("kind", "post"), ("id", "1"), ("reason", "boring")]),
        Err(AppError::Unprocessable(_))
    ));
    let long = "d".repeat(1001);
    assert!(matches!(
        parse(&[
            ("kind", "post"),
            ("id", "1"),
            ("reason", "spam"),
            ("details", &long)
        ]),
        Err(AppError::Unprocessable(_))
    ));
    match parse(&[
        ("kind", "chat"),
        ("id", " 4 "),
        ("reason", "spam"),
        ("details", " hi "),
    ]) {
        Ok(Action::Report { item, details, .. }) => {
            assert_eq!(
                item,
                Item {
                    target: Target::Chat,
                    id: 4
                }
            );
            assert_eq!(details, "hi");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn room_settings_and_filters() {
    let room =
        |fields: &[(&str, &str)]| Action::parse(Subject::RoomSettings(show()), &form(fields));
    assert!(
        matches!(room(&[("room", "ep-01")]), Err(AppError::Unprocessable(m)) if m.to_string() == "Choose a room.")
    );
    assert!(matches!(
        room(&[("room", "ep-3"), ("slow_mode_s", "3601")]),
        Err(AppError::Unprocessable(_))
    ));
    assert!(matches!(
        room(&[("room", "party-2"), ("mods_only", "on")]),
        Ok(Action::RoomSettings {
            room: RoomId::Party(2),
            slow_mode_s: 0,
            mods_only: true,
            ..
        })
    ));
    let filter = |fields: &[(&str, &str)]| Action::parse(Subject::AddFilter(show()), &form(fields));
    assert!(matches!(
        filter(&[("pattern", "  buy   now "), ("action", "block")]),
        Ok(Action::AddFilter { pattern, action: FilterAction::Block, .. }) if pattern == "buy now"
    ));
    assert!(matches!(
        filter(&[("pattern", "  "), ("action", "block")]),
        Err(AppError::Unprocessable(_))
    ));
    assert!(matches!(
        filter(&[("pattern", "x"), ("action", "nuke")]),
        Err(AppError::Unprocessable(_))
    ));
}

#[test]
fn team_changes_are_grant_or_revoke() {
    let team = |action: &str| {
        Action::parse(
            Subject::Team(show()),
            &form(&[("action", action), ("username", " Casey ")]),
        )
    };
    assert!(
        matches!(team("grant"), Ok(Action::SetModerator { grant: true, username, .. }) if username == "Casey")
    );
    assert!(matches!(
        team("revoke"),
        Ok(Action::SetModerator { grant: false, .. })
    ));
    assert!(matches!(team("promote"), Err(AppError::BadRequest(_))));
}
