//! Deleting one's account (settings): the current password, then one transaction
//! (`db::account_deletion`). The caller closes the user's sockets afterwards.
use crate::auth::accounts::AccountError;
use crate::auth::password;
use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::i18n::Msg;

pub use crate::db::account_deletion::DELETED_NAME;

pub async fn delete_account(
    db: &Db,
    user: &SessionUser,
    current_password: &str,
    remove_posts: bool,
) -> Result<(), AccountError> {
    let stored = db::users::password_hash(db, user.id).await?;
    if !password::verify(current_password.to_string(), stored).await? {
        return Err(AccountError::Invalid(Msg::new(
            "err-current-password-not-right",
        )));
    }
    // With no admin left, the next sign-up would become admin: a stranger would own the site.
    if user.is_admin && db::account_deletion::other_admins(db, user.id).await? == 0 {
        return Err(AccountError::Invalid(Msg::new("err-only-admin-delete")));
    }
    db::account_deletion::delete_account(db, user.id, remove_posts).await?;
    tracing::info!(user_id = user.id, remove_posts, "account deleted");
    Ok(())
}
