//! Finding a verband (or starting a new one) and the form for every field of it, with the
//! validator's problems beside each field while typing, the reason for the change, and the
//! save with `If-Match` (a stale save shows what the other editor changed; nothing is
//! overwritten silently).

use super::history::{History, diff_table};
use super::member_picker::{MemberPicker, member_rows};
use super::state::{Conflict, EditorState, FieldProblem, OpenRecord, Outcome};
use super::{check, describe, focus_later, register_memo, reload_published};
use crate::api::editor::{self as api, Change, Tagged};
use crate::i18n::EditorTexts;
use crate::state::{EditingState, ViewerState};
use kaartviewer_core::dataset::Verband;
use kaartviewer_core::record_diff::{rebase, record_diff};
use kaartviewer_core::vocabulary::{LEGAL_FORMS, PHASES, THEMES};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How many search results are listed.
const MAX_RESULTS: usize = 20;

/// What every part of the form needs (all `Copy`).
#[derive(Clone, Copy)]
pub struct FormContext {
    pub state: ViewerState,
    pub editing: EditingState,
    pub editor: EditorState,
    /// The validator's problems with the draft (in the browser).
    pub problems: Memo<Vec<FieldProblem>>,
}

impl FormContext {
    pub fn et(&self) -> &'static EditorTexts {
        self.state.lang.get().editor()
    }

    /// The problems (browser and server) to show next to `field`, as a list with an id the
    /// field points to with `aria-describedby`.
    pub fn problems_view(&self, field: String, id: String) -> impl IntoView + use<> {
        let (problems, server) = (self.problems, self.editor.server_problems);
        // Always on the page, so that `aria-describedby` never points at nothing.
        let list = move || {
            let mut messages: Vec<String> = problems.with(|p| p.iter().filter(|p| p.is_about(&field)).map(|p| p.message.clone()).collect());
            server.with(|p| messages.extend(p.iter().filter(|p| p.is_about(&field)).map(|p| p.message.clone())));
            messages.dedup();
            (!messages.is_empty()).then(|| {
                view! { <ul class="field-problem">{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }
            })
        };
        view! { <div class="problems" id=id>{list}</div> }
    }

    pub fn has_problem(&self, field: &str) -> bool {
        self.problems.with(|p| p.iter().any(|p| p.is_about(field))) || self.editor.server_problems.with(|p| p.iter().any(|p| p.is_about(field)))
    }

    pub fn update(&self, f: impl FnOnce(&mut Verband)) {
        self.editing.draft.update(|d| {
            if let Some(d) = d {
                f(d);
            }
        });
    }

    pub fn get<T: Default>(&self, f: impl FnOnce(&Verband) -> T) -> T {
        self.editing.draft.with(|d| d.as_ref().map(f).unwrap_or_default())
    }
}

