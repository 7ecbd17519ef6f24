//! The editor (`weergave=bewerken`): sign in, find or start a verband, edit it with the
//! validator's problems beside each field, save with optimistic locking, read its history and
//! restore, handle correction requests, and (beheerder) manage accounts. One file per view;
//! the HTTP calls are in [`crate::api::editor`], the shared state in [`state`].
//!
//! Never offered inside an iframe (an embedded map is for reading), nor where the server has
//! no `/api/` (a static deployment of `dist/`).

pub mod accounts;
pub mod history;
pub mod inbox;
pub mod member_picker;
pub mod record_form;
pub mod sign_in;
pub mod state;

use crate::api::editor::ApiError;
use crate::i18n::EditorTexts;
use crate::state::{EditingState, ViewerState};
use kaartviewer_core::dataset::{DatasetFile, Verband};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::validate::{CodeRegister, validate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use state::{EditorState, FieldProblem, Tab};
use std::sync::Arc;

/// Whether the page runs inside a frame (another site's, or its own).
fn in_frame() -> bool {
    let own = window();
    match own.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &own),
        _ => true,
    }
}

/// A failed call in words an editor understands (Dutch or English), with the server's own
/// message where it gave one.
pub fn describe(error: &ApiError, et: &EditorTexts) -> String {
    match error {
        ApiError::Network(detail) => format!("{} ({detail})", et.network_error),
        ApiError::Status { status, retry_after, .. } => {
            let server = error.server_message();
            match (*status, server) {
                (429, _) => match retry_after {
                    Some(seconds) => format!("{} {}", et.rate_limited, et.try_again_after(seconds)),
                    None => et.rate_limited.to_string(),
                },
                (404 | 405, None) => et.no_api.to_string(),
                (_, Some(message)) => message,
                (status, None) => format!("{} (HTTP {status})", et.server_error),
            }
        }
    }
}

/// The codes the validator accepts: every region on the loaded map layers and every water
/// board in the dataset's register, for the dataset's boundary year (as `datatool validate`
/// checks them against the prepared boundaries).
fn code_register(state: ViewerState) -> Option<(u16, CodeRegister)> {
    let year = state.history.with(|d| d.as_ref().map(|d| d.boundary_year))?;
    let mut register = CodeRegister::default();
    state.data.with(|data| {
        for layer in data.iter().flat_map(|d| d.layers.values()) {
            for region in &layer.regions {
                register.insert(year, &region.feature.code, layer.kind);
            }
        }
    });
    state.history.with(|d| {
        for board in d.iter().flat_map(|d| d.waterschappen.iter()) {
            register.insert(year, &board.code, RegionKind::Waterschap);
        }
    });
    Some((year, register))
}

/// The validator's problems with `draft`, by field; for a new record also an id already in use.
pub fn check(state: ViewerState, register: &Option<(u16, CodeRegister)>, draft: &Verband, is_new: bool) -> Vec<FieldProblem> {
    let Some((year, register)) = register else { return Vec::new() };
    let files = vec![("".to_string(), DatasetFile { schema: None, boundary_year: *year, verbanden: vec![draft.clone()] })];
    let mut problems: Vec<FieldProblem> =
        validate(&files, register).into_iter().map(|p| FieldProblem { field: p.field, message: p.message }).collect();
    if is_new && state.history.with_untracked(|d| d.as_ref().is_some_and(|d| d.verbanden.iter().any(|v| v.id == draft.id))) {
        let et = state.lang.get_untracked().editor();
        problems.push(FieldProblem { field: Some("id".into()), message: et.id_taken.to_string() });
    }
    problems
}

/// The validator's register for one map and dataset (compared by identity: a new one is
/// built only when the map or the dataset changes).
#[derive(Clone)]
pub struct Register(pub Arc<Option<(u16, CodeRegister)>>);

impl PartialEq for Register {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

pub fn register_memo(state: ViewerState) -> Memo<Register> {
    Memo::new(move |_| Register(Arc::new(code_register(state))))
}

/// Reads the published dataset again, so the public map shows a saved change at once.
pub fn reload_published(state: ViewerState) {
    spawn_local(async move {
        match crate::api::fetch_dataset_text().await.and_then(|text| crate::api::parse_dataset(&text)) {
            Ok(dataset) => state.history.set(Some(Arc::new(dataset))),
            Err(crate::api::LoadError(message)) => state.dataset_error.set(Some(message)),
        }
    });
}

/// Moves keyboard focus to the element with `id` once it is on the page.
pub fn focus_later(id: &'static str) {
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(element) = document().get_element_by_id(id) {
            let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&element).focus();
        }
    });
    let _ = window().set_timeout_with_callback(wasm_bindgen::JsCast::unchecked_ref(&focus));
}

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editing = expect_context::<EditingState>();
    let editor = EditorState::new(editing);
    provide_context(editor);
    // The picker only works while the editor is on screen.
    on_cleanup(move || editing.picking.set(false));
    let framed = state.embed || in_frame();
    if !framed {
        spawn_local(async move {
            match crate::api::editor::session().await {
                Ok(session) => editor.session.set(session),
                Err(error) => editor.outcome.set(Some(state::Outcome { ok: false, message: describe(&error, state.lang.get_untracked().editor()) })),
            }
            editor.resumed.set(true);
        });
    }
    let et = move || state.lang.get().editor();
    let tab_button = move |tab: Tab, label: fn(&EditorTexts) -> &'static str, name: &'static str| {
        view! {
            <button type="button" data-tab=name aria-pressed=move || (editor.tab.get() == tab).to_string()
                on:click=move |_| editor.tab.set(tab)>{move || label(et())}</button>
        }
    };
    view! {
        <section class="editor" aria-labelledby="editor-title">
            <h2 id="editor-title" tabindex="-1">{move || et().heading}</h2>
            // Always on the page, so that every save result is announced (role=status is polite).
            <p id="editor-outcome" class="editor-outcome" role="status" aria-atomic="true"
                data-ok=move || editor.outcome.with(|o| o.as_ref().map(|o| o.ok.to_string()))>
                {move || editor.outcome.with(|o| o.as_ref().map(|o| o.message.clone()))}
            </p>
            {move || {
                if framed {
                    return view! { <p class="editor-unavailable" role="status">{et().not_in_frame}</p> }.into_any();
                }
                match editing.api.get() {
                    Some(false) => return view! { <p class="editor-unavailable" role="status">{et().no_api}</p> }.into_any(),
                    None => return view! { <p role="status">{et().checking}</p> }.into_any(),
                    Some(true) => {}
                }
                if !editor.resumed.get() {
                    return view! { <p role="status">{et().checking}</p> }.into_any();
                }
                let Some(session) = editor.session.get() else {
                    return view! { <sign_in::SignIn/> }.into_any();
                };
                let beheerder = session.role == "beheerder";
                view! {
                    <sign_in::SessionBar/>
                    <div class="view-tabs editor-tabs" role="group" aria-label=move || et().sections_label>
                        {tab_button(Tab::Records, |t| t.tab_records, "records")}
                        {tab_button(Tab::Inbox, |t| t.tab_inbox, "inbox")}
                        {beheerder.then(|| tab_button(Tab::Accounts, |t| t.tab_accounts, "accounts"))}
                    </div>
                    {move || match editor.tab.get() {
                        Tab::Records => view! { <record_form::Records/> }.into_any(),
                        Tab::Inbox => view! { <inbox::Inbox/> }.into_any(),
                        Tab::Accounts => view! { <accounts::Accounts/> }.into_any(),
                    }}
                }.into_any()
            }}
        </section>
    }
}
