//! A record's history (`GET /api/verbanden/{id}/history`), newest first: who changed what,
//! when and why, each revision as a field-level diff (core's `record_diff`), and Restore,
//! which makes an earlier version current again as a new revision (nothing is lost).

use super::describe;
use super::state::{EditorState, Outcome};
use crate::api::editor::{self as api, Revision};
use crate::state::ViewerState;
use kaartviewer_core::record_diff::{FieldChange, record_diff};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// A field path of `record_diff` in words: `members[GM0344].end_date` → "Deelnemer Utrecht
/// (GM0344): Tot".
fn field_label(state: ViewerState, field: &str) -> String {
    let et = state.lang.get_untracked().editor();
    let Some(rest) = field.strip_prefix("members[") else { return et.field_label(field) };
    let (code, tail) = rest.split_once(']').unwrap_or((rest, ""));
    let who = format!("{} {} ({code})", et.member_word, state.name_of(code));
    match tail.strip_prefix('.') {
        Some(f) => format!("{who}: {}", et.field_label(f)),
        None => who,
    }
}

/// A value of a diff as text: text as it is, lists joined, a membership in one line
/// (`GM0344 (centrumgemeente), 2015 – 2026-12-01`), anything else as compact JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(member) if member.contains_key("code") => {
            let field = |k: &str| member.get(k).and_then(Value::as_str);
            let mut out = field("code").unwrap_or_default().to_string();
            if let Some(role) = field("role") {
                out += &format!(" ({role})");
            }
            match (field("start_date"), field("end_date")) {
                (Some(s), Some(e)) => out += &format!(", {s} – {e}"),
                (Some(s), None) => out += &format!(", {s} –"),
                (None, Some(e)) => out += &format!(", – {e}"),
                (None, None) => {}
            }
            if let Some(note) = field("note") {
                out += &format!(" ({note})");
            }
            out
        }
        other => other.to_string(),
    }
}

/// The changes as a table: field, before, after.
pub fn diff_table(state: ViewerState, changes: Vec<FieldChange>) -> impl IntoView {
    let et = state.lang.get_untracked().editor();
    if changes.is_empty() {
        return view! { <p class="no-differences">{et.no_differences}</p> }.into_any();
    }
    let rows = changes
        .into_iter()
        .map(|c| {
            let kind = match (&c.before, &c.after) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            view! {
                <tr data-change=kind data-field=c.field.clone()>
                    <th scope="row">{field_label(state, &c.field)}</th>
                    <td class="before">{c.before.as_ref().map(|b| view! { <del>{value_text(b)}</del> })}</td>
                    <td class="after">{c.after.as_ref().map(|a| view! { <ins>{value_text(a)}</ins> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="record-diff">
            <thead><tr><th scope="col">{et.diff_field}</th><th scope="col">{et.diff_before}</th><th scope="col">{et.diff_after}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn History(id: String) -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let et = move || state.lang.get().editor();
    let revisions = RwSignal::new(None::<Result<Vec<Revision>, String>>);
    let shown = RwSignal::new(false);
    let restore_reason = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let load = move || {
        spawn_local(async move {
            let result = api::history(&id.get_value()).await;
            if let Err(e) = &result {
                editor.forget_session_on_401(e);
            }
            // The form may have been closed meanwhile: then there is nothing to show.
            let _ = revisions.try_set(Some(result.map_err(|e| describe(&e, state.lang.get_untracked().editor()))));
        });
    };
    let restore = move |revision: serde_json::Value| {
        let reason = restore_reason.get_untracked().trim().to_string();
        if reason.is_empty() {
            editor.outcome.set(Some(Outcome { ok: false, message: et().reason_missing.to_string() }));
            super::focus_later("restore-reason");
            return;
        }
        let (Some(csrf), Some(etag)) = (editor.csrf(), editor.open.with_untracked(|o| o.as_ref().map(|o| o.etag.clone()))) else { return };
        editor.busy.set(true);
        spawn_local(async move {
            match api::restore(&csrf, &id.get_value(), &etag, &revision, &reason).await {
                Ok(tagged) => {
                    let name = tagged.verband.name.clone();
                    editor.open_record(tagged);
                    editor.outcome.set(Some(Outcome { ok: true, message: format!("{}: {name}", et().restored) }));
                    // The form (and this history) is rebuilt for the restored version.
                    super::reload_published(state);
                }
                Err(e) => {
                    editor.forget_session_on_401(&e);
                    let message = if e.status() == Some(412) { et().stale.to_string() } else { describe(&e, et()) };
                    editor.outcome.set(Some(Outcome { ok: false, message: format!("{} {message}", et().not_saved) }));
                }
            }
            editor.busy.set(false);
        });
    };
    let list = move || {
        let result = revisions.get()?;
        Some(match result {
            Err(message) => view! { <p class="field-problem" role="alert">{message}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p>{et().no_history}</p> }.into_any(),
            Ok(list) => view! {
                <div class="form-field">
                    <label for="restore-reason">{et().restore_reason}</label>
                    <input id="restore-reason" type="text" prop:value=move || restore_reason.get()
                        on:input=move |ev| restore_reason.set(event_target_value(&ev))/>
                </div>
                <ol class="revisions">
                    {list.into_iter().enumerate().map(|(i, r)| {
                        let changes = record_diff(r.before.as_ref(), &r.after);
                        let revision = r.id.clone();
                        let sources = (!r.sources.is_empty()).then(|| view! {
                            <ul class="revision-sources">{r.sources.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                        });
                        let correction = r.correction.as_ref().filter(|c| !c.is_null()).map(|c| format!("{} {}", et().from_correction, api::id_text(c)));
                        view! {
                            <li class="revision" data-revision=api::id_text(&r.id)>
                                <p class="revision-meta"><strong>{r.at.clone()}</strong>" · "{r.editor.clone()}</p>
                                <p class="revision-reason">{et().reason_word}": "{r.reason.clone()}</p>
                                {correction.map(|c| view! { <p>{c}</p> })}
                                {sources}
                                {diff_table(state, changes)}
                                // The newest revision is the current version: nothing to restore.
                                {(i > 0).then(|| view! {
                                    <button type="button" class="restore" disabled=move || editor.busy.get()
                                        on:click=move |_| restore(revision.clone())>{et().restore}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any(),
        })
    };
    view! {
        <section class="history" aria-labelledby="history-title">
            <h3 id="history-title">{move || et().history_heading}</h3>
            <button type="button" class="show-history" aria-expanded=move || shown.get().to_string()
                on:click=move |_| {
                    shown.update(|s| *s = !*s);
                    if shown.get_untracked() { load(); }
                }>{move || if shown.get() { et().hide_history } else { et().show_history }}</button>
            {move || shown.get().then(list)}
        </section>
    }
}