/// Empty text is no value.
pub fn optional(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

/// One line, one item; blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// A labelled single-line (or, with `multi_line`, multi-line) input bound to one field.
fn text_field(
    cx: FormContext,
    field: &'static str,
    label: fn(&EditorTexts) -> &'static str,
    get: fn(&Verband) -> String,
    set: fn(&mut Verband, String),
    multi_line: bool,
) -> impl IntoView {
    let id = format!("edit-{field}");
    let problem_id = format!("{id}-problem");
    let value = move || cx.get(get);
    let on_input = move |ev: leptos::ev::Event| cx.update(|d| set(d, event_target_value(&ev)));
    let invalid = move || cx.has_problem(field).to_string();
    let described = problem_id.clone();
    let input = if multi_line {
        view! { <textarea id=id.clone() data-field=field rows="3" prop:value=value on:input=on_input aria-invalid=invalid
            aria-describedby=described></textarea> }.into_any()
    } else {
        view! { <input id=id.clone() data-field=field type="text" prop:value=value on:input=on_input aria-invalid=invalid
            aria-describedby=described/> }.into_any()
    };
    view! {
        <div class="form-field">
            <label for=id>{move || label(cx.et())}</label>
            {input}
            {cx.problems_view(field.to_string(), problem_id)}
        </div>
    }
}

/// A list of text items, one a line. Its value is read once when the form opens (rewriting
/// it while typing would swallow the new, still empty line).
fn lines_field(cx: FormContext, field: &'static str, label: fn(&EditorTexts) -> &'static str, hint: fn(&EditorTexts) -> &'static str,
    get: fn(&Verband) -> Vec<String>, set: fn(&mut Verband, Vec<String>)) -> impl IntoView {
    let id = format!("edit-{field}");
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let initial = cx.editing.draft.with_untracked(|d| d.as_ref().map(|d| get(d).join("\n")).unwrap_or_default());
    view! {
        <div class="form-field">
            <label for=id.clone()>{move || label(cx.et())}</label>
            <textarea id=id data-field=field rows="3" aria-describedby=format!("{hint_id} {problem_id}")
                aria-invalid=move || cx.has_problem(field).to_string()
                on:input=move |ev| cx.update(|d| set(d, lines(&event_target_value(&ev))))>{initial}</textarea>
            <p class="hint" id=hint_id>{move || hint(cx.et())}</p>
            {cx.problems_view(field.to_string(), problem_id)}
        </div>
    }
}

/// A choice from a vocabulary (with "none" when the field is optional).
fn select_field(cx: FormContext, field: &'static str, label: fn(&EditorTexts) -> &'static str, vocabulary: &'static [kaartviewer_core::vocabulary::Term],
    get: fn(&Verband) -> String, set: fn(&mut Verband, String), optional: bool) -> impl IntoView {
    let id = format!("edit-{field}");
    let problem_id = format!("{id}-problem");
    let options = move || {
        let t = cx.state.texts();
        let current = cx.get(get);
        let none = (optional || current.is_empty()).then(|| view! { <option value="" selected=current.is_empty()>{cx.et().none_chosen}</option> });
        let terms = vocabulary
            .iter()
            .map(|term| view! { <option value=term.id selected=current == term.id>{t.term(vocabulary, term.id)}</option> })
            .collect_view();
        view! { {none}{terms} }
    };
    view! {
        <div class="form-field">
            <label for=id.clone()>{move || label(cx.et())}</label>
            <select id=id data-field=field aria-describedby=problem_id.clone() aria-invalid=move || cx.has_problem(field).to_string()
                prop:value=move || cx.get(get)
                on:change=move |ev| cx.update(|d| set(d, event_target_value(&ev)))>{options}</select>
            {cx.problems_view(field.to_string(), problem_id)}
        </div>
    }
}

/// The themes as checkboxes.
fn themes_field(cx: FormContext) -> impl IntoView {
    let boxes = THEMES
        .iter()
        .map(|term| {
            let id = format!("edit-theme-{}", term.id);
            let label_for = id.clone();
            let theme = term.id;
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=id data-theme=theme
                        prop:checked=move || cx.get(|d| d.themes.iter().any(|t| t == theme))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            cx.update(|d| {
                                d.themes.retain(|t| t != theme);
                                if on {
                                    d.themes.push(theme.to_string());
                                }
                            });
                        }/>
                    {move || cx.state.texts().term(THEMES, theme)}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="form-field themes-field" aria-describedby="edit-themes-problem">
            <legend>{move || cx.et().themes}</legend>
            {boxes}
            {cx.problems_view("themes".into(), "edit-themes-problem".into())}
        </fieldset>
    }
}

/// Search among all verbanden (ended ones too) by name, id or member code; or start a new one.
#[component]
pub fn Records() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editor = expect_context::<EditorState>();
    let et = move || state.lang.get().editor();
    let open = move |id: String| {
        editor.busy.set(true);
        spawn_local(async move {
            match api::verband(&id).await {
                Ok(tagged) => {
                    editor.open_record(tagged);
                    editor.outcome.set(None);
                    focus_later("edit-name");
                }
                Err(e) => {
                    editor.forget_session_on_401(&e);
                    editor.outcome.set(Some(Outcome { ok: false, message: describe(&e, et()) }));
                }
            }
            editor.busy.set(false);
        });
    };
    let results = move || {
        let query = editor.search.get().trim().to_lowercase();
        if query.is_empty() {
            return None;
        }
        let found: Vec<(String, String, bool)> = state.history.with(|d| {
            d.iter()
                .flat_map(|d| d.verbanden.iter())
                .filter(|v| v.name.to_lowercase().contains(&query) || v.id.contains(&query) || v.members.iter().any(|m| m.code.to_lowercase() == query))
                .take(MAX_RESULTS)
                .map(|v| (v.id.clone(), v.name.clone(), v.end_date.is_some()))
                .collect()
        });
        Some(view! {
            <ul class="record-results" aria-label=move || et().results_label>
                {(found.is_empty()).then(|| view! { <li>{et().nothing_found}</li> })}
                {found.into_iter().map(|(id, name, ended)| {
                    let label = if ended { format!("{name} ({})", et().ended_word) } else { name };
                    view! { <li><button type="button" class="open-record" data-verband=id.clone()
                        disabled=move || editor.busy.get() on:click=move |_| open(id.clone())>{label}</button></li> }
                }).collect_view()}
            </ul>
        })
    };
    let has_open = Memo::new(move |_| editor.open.with(Option::is_some));
    view! {
        {move || editor.correction.get().map(|c| super::inbox::correction_beside(state, editor, c))}
        {move || match has_open.get() {
            false => view! {
                <div class="record-finder">
                    <label for="record-search">{move || et().find_label}</label>
                    <input id="record-search" type="search" autocomplete="off"
                        prop:value=move || editor.search.get() on:input=move |ev| editor.search.set(event_target_value(&ev))/>
                    {results}
                    <button type="button" class="new-record" on:click=move |_| {
                        editor.open_new(state.today);
                        focus_later("edit-id");
                    }>{move || et().new_record}</button>
                </div>
            }.into_any(),
            true => view! { <RecordForm/> }.into_any(),
        }}
    }
}

