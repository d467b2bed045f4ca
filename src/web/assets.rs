//! Static files compiled into the binary.
use crate::i18n::Msg;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use rust_embed::RustEmbed;

use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

pub async fn serve(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let file =
        Static::get(&path).ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-file")))?;
    Ok(HttpResponse::Ok()
        .content_type(file.metadata.mimetype())
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(file.data.into_owned()))
}
