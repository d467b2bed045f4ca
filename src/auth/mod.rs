//! Accounts: argon2id password hashing, server-side sessions, CSRF, login throttling.
pub mod accounts;
pub mod api_rate;
pub mod api_tokens;
pub mod csrf;
pub mod email;
pub mod expiry;
pub mod identify;
pub mod limits;
pub mod password;
pub mod reset;
pub mod session;

pub use crate::db::users::SessionUser;
pub use csrf::CsrfForm;
pub use session::Viewer;