#[component]
pub fn RecordForm() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editing = expect_context::<EditingState>();
    let editor = expect_context::<EditorState>();
    let register = register_memo(state);
    let is_new = move || editor.open.with(|o| o.as_ref().is_some_and(|o| o.stored.is_none()));
    let problems = Memo::new(move |_| {
        let new = is_new();
        let register = register.get();
        editing.draft.with(|d| d.as_ref().map(|d| check(state, &register.0, d, new)).unwrap_or_default())
    });
    let cx = FormContext { state, editing, editor, problems };
    let et = move || state.lang.get().editor();
    let read_only = move || editor.open.with(|o| o.as_ref().is_some_and(|o| o.read_only));
    let take_over = move |_| {
        editor.open.update(|o| {
            if let Some(o) = o {
                o.read_only = false;
            }
        });
        focus_later("edit-name");
    };
    let end_verband = move |_| {
        cx.update(|d| {
            if d.end_date.is_none() {
                d.end_date = Some(state.today.to_string());
            }
        });
        focus_later("edit-end_date");
    };
    // Rebuilt only when another record (or version) is opened, not while typing.
    let form = move || {
        let open: OpenRecord = editor.open.get()?;
        let origin = editing.draft.with_untracked(|d| d.as_ref().map(|d| d.origin));
        let id_field = if open.stored.is_none() {
            text_field(cx, "id", |t| t.field_id, |d| d.id.clone(), |d, v| d.id = v, false).into_any()
        } else {
            view! { <p class="record-id">{move || et().field_id}": "<code>{editing.draft.with_untracked(|d| d.as_ref().map(|d| d.id.clone()))}</code></p> }.into_any()
        };
        Some(view! {
            {(open.read_only).then(|| view! {
                <div class="read-only-notice" role="note">
                    <p>{move || et().read_only_notice}" ("{move || origin.map(|o| state.texts().origin_label(o))}")"</p>
                    <button type="button" class="take-over" on:click=take_over>{move || et().take_over}</button>
                </div>
            })}
            <fieldset class="record-fields" prop:disabled=read_only>
                <legend>{move || et().record_legend}</legend>
                {id_field}
                {text_field(cx, "name", |t| t.field_name, |d| d.name.clone(), |d, v| d.name = v, false)}
                {text_field(cx, "description", |t| t.field_description, |d| d.description.clone(), |d, v| d.description = v, true)}
                {themes_field(cx)}
                {select_field(cx, "legal_form", |t| t.field_legal_form, LEGAL_FORMS, |d| d.legal_form.clone(), |d, v| d.legal_form = v, false)}
                <fieldset class="form-field members-field" aria-describedby="edit-members-problem">
                    <legend>{move || et().field_members}</legend>
                    <MemberPicker/>
                    {member_rows(cx)}
                    {cx.problems_view("members".into(), "edit-members-problem".into())}
                </fieldset>
                {lines_field(cx, "other_partners", |t| t.field_other_partners, |t| t.one_per_line, |d| d.other_partners.clone(), |d, v| d.other_partners = v)}
                {text_field(cx, "website", |t| t.field_website, |d| d.website.clone().unwrap_or_default(), |d, v| d.website = optional(v), false)}
                {text_field(cx, "seat", |t| t.field_seat, |d| d.seat.clone().unwrap_or_default(), |d, v| d.seat = optional(v), false)}
                {text_field(cx, "start_date", |t| t.field_start_date, |d| d.start_date.clone().unwrap_or_default(), |d, v| d.start_date = optional(v), false)}
                {text_field(cx, "end_date", |t| t.field_end_date, |d| d.end_date.clone().unwrap_or_default(), |d, v| d.end_date = optional(v), false)}
                <button type="button" class="end-verband" on:click=end_verband
                    disabled=move || cx.get(|d| d.end_date.is_some())>{move || et().end_verband}</button>
                {select_field(cx, "phase", |t| t.field_phase, PHASES, |d| d.phase.clone().unwrap_or_default(), |d, v| d.phase = optional(v), true)}
                {lines_field(cx, "sources", |t| t.field_sources, |t| t.one_url_per_line, |d| d.sources.clone(), |d, v| d.sources = v)}
                {text_field(cx, "checked", |t| t.field_checked, |d| d.checked.clone(), |d, v| d.checked = v, false)}
                {text_field(cx, "roo_id", |t| t.field_roo_id, |d| d.roo_id.clone().unwrap_or_default(), |d, v| d.roo_id = optional(v), false)}
                {text_field(cx, "editor_note", |t| t.field_editor_note, |d| d.editor_note.clone().unwrap_or_default(), |d, v| d.editor_note = optional(v), true)}
            </fieldset>
            {move || (!read_only()).then(|| view! { <SaveSection cx=cx/> })}
            {open.stored.as_ref().map(|stored| view! { <History id=stored.id.clone()/> })}
        })
    };
    view! {
        <div class="record-form" data-verband=move || editing.draft.with(|d| d.as_ref().map(|d| d.id.clone()))>
            {form}
        </div>
    }
}

