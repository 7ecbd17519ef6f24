//! Files the user downloads (CSV lists, map images), made in the browser without a server.

use wasm_bindgen::JsCast;

/// Offers `blob` as a file download named `file_name`.
pub fn offer_blob(file_name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Ok(anchor) = leptos::prelude::document().create_element("a") {
        let _ = anchor.set_attribute("href", &url);
        let _ = anchor.set_attribute("download", file_name);
        if let Some(a) = anchor.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A blob holding `text` with the given MIME type.
pub fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Offers `text` as a file download.
pub fn offer_text(file_name: &str, mime: &str, text: &str) {
    if let Some(blob) = text_blob(text, mime) {
        offer_blob(file_name, &blob);
    }
}
