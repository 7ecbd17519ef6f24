//! The side panel with the selected region's details.

use crate::app::ViewerState;
use crate::verband_panel::verband_link;
use kaartviewer_core::analysis::by_theme;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::vocabulary::THEMES;
use leptos::prelude::*;

#[component]
pub fn RegionPanel() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let region = move || {
        let (kind, code) = state.selected.get()?;
        state.data.with(|d| d.as_ref().and_then(|d| d.region(kind, &code))).map(|r| r.feature)
    };
    let name_of = move |code: &str| {
        state.data.with_untracked(|d| d.as_ref().and_then(|d| d.name_of(code))).unwrap_or_else(|| code.to_string())
    };
    let waterschappen_available =
        move || state.data.with(|d| d.as_ref().is_some_and(|d| d.index.layer(RegionKind::Waterschap).is_some()));

    move || {
        if state.verband.get().is_some() {
            return None;
        }
        region().map(|region| {
            let t = state.texts();
            let provincie = region.provincie.as_deref().map(name_of);
            let waterschappen = (region.kind == RegionKind::Gemeente).then(|| {
                if !waterschappen_available() {
                    view! { <dd class="unavailable" title=t.waterschappen_unavailable>{t.unavailable}</dd> }.into_any()
                } else if region.waterschappen.is_empty() {
                    view! { <dd>{t.none_found}</dd> }.into_any()
                } else {
                    let names = region.waterschappen.iter().map(|c| view! { <li>{name_of(c)}</li> }).collect_view();
                    view! { <dd><ul>{names}</ul></dd> }.into_any()
                }
            });
            let code = region.code.clone();
            let verbanden = move || {
                state.with_visible_of(&code, |mine| {
                    let total = mine.len();
                    let groups = by_theme(mine)
                        .into_iter()
                        .map(|(theme, list)| {
                            let links = list.iter().map(|v| view! { <li>{verband_link(state, v)}</li> }).collect_view();
                            view! {
                                <li class="theme-group" data-theme=theme>
                                    <h4>{state.texts().term(THEMES, theme)}" ("{list.len()}")"</h4>
                                    <ul>{links}</ul>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3 class="region-verbanden" data-count=total>{state.texts().verbanden_heading}" ("{total}")"</h3>
                        {(total == 0).then(|| view! { <p>{state.texts().no_verbanden}</p> })}
                        <ul class="theme-groups">{groups}</ul>
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
                        {waterschappen.map(|w| view! { <dt>{t.waterschappen}</dt>{w} })}
                    </dl>
                    <button type="button" class="filter-member" data-code=region.code.clone()
                        on:click={
                            let code = region.code.clone();
                            move |_| state.filter.update(|f| { f.members.insert(code.clone()); })
                        }>
                        {format!("{} {}", t.filter_on_member, region.name)}
                    </button>
                    {verbanden}
                    {crate::region_changes::changes_view(state, region.code.clone())}
                </section>
            }
        })
    }
}
