//! Signing in (`POST /api/login`) and out. The CSRF token from the answer is kept in memory
//! only (the editor state), never in storage a script elsewhere could read.

use super::describe;
use super::state::{EditorState, Outcome};
use crate::state::ViewerState;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SignIn() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let et = move || state.lang.get().editor();
    // No native submission (the CSP has form-action 'none'): the app sends the request itself.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if editor.busy.get_untracked() {
            return;
        }
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        if user.trim().is_empty() || pass.is_empty() {
            error.set(Some(et().credentials_missing.to_string()));
            super::focus_later("sign-in-error");
            return;
        }
        editor.busy.set(true);
        spawn_local(async move {
            match crate::api::editor::login(user.trim(), &pass).await {
                Ok(session) => {
                    error.set(None);
                    let message = format!("{} {}", et().signed_in_as, session.username);
                    editor.session.set(Some(session));
                    editor.outcome.set(Some(Outcome { ok: true, message }));
                    super::focus_later("editor-title");
                }
                Err(e) => {
                    let message = if e.status() == Some(401) { et().wrong_credentials.to_string() } else { describe(&e, et()) };
                    error.set(Some(message));
                    super::focus_later("sign-in-error");
                }
            }
            editor.busy.set(false);
        });
    };
    view! {
        <form class="sign-in" on:submit=submit novalidate>
            <p>{move || et().sign_in_intro}</p>
            <label for="sign-in-username">{move || et().username}</label>
            <input id="sign-in-username" name="username" type="text" autocomplete="username" required
                prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
            <label for="sign-in-password">{move || et().password}</label>
            <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            <p id="sign-in-error" class="field-problem" role="alert" tabindex="-1">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || editor.busy.get()>{move || et().sign_in}</button>
        </form>
    }
}

/// Who is signed in, and the sign-out button.
#[component]
pub fn SessionBar() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let et = move || state.lang.get().editor();
    let sign_out = move |_| {
        let Some(csrf) = editor.csrf() else { return };
        spawn_local(async move {
            // Forgotten here whatever the server answers: a failed sign-out must not keep the
            // editor looking signed in.
            let result = crate::api::editor::logout(&csrf).await;
            editor.close();
            editor.correction.set(None);
            editor.session.set(None);
            let message = match result {
                Ok(()) => et().signed_out.to_string(),
                Err(e) => format!("{} ({})", et().signed_out, describe(&e, et())),
            };
            editor.outcome.set(Some(Outcome { ok: true, message }));
        });
    };
    view! {
        <p class="session-bar">
            <span class="signed-in-as">
                {move || editor.session.with(|s| s.as_ref().map(|s| format!("{} {} ({})", et().signed_in_as, s.username, s.role)))}
            </span>" "
            <button type="button" class="sign-out" on:click=sign_out>{move || et().sign_out}</button>
        </p>
    }
}
