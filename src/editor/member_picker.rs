//! Choosing a verband's members: by clicking regions on the map (while the picker is on, a
//! click adds or removes the region instead of selecting it; see `EditingState`), or by
//! searching by name or code; then each member's role and dates, "end this membership", and
//! removing a member added by mistake.

use super::record_form::{FormContext, optional};
use crate::state::{EditingState, ViewerState};
use kaartviewer_core::dataset::Member;
use kaartviewer_core::region::RegionKind;
use leptos::prelude::*;

/// How many search results are listed.
const MAX_RESULTS: usize = 12;

/// Every region that can be a member: the loaded map layers and the water board register.
fn candidates(state: ViewerState) -> Vec<(String, String, RegionKind)> {
    let mut out: Vec<(String, String, RegionKind)> = Vec::new();
    state.data.with_untracked(|d| {
        for layer in d.iter().flat_map(|d| d.layers.values()) {
            for region in &layer.regions {
                if !out.iter().any(|(c, _, _)| *c == region.feature.code) {
                    out.push((region.feature.code.clone(), region.feature.name.clone(), layer.kind));
                }
            }
        }
    });
    state.history.with_untracked(|d| {
        for board in d.iter().flat_map(|d| d.waterschappen.iter()) {
            if !out.iter().any(|(c, _, _)| *c == board.code) {
                out.push((board.code.clone(), board.name.clone(), RegionKind::Waterschap));
            }
        }
    });
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[component]
pub fn MemberPicker() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editing = expect_context::<EditingState>();
    let et = move || state.lang.get().editor();
    let query = RwSignal::new(String::new());
    let all = StoredValue::new(None::<Vec<(String, String, RegionKind)>>);
    let results = move || {
        let q = query.get().trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        if all.with_value(Option::is_none) {
            all.set_value(Some(candidates(state)));
        }
        let found: Vec<(String, String, RegionKind)> = all.with_value(|all| {
            all.iter().flatten().filter(|(code, name, _)| name.to_lowercase().contains(&q) || code.to_lowercase() == q).take(MAX_RESULTS).cloned().collect()
        });
        let t = state.texts();
        Some(view! {
            <ul class="member-results" aria-label=et().results_label>
                {found.is_empty().then(|| view! { <li>{et().nothing_found}</li> })}
                {found.into_iter().map(|(code, name, kind)| {
                    let is_member = { let code = code.clone(); move || editing.draft.with(|d| d.as_ref().is_some_and(|d| d.members.iter().any(|m| m.code == code))) };
                    let label = format!("{name} ({}, {code})", t.kind(kind));
                    view! {
                        <li>
                            <button type="button" class="add-member" data-code=code.clone()
                                aria-pressed=move || is_member().to_string()
                                on:click=move |_| editing.toggle_member(&code)>{label}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    };
    view! {
        <div class="member-picker">
            <button type="button" class="pick-on-map" aria-pressed=move || editing.picking.get().to_string()
                aria-describedby="pick-on-map-hint"
                on:click=move |_| editing.picking.update(|p| *p = !*p)>
                {move || if editing.picking.get() { et().stop_picking } else { et().pick_on_map }}
            </button>
            <p class="hint" id="pick-on-map-hint">{move || if editing.picking.get() { et().picking_hint } else { et().pick_hint }}</p>
            <label for="member-search">{move || et().member_search}</label>
            <input id="member-search" type="search" autocomplete="off"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            {results}
        </div>
    }
}

/// The members, each with role, dates and note; keyed by code, so typing in one row never
/// rebuilds another.
pub fn member_rows(cx: FormContext) -> impl IntoView {
    let codes = move || cx.get(|d| d.members.iter().map(|m| m.code.clone()).collect::<Vec<_>>());
    view! {
        <ol class="member-rows">
            <For each=codes key=|code| code.clone() children=move |code| member_row(cx, code)/>
        </ol>
    }
}

fn member_row(cx: FormContext, code: String) -> impl IntoView {
    let FormContext { state, .. } = cx;
    let et = move || cx.et();
    let index = { let code = code.clone(); move || cx.get(|d| d.members.iter().position(|m| m.code == code)) };
    let field = move || index().map(|i| format!("members[{i}]")).unwrap_or_default();
    let key = StoredValue::new(code.clone());
    let get = move |f: fn(&Member) -> Option<String>| cx.get(|d| key.with_value(|code| d.members.iter().find(|m| &m.code == code).and_then(f).unwrap_or_default()));
    let set = move |f: fn(&mut Member, Option<String>), value: String| cx.update(|d| {
        key.with_value(|code| if let Some(m) = d.members.iter_mut().find(|m| &m.code == code) { f(m, optional(value)); });
    });
    let row_id = code_id(&code);
    let input = move |name: &'static str, label: fn(&crate::i18n::EditorTexts) -> &'static str, read: fn(&Member) -> Option<String>, write: fn(&mut Member, Option<String>)| {
        let id = format!("member-{row_id}-{name}");
        view! {
            <span class="member-input">
                <label for=id.clone()>{move || label(et())}</label>
                <input id=id type="text" data-member-field=name prop:value=move || get(read) on:input=move |ev| set(write, event_target_value(&ev))/>
            </span>
        }
    };
    let name = state.name_of(&code);
    let problem_id = format!("member-{}-problem", code_id(&code));
    let described_by = problem_id.clone();
    let problems = move || {
        let field = field();
        let mut messages: Vec<String> = cx.problems.with(|p| p.iter().filter(|p| p.is_about(&field)).map(|p| p.message.clone()).collect());
        cx.editor.server_problems.with(|p| messages.extend(p.iter().filter(|p| p.is_about(&field)).map(|p| p.message.clone())));
        (!messages.is_empty()).then(|| view! { <ul class="field-problem">{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> })
    };
    let ended = move || !get(|m| m.end_date.clone()).is_empty();
    let end_membership = { let code = code.clone(); move |_| cx.update(|d| {
        if let Some(m) = d.members.iter_mut().find(|m| m.code == code) && m.end_date.is_none() {
            m.end_date = Some(state.today.to_string());
        }
    }) };
    let remove = { let code = code.clone(); move |_| cx.update(|d| d.members.retain(|m| m.code != code)) };
    view! {
        <li class="member-row" data-code=code.clone() aria-describedby=described_by>
            <span class="member-name">{format!("{name} ({code})")}</span>
            {input("role", |t| t.member_role, |m| m.role.clone(), |m, v| m.role = v)}
            {input("start_date", |t| t.member_start, |m| m.start_date.clone(), |m, v| m.start_date = v)}
            {input("end_date", |t| t.member_end, |m| m.end_date.clone(), |m, v| m.end_date = v)}
            {input("note", |t| t.member_note, |m| m.note.clone(), |m, v| m.note = v)}
            <span class="member-actions">
                <button type="button" class="end-membership" disabled=ended
                    aria-label=format!("{} {name}", cx.et().end_membership) on:click=end_membership>{move || et().end_membership}</button>
                <button type="button" class="remove-member"
                    aria-label=format!("{} {name}", cx.et().remove_member) on:click=remove>{move || et().remove_member}</button>
            </span>
            <div id=problem_id>{problems}</div>
        </li>
    }
}

/// The member's code for an element id (codes are letters and digits; anything else dropped).
fn code_id(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).collect()
}
