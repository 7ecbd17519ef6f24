//! Accounts (beheerder only): who may edit, with which role; add and remove.

use super::describe;
use super::state::{EditorState, Outcome};
use crate::api::editor::{self as api, Account};
use crate::state::ViewerState;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Accounts() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let et = move || state.lang.get().editor();
    let list = RwSignal::new(None::<Result<Vec<Account>, String>>);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        version.track();
        spawn_local(async move {
            let result = api::accounts().await;
            let _ = list.try_set(Some(result.map_err(|e| describe(&e, state.lang.get_untracked().editor()))));
        });
    });
    let (username, password, role) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("redacteur".to_string()));
    let report = move |result: Result<(), api::ApiError>, done: String| {
        match result {
            Ok(()) => {
                editor.outcome.set(Some(Outcome { ok: true, message: done }));
                let _ = version.try_update(|v| *v += 1);
            }
            Err(e) => {
                editor.forget_session_on_401(&e);
                editor.outcome.set(Some(Outcome { ok: false, message: describe(&e, et()) }));
            }
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, pass, role) = (username.get_untracked().trim().to_string(), password.get_untracked(), role.get_untracked());
        let Some(csrf) = editor.csrf() else { return };
        if user.is_empty() || pass.is_empty() {
            editor.outcome.set(Some(Outcome { ok: false, message: et().credentials_missing.to_string() }));
            return;
        }
        spawn_local(async move {
            let result = api::create_account(&csrf, &user, &pass, &role).await;
            if result.is_ok() {
                let _ = username.try_set(String::new());
                let _ = password.try_set(String::new());
            }
            report(result, format!("{}: {user}", et().account_added));
        });
    };
    let remove = move |user: String| {
        let Some(csrf) = editor.csrf() else { return };
        spawn_local(async move {
            let result = api::delete_account(&csrf, &user).await;
            report(result, format!("{}: {user}", et().account_removed));
        });
    };
    let me = move || editor.session.with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default());
    let rows = move || {
        Some(match list.get()? {
            Err(message) => view! { <p class="field-problem" role="alert">{message}</p> }.into_any(),
            Ok(accounts) => view! {
                <table class="accounts">
                    <thead><tr><th scope="col">{et().username}</th><th scope="col">{et().role}</th><th scope="col">{et().created_word}</th><th scope="col"><span class="visually-hidden">{et().remove_account}</span></th></tr></thead>
                    <tbody>
                        {accounts.into_iter().map(|a| {
                            let user = a.username.clone();
                            let mine = a.username == me();
                            view! {
                                <tr data-username=a.username.clone()>
                                    <td>{a.username.clone()}</td><td>{a.role.clone()}</td><td>{a.created_at.clone().unwrap_or_default()}</td>
                                    <td>{(!mine).then(|| view! {
                                        <button type="button" class="remove-account" aria-label=format!("{} {}", et().remove_account, a.username)
                                            on:click=move |_| remove(user.clone())>{et().remove_account}</button>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        })
    };
    view! {
        <section class="accounts-section" aria-labelledby="accounts-title">
            <h3 id="accounts-title">{move || et().accounts_heading}</h3>
            {rows}
            <form class="add-account" on:submit=add novalidate>
                <h4>{move || et().add_account}</h4>
                <label for="account-username">{move || et().username}</label>
                <input id="account-username" type="text" autocomplete="off" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="account-password">{move || et().password}</label>
                <input id="account-password" type="password" autocomplete="new-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <label for="account-role">{move || et().role}</label>
                <select id="account-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="redacteur">"redacteur"</option>
                    <option value="beheerder">"beheerder"</option>
                </select>
                <button type="submit">{move || et().add_account}</button>
            </form>
        </section>
    }
}
