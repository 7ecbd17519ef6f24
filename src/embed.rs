//! Embedding in a host page (`embed=1`): messages to and from the host.
//!
//! - Out: on every change of selection the viewer posts
//!   `{ "kaartviewer": "selection", "region": {kind, code, name} | null, "verband": {id, name} | null, "query": "…" }`
//!   to the parent window, addressed to `origin` when given (else to any origin: the data is public).
//! - In: the host may post `{ "kaartviewer": "set", "query": "gemeente=GM0344&thema=afval" }`, which
//!   sets the state as if that query string had been loaded. Such messages are accepted only when the
//!   iframe's URL names the host with `origin=https://host.example`, only from exactly that origin,
//!   and only when the publisher's allow-list (`data/embedding.json`) has it.

use crate::state::ViewerState;
use crate::url_sync;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The host origin named in the URL, if it is a plain `http(s)://host[:port]` origin.
pub fn host_origin(query: &str) -> Option<String> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .find(|(k, _)| k == "origin")
        .map(|(_, v)| v.trim_end_matches('/').to_string())
        .filter(|o| {
            let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
            rest.is_some_and(|r| !r.is_empty() && !r.contains(['/', '?', '#', ' ', '@']))
        })
}

pub fn start(state: ViewerState, query: &str) {
    let own = window();
    let parent = own.parent().ok().flatten();
    let Some(parent) = parent.filter(|p| !js_sys::Object::is(p, &own)) else { return };
    let origin = host_origin(query);
    let target = origin.clone().unwrap_or_else(|| "*".to_string());

    let post_parent = parent.clone();
    Effect::new(move |_| {
        let region = state.selected.get().map(|(kind, code)| {
            json!({ "kind": kind.as_str(), "code": code, "name": state.name_of(&code) })
        });
        let verband = state.verband.get().map(|id| {
            let name = state.dataset.with(|d| d.as_ref().and_then(|d| d.verbanden.iter().find(|v| v.id == id)).map(|v| v.name.clone()));
            json!({ "id": id, "name": name })
        });
        let message = json!({
            "kaartviewer": "selection",
            "region": region,
            "verband": verband,
            "query": url_sync::query_of(state),
        });
        if let Ok(value) = js_sys::JSON::parse(&message.to_string()) {
            let _ = post_parent.post_message(&value, &target);
        }
    });

    let Some(named) = origin else { return };
    // The publisher's allow-list; until it has loaded, no message is accepted.
    let allowed = StoredValue::new(false);
    let checked = named.clone();
    leptos::task::spawn_local(async move {
        match crate::api::fetch_embedding_hosts().await {
            Ok(hosts) => allowed.set_value(hosts.contains(&checked)),
            Err(crate::api::LoadError(message)) => leptos::logging::warn!("kaartviewer: {message}; host messages are ignored"),
        }
    });
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if event.origin() != named || !allowed.get_value() {
            return;
        }
        let text = js_sys::JSON::stringify(&event.data()).ok().and_then(|s| s.as_string()).unwrap_or_default();
        let Ok(message) = serde_json::from_str::<Value>(&text) else { return };
        if message["kaartviewer"] == "set"
            && let Some(query) = message["query"].as_str()
        {
            url_sync::apply_query(state, query);
        }
    });
    let _ = own.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}
