//! The filters: themes and legal forms (several each), text search, a live count and reset.

use crate::state::ViewerState;
use kaartviewer_core::dataset::Origin;
use kaartviewer_core::vocabulary::{LEGAL_FORMS, THEMES, Term};
use leptos::prelude::*;

#[component]
pub fn FilterControls() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let checkbox_group = move |group: &'static str, vocabulary: &'static [Term]| {
        vocabulary
            .iter()
            .map(move |term| {
                let id = format!("filter-{group}-{}", term.id);
                let checked = move || {
                    state.filter.with(|f| if group == "thema" { f.themes.contains(term.id) } else { f.legal_forms.contains(term.id) })
                };
                let toggle = move |on: bool| {
                    state.filter.update(|f| {
                        let set = if group == "thema" { &mut f.themes } else { &mut f.legal_forms };
                        if on {
                            set.insert(term.id.to_string());
                        } else {
                            set.remove(term.id);
                        }
                    })
                };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() data-filter=group value=term.id
                            prop:checked=checked on:change=move |ev| toggle(event_target_checked(&ev))/>
                        <label for=id>{move || state.texts().term(vocabulary, term.id)}</label>
                    </div>
                }
            })
            .collect_view()
    };
    let provincies = Memo::new(move |_| {
        let mut list: Vec<(String, String)> = state.data.with(|d| {
            d.as_ref()
                .and_then(|d| d.layer_for_zoom(kaartviewer_core::region::RegionKind::Provincie, 1.0))
                .map(|l| l.regions.iter().map(|r| (r.feature.name.clone(), r.feature.code.clone())).collect())
                .unwrap_or_default()
        });
        list.sort();
        list
    });
    let member_chips = move || {
        state.filter.with(|f| f.members.iter().cloned().collect::<Vec<_>>()).into_iter().map(|code| {
            let label = format!("{} ×", state.name_of(&code));
            let aria = format!("{} {}", state.name_of(&code), state.texts().remove);
            view! {
                <li><button type="button" data-member-filter=code.clone() aria-label=aria
                    on:click=move |_| state.filter.update(|f| { f.members.remove(&code); })>{label}</button></li>
            }
        }).collect_view()
    };
    let count = move || state.visible.with(Vec::len);
    let total = move || state.dataset.with(|d| d.as_ref().map_or(0, |d| d.verbanden.len()));

    view! {
        <details class="filters" open=!state.filter.get_untracked().is_empty()>
            <summary>
                {move || state.texts().filters_heading}
                " "
                <span class="count" aria-live="polite" data-count=count>
                    {move || format!("({} / {} {})", count(), total(), state.texts().count_suffix)}
                </span>
            </summary>
            <label for="filter-text">{move || state.texts().search_verbanden}</label>
            <input id="filter-text" type="search" autocomplete="off"
                prop:value=move || state.filter.with(|f| f.text.clone())
                on:input=move |ev| state.filter.update(|f| f.text = event_target_value(&ev))/>
            <label for="filter-focus">{move || state.texts().focus_label}</label>
            <select id="filter-focus" on:change=move |ev| {
                let value = event_target_value(&ev);
                state.filter.update(|f| f.provincie = (!value.is_empty()).then_some(value));
            }>
                <option value="" selected=move || state.filter.with(|f| f.provincie.is_none())>{move || state.texts().focus_all}</option>
                {move || provincies.get().into_iter().map(|(name, code)| {
                    let selected_code = code.clone();
                    view! {
                        <option value=code selected=move || state.filter.with(|f| f.provincie.as_deref() == Some(selected_code.as_str()))>{name}</option>
                    }
                }).collect_view()}
            </select>
            {move || state.filter.with(|f| !f.members.is_empty()).then(|| view! {
                <p class="members-filter-label">{state.texts().members_filter_label}</p>
                <ul class="member-filters">{member_chips}</ul>
            })}
            <fieldset>
                <legend>{move || state.texts().themes_label}</legend>
                {checkbox_group("thema", THEMES)}
            </fieldset>
            <fieldset>
                <legend>{move || state.texts().legal_forms_label}</legend>
                {checkbox_group("vorm", LEGAL_FORMS)}
            </fieldset>
            <fieldset>
                <legend>{move || state.texts().origin}</legend>
                {Origin::ALL.into_iter().map(|origin| {
                    let id = format!("filter-bron-{}", origin.id());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() data-filter="bron" value=origin.id()
                                prop:checked=move || state.filter.with(|f| f.origins.contains(&origin))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.filter.update(|f| if on { f.origins.insert(origin); } else { f.origins.remove(&origin); });
                                }/>
                            <label for=id>{move || state.texts().origin_label(origin)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="button" class="reset-filters"
                disabled=move || state.filter.with(|f| f.is_empty())
                on:click=move |_| state.filter.set(Default::default())>
                {move || state.texts().reset_filters}
            </button>
        </details>
    }
}
