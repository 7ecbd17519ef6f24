//! The side panel with the selected region's details.

use crate::state::ViewerState;
use crate::views::correction_request::CorrectionRequest;
use crate::views::verband_panel::{open_clicked_verband, push_verband_button};
use kaartviewer_core::markup::escape;
use std::fmt::Write;
use kaartviewer_core::analysis::by_theme;
use kaartviewer_core::boundary_layer::BoundaryFeature;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::vocabulary::THEMES;
use leptos::prelude::*;

/// The facts of a region the panel shows: its boundary feature without the geometry.
struct RegionFacts {
    code: String,
    name: String,
    kind: RegionKind,
    provincie: Option<String>,
    waterschappen: Vec<String>,
    gemeenten: Vec<String>,
    provincies: Vec<String>,
}

impl RegionFacts {
    fn of(feature: &BoundaryFeature) -> RegionFacts {
        RegionFacts {
            code: feature.code.clone(),
            name: feature.name.clone(),
            kind: feature.kind,
            provincie: feature.provincie.clone(),
            waterschappen: feature.waterschappen.clone(),
            gemeenten: feature.gemeenten.clone(),
            provincies: feature.provincies.clone(),
        }
    }
}

#[component]
pub fn RegionPanel() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    // What the panel shows of the region (its boundary stays where it is).
    let region = move || {
        let (kind, code) = state.selected.get()?;
        state.data.with(|d| d.as_ref()?.region(kind, &code).map(|r| RegionFacts::of(&r.feature)))
    };
    let name_of = move |code: &str| state.name_of(code);
    let waterschappen_available =
        move || state.data.with(|d| d.as_ref().is_some_and(|d| d.index.layer(RegionKind::Waterschap).is_some()));
    // A list of regions of another layer, each a button that selects it on its own layer.
    let region_list = move |kind: RegionKind, codes: &[String], class: &'static str| {
        let items = codes
            .iter()
            .map(|c| {
                let code = c.clone();
                view! {
                    <li>
                        <button type="button" class="region-link" data-kind=kind.as_str() data-code=code.clone()
                            on:click={
                                let code = code.clone();
                                move |_| {
                                    state.active.set(kind);
                                    state.selected.set(Some((kind, code.clone())));
                                }
                            }>
                            {name_of(&code)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <dd class=class><ul>{items}</ul></dd> }
    };

    move || {
        if state.verband.get().is_some() {
            return None;
        }
        // Water board names come with the dataset while their layer is not loaded yet.
        state.dataset.track();
        region().map(|region| {
            let t = state.texts();
            let provincie = region.provincie.as_deref().map(name_of);
            // The regions of other layers it is joined with (computed from the boundaries): a
            // gemeente's waterschappen; a waterschap's provincies and gemeenten.
            let related = match region.kind {
                RegionKind::Gemeente => {
                    let boards = if !waterschappen_available() {
                        view! { <dd class="unavailable" title=t.waterschappen_unavailable>{t.unavailable}</dd> }.into_any()
                    } else if region.waterschappen.is_empty() {
                        view! { <dd>{t.none_found}</dd> }.into_any()
                    } else {
                        region_list(RegionKind::Waterschap, &region.waterschappen, "waterschappen").into_any()
                    };
                    view! { <dt>{t.waterschappen}</dt>{boards} }.into_any()
                }
                RegionKind::Waterschap => {
                    let provincies = region.provincies.iter().map(|c| name_of(c)).collect::<Vec<_>>().join(", ");
                    view! {
                        <dt>{t.provincies}</dt><dd class="provincies">{provincies}</dd>
                        <dt>{format!("{} ({})", t.gemeenten, region.gemeenten.len())}</dt>
                        {region_list(RegionKind::Gemeente, &region.gemeenten, "gemeenten")}
                    }
                    .into_any()
                }
                RegionKind::Provincie => ().into_any(),
            };
            let code = region.code.clone();
            let verbanden = move || {
                state.with_visible_of(&code, |mine| {
                    let total = mine.len();
                    // One string of markup for all groups (see `push_verband_button`).
                    let mut groups = String::new();
                    for (theme, list) in by_theme(mine) {
                        let term = state.texts().term(THEMES, theme);
                        let heading = escape(&term);
                        let _ = write!(groups, r#"<li class="theme-group" data-theme="{}"><h4>{heading} ({})</h4><ul>"#, escape(theme), list.len());
                        for verband in list {
                            groups.push_str("<li>");
                            push_verband_button(&mut groups, verband);
                            groups.push_str("</li>");
                        }
                        groups.push_str("</ul></li>");
                    }
                    view! {
                        <h3 class="region-verbanden" data-count=total>{state.texts().verbanden_heading}" ("{total}")"</h3>
                        {(total == 0).then(|| view! { <p>{state.texts().no_verbanden}</p> })}
                        <ul class="theme-groups" on:click=open_clicked_verband(state) inner_html=groups></ul>
                    }
                })
            };
            view! {
                <section class="region-panel" aria-labelledby="region-panel-title" data-code=region.code.clone()>
                    <header>
                        <p class="kind">{t.kind(region.kind)}</p>
                        <h2 id="region-panel-title">{region.name.clone()}</h2>
                        <button type="button" class="close" aria-label=t.close title=t.close
                            on:click=move |_| state.selected.set(None)>"×"</button>
                    </header>
                    <dl>
                        <dt>{t.code}</dt>
                        <dd class="code">{region.code.clone()}</dd>
                        {provincie.map(|p| view! { <dt>{t.provincie}</dt><dd class="provincie">{p}</dd> })}
                        {related}
                    </dl>
                    <button type="button" class="filter-member" data-code=region.code.clone()
                        on:click={
                            let code = region.code.clone();
                            move |_| state.filter.update(|f| { f.members.insert(code.clone()); })
                        }>
                        {format!("{} {}", t.filter_on_member, region.name)}
                    </button>
                    {verbanden}
                    {crate::views::region_changes::changes_view(state, region.code.clone())}
                    <CorrectionRequest kind="region" id=region.code.clone()/>
                </section>
            }
        })
    }
}
