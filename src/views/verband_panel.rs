//! A verband's details, and the list of verbanden that pass the filters.

use crate::state::ViewerState;
use crate::views::correction_request::CorrectionRequest;
use kaartviewer_core::dataset::{Member, Verband, first_day};
use kaartviewer_core::url_state::View;
use kaartviewer_core::vocabulary::{LEGAL_FORMS, PHASES, THEMES};
use kaartviewer_core::markup::escape;
use leptos::prelude::*;
use std::fmt::Write;

/// How many list entries are added at a time.
const LIST_PAGE: usize = 100;

/// "200 of 5,000 shown [Show more]" under a long list or table; `shown` is its limit.
pub fn show_more(state: ViewerState, shown: RwSignal<usize>, total: usize, page: usize) -> Option<impl IntoView + use<>> {
    let limit = shown.get();
    (total > limit).then(|| {
        let t = state.texts();
        let next = (total - limit).min(page);
        view! {
            <p class="list-more">
                {format!("{limit} {} {total} {}", t.of_word, t.shown_word)}
                <button type="button" class="show-more" on:click=move |_| shown.update(|n| *n += page)>
                    {format!("{} ({next})", t.show_more)}
                </button>
            </p>
        }
    })
}

/// A button that selects a verband; `data-verband` carries its id for tests and host pages.
pub fn verband_link(state: ViewerState, verband: &Verband) -> impl IntoView + use<> {
    let id = verband.id.clone();
    let key = Some(id.clone());
    view! {
        <button type="button" class="verband-link" data-verband=id.clone()
            aria-current=move || state.verband_selector.with_value(|s| s.selected(&key)).then_some("true")
            on:click=move |_| state.verband.set(Some(id.clone()))>
            {verband.name.clone()}
        </button>
    }
}

/// The markup of a [`verband_link`], for a list rebuilt on every selection (a region's panel:
/// 30–60 verbanden) and written as one `innerHTML`: a hundred elements created one by one
/// from wasm, each with a listener and an effect, cost a few milliseconds of the click's
/// answer. The list's container answers the clicks ([`open_clicked_verband`]); no verband
/// is open while a region's panel shows, so there is no `aria-current` to keep.
pub fn push_verband_button(html: &mut String, verband: &Verband) {
    let _ = write!(
        html,
        r#"<button type="button" class="verband-link" data-verband="{}">{}</button>"#,
        escape(&verband.id),
        escape(&verband.name)
    );
}

/// A click handler for a list of [`push_verband_button`]s: opens the verband clicked.
pub fn open_clicked_verband(state: ViewerState) -> impl Fn(web_sys::MouseEvent) + Copy + 'static {
    use wasm_bindgen::JsCast;
    move |ev: web_sys::MouseEvent| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-verband]").ok().flatten())
            .and_then(|e| e.get_attribute("data-verband"));
        if let Some(id) = id {
            state.verband.set(Some(id));
        }
    }
}

/// Only `http(s)` addresses become links; anything else is shown as text.
fn web_link(url: &str) -> AnyView {
    if url.starts_with("https://") || url.starts_with("http://") {
        view! { <a href=url.to_string() rel="noopener noreferrer" target="_blank">{url.to_string()}</a> }.into_any()
    } else {
        view! { <span>{url.to_string()}</span> }.into_any()
    }
}

