//! Correction requests from visitors (meldingen): the open ones (or all), each opened beside
//! the record it is about and accepted by saving the record with the request as the reason
//! (the save carries its id, so the server marks it accepted in the same transaction), or
//! declined with a reason.

use super::describe;
use super::state::{EditorState, Outcome, Tab};
use crate::api::editor::{self as api, Correction};
use crate::state::ViewerState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a request is about, in words.
fn subject(state: ViewerState, c: &Correction) -> String {
    let et = state.lang.get_untracked().editor();
    if c.subject_kind == "verband" {
        let name = state.history.with_untracked(|d| d.as_ref().and_then(|d| d.verbanden.iter().find(|v| v.id == c.subject_id).map(|v| v.name.clone())));
        format!("{} {}", et.subject_verband, name.unwrap_or_else(|| c.subject_id.clone()))
    } else {
        format!("{} {} ({})", et.subject_region, state.name_of(&c.subject_id), c.subject_id)
    }
}

/// Only `http(s)` addresses become links.
fn source_link(source: &str) -> AnyView {
    if source.starts_with("https://") || source.starts_with("http://") {
        view! { <a href=source.to_string() rel="noopener noreferrer" target="_blank">{source.to_string()}</a> }.into_any()
    } else {
        view! { <span>{source.to_string()}</span> }.into_any()
    }
}

/// The request being accepted, shown above the record form.
pub fn correction_beside(state: ViewerState, editor: EditorState, c: Correction) -> impl IntoView {
    let et = state.lang.get_untracked().editor();
    view! {
        <section class="correction-beside" aria-labelledby="correction-beside-title" data-correction=c.id_text()>
            <h3 id="correction-beside-title">{format!("{} {}", et.correction_word, c.id_text())}": "{subject(state, &c)}</h3>
            <p class="correction-message">{c.message.clone()}</p>
            {c.source.as_deref().map(|s| view! { <p>{et.source_word}": "{source_link(s)}</p> })}
            <p class="hint">{et.accept_hint}</p>
            <button type="button" class="stop-correction" on:click=move |_| editor.correction.set(None)>{et.stop_correction}</button>
        </section>
    }
}

#[component]
pub fn Inbox() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let et = move || state.lang.get().editor();
    let all = RwSignal::new(false);
    let list = RwSignal::new(None::<Result<Vec<Correction>, String>>);
    Effect::new(move |_| {
        let all = all.get();
        editor.inbox_version.track();
        spawn_local(async move {
            let result = api::corrections(all).await;
            if let Err(e) = &result {
                editor.forget_session_on_401(e);
            }
            let _ = list.try_set(Some(result.map_err(|e| describe(&e, state.lang.get_untracked().editor()))));
        });
    });
    let accept = move |c: Correction| {
        let reason = format!("{} {}: {}", et().correction_word, c.id_text(), c.message.chars().take(200).collect::<String>());
        editor.reason.set(reason);
        editor.change_sources.set(c.source.clone().unwrap_or_default());
        editor.tab.set(Tab::Records);
        if c.subject_kind == "verband" {
            let id = c.subject_id.clone();
            editor.correction.set(Some(c));
            spawn_local(async move {
                match api::verband(&id).await {
                    Ok(tagged) => {
                        editor.open_record(tagged);
                        super::focus_later("correction-beside-title");
                    }
                    Err(e) => editor.outcome.set(Some(Outcome { ok: false, message: describe(&e, state.lang.get_untracked().editor()) })),
                }
            });
        } else {
            // A request about a region: the editor picks the verband it concerns.
            editor.close();
            editor.reason.set(format!("{} {}: {}", et().correction_word, c.id_text(), c.message.chars().take(200).collect::<String>()));
            editor.change_sources.set(c.source.clone().unwrap_or_default());
            editor.search.set(c.subject_id.clone());
            editor.correction.set(Some(c));
            super::focus_later("record-search");
        }
    };
    let decline = move |id: String, reason: String| {
        if reason.trim().is_empty() {
            editor.outcome.set(Some(Outcome { ok: false, message: et().decline_reason_missing.to_string() }));
            return;
        }
        let Some(csrf) = editor.csrf() else { return };
        editor.busy.set(true);
        spawn_local(async move {
            match api::decline(&csrf, &id, reason.trim()).await {
                Ok(_) => {
                    editor.outcome.set(Some(Outcome { ok: true, message: format!("{} {id} {}", et().correction_word, et().declined_word) }));
                    editor.inbox_version.update(|v| *v += 1);
                }
                Err(e) => {
                    editor.forget_session_on_401(&e);
                    editor.outcome.set(Some(Outcome { ok: false, message: describe(&e, et()) }));
                }
            }
            editor.busy.set(false);
        });
    };
    let items = move || {
        let result = list.get()?;
        Some(match result {
            Err(message) => view! { <p class="field-problem" role="alert">{message}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="inbox-empty">{et().inbox_empty}</p> }.into_any(),
            Ok(list) => view! {
                <ul class="inbox">
                    {list.into_iter().map(|c| {
                        let id = c.id_text();
                        let reason_id = format!("decline-reason-{}", id.chars().filter(char::is_ascii_alphanumeric).collect::<String>());
                        let reason = RwSignal::new(String::new());
                        let open = c.status == "open";
                        let status = match c.status.as_str() {
                            "accepted" => et().accepted_word,
                            "declined" => et().declined_word,
                            _ => et().open_word,
                        };
                        let handled = c.handled_by.as_ref().map(|by| format!("{by}, {}{}", c.handled_at.clone().unwrap_or_default(),
                            c.decision.as_ref().map(|d| format!(": {d}")).unwrap_or_default()));
                        let for_accept = c.clone();
                        let decline_id = id.clone();
                        view! {
                            <li class="correction" data-correction=id.clone() data-status=c.status.clone()>
                                <h3>{format!("{} {id}", et().correction_word)}": "{subject(state, &c)}</h3>
                                <p class="correction-message">{c.message.clone()}</p>
                                <dl>
                                    {c.source.as_deref().map(|s| view! { <dt>{et().source_word}</dt><dd>{source_link(s)}</dd> })}
                                    {c.email.clone().map(|e| view! { <dt>{et().email_word}</dt><dd>{e}</dd> })}
                                    <dt>{et().received_word}</dt><dd>{c.created_at.clone()}</dd>
                                    <dt>{et().status_word}</dt><dd class="correction-status">{status}</dd>
                                    {handled.map(|h| view! { <dt>{et().handled_word}</dt><dd>{h}</dd> })}
                                </dl>
                                {open.then(|| view! {
                                    <div class="form-actions">
                                        <button type="button" class="accept-correction" on:click=move |_| accept(for_accept.clone())>{et().open_beside}</button>
                                    </div>
                                    <div class="form-field">
                                        <label for=reason_id.clone()>{et().decline_reason}</label>
                                        <input id=reason_id type="text" class="decline-reason"
                                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                                    </div>
                                    <button type="button" class="decline-correction" disabled=move || editor.busy.get()
                                        on:click=move |_| decline(decline_id.clone(), reason.get_untracked())>{et().decline}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        })
    };
    view! {
        <section class="inbox-section" aria-labelledby="inbox-title">
            <h3 id="inbox-title">{move || et().inbox_heading}</h3>
            <label class="check" for="inbox-all">
                <input type="checkbox" id="inbox-all" prop:checked=move || all.get() on:change=move |ev| all.set(event_target_checked(&ev))/>
                {move || et().show_handled}
            </label>
            {items}
        </section>
    }
}
