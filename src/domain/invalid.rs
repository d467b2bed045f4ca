use crate::i18n::Msg;

/// Why a piece of input was refused; the page or JSON error words it in its reader's
/// language (`Display` is English, for logs and the command line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub Msg);

impl Invalid {
    pub fn new(msg: Msg) -> Self {
        Invalid(msg)
    }
}