#[component]
pub fn VerbandPanel() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    // The whole record, so that a verband that ended still opens (shown as ended).
    let verband = move || {
        let id = state.verband.get()?;
        state.history.with(|d| d.as_ref()?.verbanden.iter().find(|v| v.id == id).cloned())
    };
    move || {
        verband().map(|v| {
            let t = state.texts();
            let themes = v.themes.iter().map(|id| t.term(THEMES, id)).collect::<Vec<_>>().join(", ");
            // Everything relative to the peildatum: on 1 January 2018 a verband that ended in
            // 2020 is current, and a member that joined in 2019 joined later.
            let day = state.day();
            let not_yet = v.start_date.as_deref().is_some_and(|s| first_day(s) > day);
            let ended = !not_yet && !v.is_current_on(&day);
            let joined_later = |m: &&Member| m.start_date.as_deref().is_some_and(|s| first_day(s) > day);
            let (later, rest): (Vec<&Member>, Vec<&Member>) =
                v.members.iter().partition(|m| !not_yet && !ended && joined_later(m));
            let (current, former): (Vec<_>, Vec<_>) = rest.into_iter().partition(|m| not_yet || ended || m.is_member_on(&day));
            let member_items = |members: Vec<&Member>| {
                members
                .into_iter()
                .map(|m| {
                    let mut text = state.name_of(&m.code);
                    if let Some(role) = &m.role {
                        text += &format!(" ({role})");
                    }
                    if let Some(start) = &m.start_date {
                        text += &format!(", {} {start}", t.since.to_lowercase());
                    }
                    if let Some(end) = &m.end_date {
                        text += &format!(", {} {end}", t.until);
                    }
                    if let Some(note) = &m.note {
                        text += &format!(" ({note})");
                    }
                    view! { <li data-code=m.code.clone()>{text}</li> }
                })
                .collect_view()
            };
            let member_count = current.len();
            let members = member_items(current);
            let former = (!former.is_empty()).then(|| {
                let count = former.len();
                let items = member_items(former);
                view! { <dt>{t.former_members}" ("{count}")"</dt><dd><ul class="members former-members">{items}</ul></dd> }
            });
            let later = (!later.is_empty()).then(|| {
                let count = later.len();
                let items = member_items(later);
                view! { <dt>{t.later_members}" ("{count}")"</dt><dd><ul class="members later-members">{items}</ul></dd> }
            });
            let timeline = crate::views::verband_timeline::timeline_view(state, &v);
            let optional = |label: &'static str, value: Option<String>| {
                value.map(|value| view! { <dt>{label}</dt><dd>{value}</dd> })
            };
            view! {
                <section class="verband-panel" aria-labelledby="verband-panel-title" data-verband=v.id.clone()
                    data-origin=v.origin.id() data-ended=ended.to_string() data-day=day.clone()>
                    <header>
                        <p class="kind">{themes}</p>
                        <h2 id="verband-panel-title">{v.name.clone()}</h2>
                        <button type="button" class="close" aria-label=t.close title=t.close
                            on:click=move |_| state.verband.set(None)>"×"</button>
                    </header>
                    {ended.then(|| view! {
                        <p class="ended-notice" role="status">
                            <strong>{format!("{} {}", t.ended_on, v.end_date.clone().unwrap_or_default())}</strong>" "
                            {if state.in_the_past() { t.not_on_map_on_day } else { t.ended_notice }}
                        </p>
                    })}
                    {not_yet.then(|| view! {
                        <p class="ended-notice not-yet" role="status">
                            <strong>{format!("{} {day}", t.not_yet_started)}</strong>
                        </p>
                    })}
                    <dl>
                        <dt>{t.purpose}</dt><dd class="purpose">{v.description.clone()}</dd>
                        <dt>{t.legal_form}</dt><dd class="legal-form">{t.term(LEGAL_FORMS, &v.legal_form)}</dd>
                        <dt>{t.members}" ("{member_count}")"</dt><dd><ul class="members">{members}</ul></dd>
                        {former}
                        {later}
                        {(!v.other_partners.is_empty()).then(|| view! {
                            <dt>{t.other_partners}</dt><dd>{v.other_partners.join(", ")}</dd>
                        })}
                        {v.website.as_deref().map(|w| view! { <dt>{t.website}</dt><dd>{web_link(w)}</dd> })}
                        {optional(t.seat, v.seat.clone())}
                        {optional(t.since, v.start_date.clone())}
                        {optional(t.ended_on, v.end_date.clone())}
                        {optional(t.phase, v.phase.as_deref().map(|p| t.term(PHASES, p)))}
                        <dt>{t.origin}</dt><dd class="origin">{t.origin_label(v.origin)}</dd>
                        <dt>{t.sources}</dt>
                        <dd><ul class="sources">{v.sources.iter().map(|s| view! { <li>{web_link(s)}</li> }).collect_view()}</ul></dd>
                        <dt>{t.checked}</dt><dd>{v.checked.clone()}</dd>
                    </dl>
                    {timeline}
                    <CorrectionRequest kind="verband" id=v.id.clone()/>
                </section>
            }
        })
    }
}

/// The verbanden that pass the filters (or those of the selected region), as a list.
#[component]
pub fn VerbandList() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    // Long lists grow a page at a time, so a filter change never builds thousands of items.
    let shown = RwSignal::new(LIST_PAGE);
    Effect::new(move |_| {
        state.visible.track();
        shown.set(LIST_PAGE);
    });
    move || {
        let limit = shown.get();
        let (items, total) = state.with_visible(|list| {
            (list.iter().take(limit).map(|v| view! { <li>{verband_link(state, v)}</li> }).collect::<Vec<_>>(), list.len())
        });
        let t = state.texts();
        let more = show_more(state, shown, total, LIST_PAGE);
        let height = format!("auto {}px", items.len() * 26);
        view! {
            <section class="verband-list" aria-labelledby="verband-list-title">
                <h2 id="verband-list-title">{t.verbanden_heading}</h2>
                {(total == 0).then(|| view! { <p>{t.no_verbanden}</p> })}
                // Laid out and painted only when scrolled to (a region's panel above it is
                // often longer than the screen); until then it keeps the height of its
                // entries, about 26 px each, so the scroll bar does not jump.
                <ul style:contain-intrinsic-size=height>{items}</ul>
                {more}
                <div class="list-actions">
                    <button type="button" class="download-csv" on:click=move |_| {
                        // The current list in the spreadsheet format of `datatool export`.
                        let csv = state.with_visible(|list| {
                            let boundary_year = state.dataset.with_untracked(|d| d.as_ref().map_or(0, |d| d.boundary_year));
                            kaartviewer_core::csv_table::to_csv(&kaartviewer_core::dataset::DatasetFile {
                                schema: None,
                                boundary_year,
                                verbanden: list.iter().map(|v| (*v).clone()).collect(),
                            })
                        });
                        crate::download::offer_text("samenwerkingsverbanden.csv", "text/csv;charset=utf-8", &csv);
                    }>{state.texts().download_csv}</button>
                    <button type="button" class="print" on:click=move |_| { let _ = window().print(); }>{state.texts().print}</button>
                    <button type="button" class="back-to-map" on:click=move |_| state.view.set(View::Map)>{state.texts().view_map}</button>
                </div>
            </section>
        }
    }
}