/// The record-wide problems (no field), the reason for the change, its sources, save and close.
#[component]
fn SaveSection(cx: FormContext) -> impl IntoView {
    let FormContext { state, editing, editor, problems } = cx;
    let et = move || state.lang.get().editor();
    let count = move || problems.with(Vec::len) + editor.server_problems.with(Vec::len);
    let save = move |_| {
        if editor.busy.get_untracked() {
            return;
        }
        let reason = editor.reason.get_untracked().trim().to_string();
        if reason.is_empty() {
            editor.outcome.set(Some(Outcome { ok: false, message: et().reason_missing.to_string() }));
            focus_later("edit-reason");
            return;
        }
        if problems.with_untracked(|p| !p.is_empty()) {
            editor.outcome.set(Some(Outcome { ok: false, message: et().fix_problems_first.to_string() }));
            focus_later("edit-problem-summary");
            return;
        }
        let (Some(draft), Some(open), Some(csrf)) = (editing.draft.get_untracked(), editor.open.get_untracked(), editor.csrf()) else { return };
        let sources = lines(&editor.change_sources.get_untracked());
        let correction = editor.correction.with_untracked(|c| c.as_ref().map(|c| c.id.clone()));
        // Cleared first, so the answer is announced even when it repeats the last one.
        editor.outcome.set(None);
        editor.busy.set(true);
        spawn_local(async move {
            let change = Change { verband: &draft, reason: &reason, sources: &sources, correction: correction.as_ref() };
            let result = match &open.stored {
                Some(stored) => api::save(&csrf, &stored.id, &open.etag, &change).await,
                None => api::create(&csrf, &change).await,
            };
            finish_save(state, editor, &draft.name, result, correction.is_some());
            editor.busy.set(false);
        });
    };
    view! {
        <div class="save-section">
            {move || (count() > 0).then(|| view! {
                <div id="edit-problem-summary" class="problem-summary" tabindex="-1">
                    <p>{format!("{} {}", count(), et().problems_word)}</p>
                    {move || {
                        // Every problem, named by its field, so none is missed below the fold.
                        let all: Vec<String> = problems.with(|p| p.iter().chain(editor.server_problems.get().iter()).map(|p| match &p.field {
                            Some(field) => format!("{}: {}", summary_label(state, editing, field), p.message),
                            None => p.message.clone(),
                        }).collect());
                        view! { <ul class="field-problem">{all.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }
                    }}
                </div>
            })}
            {move || editor.conflict.get().map(|c| conflict_view(cx, c))}
            <div class="form-field">
                <label for="edit-reason">{move || et().reason}</label>
                <textarea id="edit-reason" rows="2" required aria-required="true"
                    prop:value=move || editor.reason.get() on:input=move |ev| editor.reason.set(event_target_value(&ev))></textarea>
            </div>
            <div class="form-field">
                <label for="edit-change-sources">{move || et().change_sources}</label>
                <textarea id="edit-change-sources" rows="2" aria-describedby="edit-change-sources-hint"
                    prop:value=move || editor.change_sources.get() on:input=move |ev| editor.change_sources.set(event_target_value(&ev))></textarea>
                <p class="hint" id="edit-change-sources-hint">{move || et().one_url_per_line}</p>
            </div>
            <div class="form-actions">
                <button type="button" class="primary save-record" on:click=save disabled=move || editor.busy.get()>{move || et().save}</button>
                <button type="button" class="close-record" on:click=move |_| { editor.close(); focus_later("record-search"); }>{move || et().close_record}</button>
            </div>
        </div>
    }
}

/// A validator field path in words: `members[2].role` → "Deelnemers 3 (Utrecht): Rol".
fn summary_label(state: ViewerState, editing: EditingState, field: &str) -> String {
    let et = state.lang.get_untracked().editor();
    let Some(rest) = field.strip_prefix("members[") else {
        let name = field.split(['[', '.']).next().unwrap_or(field);
        return et.field_label(name);
    };
    let (index, tail) = rest.split_once(']').unwrap_or((rest, ""));
    let member = index.parse::<usize>().ok().and_then(|i| {
        editing.draft.with_untracked(|d| d.as_ref().and_then(|d| d.members.get(i).map(|m| m.code.clone())))
    });
    let who = member.map(|c| format!("{} {} ({c})", et.member_word, state.name_of(&c))).unwrap_or_else(|| et.field_members.to_string());
    match tail.strip_prefix('.') {
        Some(f) => format!("{who}: {}", et.field_label(f)),
        None => who,
    }
}

/// Handles the answer to a save: the new version, or why not (412, 422, 401, …).
fn finish_save(state: ViewerState, editor: EditorState, name: &str, result: Result<Tagged, api::ApiError>, answered_correction: bool) {
    let et = state.lang.get_untracked().editor();
    match result {
        Ok(tagged) => {
            editor.open_record(tagged);
            editor.reason.set(String::new());
            editor.change_sources.set(String::new());
            if answered_correction {
                editor.correction.set(None);
                editor.inbox_version.update(|v| *v += 1);
            }
            editor.outcome.set(Some(Outcome { ok: true, message: format!("{}: {name}", et.saved) }));
            reload_published(state);
        }
        Err(e) if e.status() == Some(412) => {
            let conflict = e.body().and_then(Conflict::from_body);
            let who = conflict.as_ref().map(|c| format!(" ({}, {})", c.editor, c.at)).unwrap_or_default();
            editor.conflict.set(conflict);
            editor.outcome.set(Some(Outcome { ok: false, message: format!("{}{who}", et.stale) }));
            focus_later("edit-conflict");
        }
        Err(e) if e.status() == Some(422) => {
            let problems = e
                .body()
                .and_then(|b| b.get("problems"))
                .and_then(|p| p.as_array())
                .map(|list| {
                    list.iter()
                        .map(|p| FieldProblem {
                            field: p.get("field").and_then(|f| f.as_str()).map(str::to_string),
                            message: p.get("message").and_then(|m| m.as_str()).unwrap_or_default().to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            editor.server_problems.set(problems);
            editor.outcome.set(Some(Outcome { ok: false, message: format!("{} {}", et.not_saved, describe(&e, et)) }));
            focus_later("edit-problem-summary");
        }
        Err(e) => {
            editor.forget_session_on_401(&e);
            let message = match e.status() {
                Some(401) => et.session_expired.to_string(),
                Some(409) => et.id_taken.to_string(),
                _ => describe(&e, et),
            };
            editor.outcome.set(Some(Outcome { ok: false, message: format!("{} {message}", et.not_saved) }));
        }
    }
}

/// A refused stale save: who saved first, what they changed, and the two ways on.
fn conflict_view(cx: FormContext, conflict: Conflict) -> impl IntoView {
    let FormContext { state, editing, editor, .. } = cx;
    let et = cx.et();
    let base = editor.open.with_untracked(|o| o.as_ref().and_then(|o| o.stored.clone()));
    let theirs = record_diff(base.as_ref(), &conflict.current);
    let mine = editing.draft.with_untracked(|d| d.as_ref().map(|d| record_diff(base.as_ref(), d))).unwrap_or_default();
    let (current, etag) = (conflict.current.clone(), conflict.etag.clone());
    let take_theirs = move |_| {
        editor.open_record(Tagged { verband: current.clone(), etag: etag.clone() });
        editor.outcome.set(Some(Outcome { ok: true, message: et.took_theirs.to_string() }));
    };
    let (current, etag) = (conflict.current.clone(), conflict.etag.clone());
    let base = StoredValue::new(base);
    let keep_mine = move |_| {
        // My changes applied to their version: the next save keeps both (the form shows the
        // result first), and the history has every step.
        let merged = editing.draft.with_untracked(|d| d.as_ref().map(|d| base.with_value(|b| rebase(b.as_ref(), d, &current))));
        editing.draft.set(merged);
        editor.open.update(|o| {
            if let Some(o) = o {
                o.stored = Some(current.clone());
                o.etag = etag.clone();
            }
        });
        editor.conflict.set(None);
        editor.outcome.set(Some(Outcome { ok: true, message: et.kept_mine.to_string() }));
        focus_later("edit-reason");
    };
    view! {
        <div id="edit-conflict" class="conflict" role="alert" tabindex="-1">
            <p><strong>{et.stale}</strong></p>
            <p>{format!("{} {} ({}): {}", et.changed_by, conflict.editor, conflict.at, conflict.reason)}</p>
            <h4>{et.their_changes}</h4>
            <div class="their-changes">{diff_table(state, theirs)}</div>
            <h4>{et.mine_differs}</h4>
            <div class="my-changes">{diff_table(state, mine)}</div>
            <div class="form-actions">
                <button type="button" class="take-theirs" on:click=take_theirs>{et.take_theirs}</button>
                <button type="button" class="keep-mine" on:click=keep_mine>{et.keep_mine}</button>
            </div>
        </div>
    }
}
