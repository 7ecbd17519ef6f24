//! The overlap view: near-duplicate verbanden, a matrix of shared members, recurring member
//! configurations, verbanden across province borders, and the selected region's profile.
//! Every name is a button to the map state that shows it; every figure is in a table.

use crate::state::ViewerState;
use crate::views::verband_panel::{show_more, verband_link};
use kaartviewer_core::dataset::Verband;
use kaartviewer_core::insight::congruence::Configuration;
use kaartviewer_core::insight::cross_border::cross_border;
use kaartviewer_core::insight::near_duplicates::{near_duplicates, shared_member_matrix, NearDuplicate};
use kaartviewer_core::insight::profile::{profile, Comparison};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::vocabulary::{Term, LEGAL_FORMS, THEMES};
use leptos::prelude::*;

/// The matrix is shown for at most this many verbanden.
const MATRIX_MAX: usize = 30;
/// Partners listed in a profile.
const TOP_PARTNERS: usize = 5;
/// Long tables grow this many rows at a time; the gemeenten by configurations start shorter.
const PAGE: usize = 100;
const MOST_PAGE: usize = 15;
/// Verbanden listed per configuration; the rest are counted.
const CONFIGURATION_LINKS: usize = 20;

/// Everything the view shows, computed together (and timed) from the filtered verbanden.
#[derive(Debug, Clone, PartialEq)]
struct Insight {
    /// Dataset indices of the filtered verbanden; the other fields index into this list.
    visible: Vec<usize>,
    pairs: Vec<NearDuplicate>,
    /// False when the search for pairs hit its limits (degenerate data): not all are listed.
    pairs_complete: bool,
    configurations: Vec<Configuration>,
    /// Every gemeente with its number of distinct configurations, most first.
    most_configurations: Vec<(String, usize)>,
    cross_border: Vec<(usize, Vec<String>)>,
    /// Shared member counts between every two verbanden, when there are few enough.
    matrix: Option<Vec<Vec<usize>>>,
    millis: f64,
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

#[component]
pub fn OverlapView() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let provincie_of = move |code: &str| -> Option<String> {
        if code.starts_with("PV") {
            return Some(code.to_string());
        }
        state.data.with_untracked(|d| d.as_ref().and_then(|d| d.provincie_of.get(code).cloned()))
    };

    let insight = Memo::new(move |_| {
        let threshold = f64::from(state.threshold.get()) / 100.0;
        let visible = state.visible.get();
        let start = now();
        state.with_visible(|list| {
            let configurations = state.configurations.get();
            let mut most: Vec<(String, usize)> = state.configurations_per_gemeente.with(|counts| counts.to_vec());
            most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let matrix = (list.len() <= MATRIX_MAX).then(|| shared_member_matrix(list));
            let search = near_duplicates(list, threshold);
            let mut insight = Insight {
                visible,
                pairs: search.pairs,
                pairs_complete: search.complete,
                configurations: configurations.iter().filter(|c| c.verbanden.len() > 1).cloned().collect(),
                most_configurations: most,
                cross_border: cross_border(list, &provincie_of),
                matrix,
                millis: 0.0,
            };
            insight.millis = now() - start;
            insight
        })
    });

    // A verband by its position in the filtered list.
    let verband_at = move |i: usize, f: &dyn Fn(&Verband) -> AnyView| -> AnyView {
        let index = insight.with(|x| x.visible.get(i).copied());
        state
            .dataset
            .with(|d| d.as_ref().and_then(|d| index.and_then(|i| d.verbanden.get(i))).map(f))
            .unwrap_or_else(|| ().into_any())
    };
    let link_at = move |i: usize| verband_at(i, &|v| verband_link(state, v).into_any());
    let names = move |codes: &[String]| codes.iter().map(|c| state.name_of(c)).collect::<Vec<_>>().join(", ");
    let select_region = move |code: String| {
        move |_| {
            let kind: RegionKind = if code.starts_with("PV") { RegionKind::Provincie } else { RegionKind::Gemeente };
            state.verband.set(None);
            state.selected.set(Some((kind, code.clone())));
        }
    };

    let (pairs_shown, configurations_shown, cross_border_shown) = (RwSignal::new(PAGE), RwSignal::new(PAGE), RwSignal::new(PAGE));
    let most_shown = RwSignal::new(MOST_PAGE);

    // The pairs sort by overlap or by shared members, largest first; a second press reverses.
    let pair_sort = RwSignal::new((false, true));
    let sort_header = move |by_shared: bool, label: &'static str| {
        let aria_sort = move || match pair_sort.get() {
            (column, _) if column != by_shared => "none",
            (_, true) => "descending",
            (_, false) => "ascending",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button type="button" class="sort" data-column=if by_shared { "shared" } else { "jaccard" }
                    on:click=move |_| pair_sort.update(|(column, descending)| {
                        if *column == by_shared { *descending = !*descending } else { *column = by_shared; *descending = true }
                    })>{label}</button>
            </th>
        }
    };

    let threshold_input = move || {
        let t = state.texts();
        view! {
            <label class="threshold" for="overlap-threshold">{t.threshold_label}</label>
            <input id="overlap-threshold" type="number" min="50" max="100" step="5"
                prop:value=move || state.threshold.get().to_string()
                on:change=move |ev| {
                    if let Ok(value) = event_target_value(&ev).trim().parse::<u8>() {
                        state.threshold.set(value.clamp(1, 100));
                    }
                }/>
        }
    };

    let pairs_table = move || {
        let t = state.texts();
        let mut pairs = insight.with(|x| x.pairs.clone());
        let (by_shared, descending) = pair_sort.get();
        if by_shared {
            pairs.sort_by(|x, y| x.shared.cmp(&y.shared).then(x.jaccard.total_cmp(&y.jaccard)));
        } else {
            pairs.sort_by(|x, y| x.jaccard.total_cmp(&y.jaccard).then(x.shared.cmp(&y.shared)));
        }
        if descending {
            pairs.reverse();
        }
        let total = pairs.len();
        if pairs.is_empty() {
            return view! { <p class="no-pairs">{t.no_pairs}</p> }.into_any();
        }
        let rows = pairs
            .into_iter()
            .take(pairs_shown.get())
            .map(|p| {
                let facts = move |i: usize| {
                    verband_at(i, &|v| {
                        let themes = v.themes.iter().map(|id| t.term(THEMES, id)).collect::<Vec<_>>().join(", ");
                        view! { <span class="facts">{themes}" · "{t.term(LEGAL_FORMS, &v.legal_form)}</span> }.into_any()
                    })
                };
                let difference = match (p.only_a.is_empty(), p.only_b.is_empty()) {
                    (true, true) => "–".to_string(),
                    _ => format!("{} A: {}; {} B: {}", t.only_in, names(&p.only_a), t.only_in, names(&p.only_b)),
                };
                view! {
                    <tr data-pair=format!("{}-{}", p.a, p.b)>
                        <td>{link_at(p.a)}<br/>{facts(p.a)}</td>
                        <td>{link_at(p.b)}<br/>{facts(p.b)}</td>
                        <td class="number" data-column="jaccard">{format!("{:.0}%", p.jaccard * 100.0)}</td>
                        <td class="number" data-column="shared">{p.shared}</td>
                        <td>{difference}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="pairs" aria-labelledby="pairs-title">
                    <thead><tr>
                        <th scope="col">"A"</th><th scope="col">"B"</th>
                        {sort_header(false, t.overlap_column)}
                        {sort_header(true, t.shared_members)}
                        <th scope="col">{t.differences}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {show_more(state, pairs_shown, total, PAGE)}
        }
        .into_any()
    };

    // Shared members between every two filtered verbanden, as a table whose cells are shaded.
    let matrix = move || {
        let t = state.texts();
        let Some(matrix) = insight.with(|x| x.matrix.clone()) else {
            return view! { <p class="matrix-too-large">{t.matrix_too_large}</p> }.into_any();
        };
        let max = matrix.iter().enumerate().flat_map(|(i, row)| row.iter().enumerate().filter(move |(j, _)| *j != i).map(|(_, n)| *n)).max().unwrap_or(0).max(1);
        let header = (0..matrix.len()).map(|j| view! { <th scope="col" title=move || verband_name(state, insight, j)>{j + 1}</th> }).collect_view();
        let rows = matrix
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let cells = row
                    .into_iter()
                    .enumerate()
                    .map(|(j, n)| {
                        // Five shades from 1 shared member to the most any pair shares.
                        let level = if i == j || n == 0 { 0 } else { 1 + 4 * (n - 1) / (max - 1).max(1) };
                        let label = format!("{} – {}: {n}", verband_name(state, insight, i), verband_name(state, insight, j));
                        view! {
                            <td class=format!("cell shade-cell-{}", level.min(5)) data-shared=n>
                                {(i != j).then(|| view! {
                                    <button type="button" class="cell-link" aria-label=label.clone() title=label
                                        on:click=move |_| state.verband.set(insight.with_untracked(|x| x.visible.get(i).copied()).and_then(|d| {
                                            state.dataset.with_untracked(|ds| ds.as_ref().map(|ds| ds.verbanden[d].id.clone()))
                                        }))>
                                        {n}
                                    </button>
                                })}
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{i + 1}". "{link_at(i)}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-scroll matrix-scroll">
                <table class="matrix" aria-labelledby="matrix-title">
                    <thead><tr><td></td>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };

    let configurations_table = move || {
        let t = state.texts();
        let (configurations, most) = insight.with(|x| (x.configurations.clone(), x.most_configurations.clone()));
        let same = if configurations.is_empty() {
            view! { <p>{t.no_configurations}</p> }.into_any()
        } else {
            let total = configurations.len();
            let rows = configurations
                .into_iter()
                .take(configurations_shown.get())
                .map(|c| {
                    // A configuration can hold thousands of verbanden (degenerate data): list the first few.
                    let more = c.verbanden.len().checked_sub(CONFIGURATION_LINKS).filter(|&n| n > 0).map(|n| t.and_more(n).into_any());
                    let links = c.verbanden.iter().take(CONFIGURATION_LINKS).map(|&i| link_at(i)).chain(more).map(|item| view! { <li>{item}</li> }).collect_view();
                    view! {
                        <tr>
                            <td class="number">{c.members.len()}</td>
                            <td>{names(&c.members)}</td>
                            <td><ul class="plain">{links}</ul></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table class="configurations">
                        <caption>{t.configurations_intro}</caption>
                        <thead><tr><th scope="col">{t.member_count}</th><th scope="col">{t.members}</th><th scope="col">{t.verbanden_heading}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {show_more(state, configurations_shown, total, PAGE)}
            }
            .into_any()
        };
        let most_total = most.len();
        let most_rows = most
            .into_iter()
            .take(most_shown.get())
            .map(|(code, n)| {
                let name = state.name_of(&code);
                let row_code = code.clone();
                view! {
                    <tr data-code=row_code>
                        <th scope="row"><button type="button" class="region-link" on:click=select_region(code)>{name}</button></th>
                        <td class="number">{n}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {same}
            <table class="most-configurations">
                <caption>{t.most_configurations_heading}</caption>
                <thead><tr><th scope="col">{t.name}</th><th scope="col">{t.configurations_column}</th></tr></thead>
                <tbody>{most_rows}</tbody>
            </table>
            {show_more(state, most_shown, most_total, MOST_PAGE)}
        }
        .into_any()
    };

    let cross_border_list = move || {
        let t = state.texts();
        let list = insight.with(|x| x.cross_border.clone());
        if list.is_empty() {
            return view! { <p>{t.no_cross_border}</p> }.into_any();
        }
        let total = list.len();
        let rows = list
            .into_iter()
            .take(cross_border_shown.get())
            .map(|(i, provinces)| view! { <tr><td>{link_at(i)}</td><td>{names(&provinces)}</td></tr> })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="cross-border">
                    <thead><tr><th scope="col">{t.verbanden_heading}</th><th scope="col">{t.provinces}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {show_more(state, cross_border_shown, total, PAGE)}
        }
        .into_any()
    };

    // The selected region against its province and the country.
    let region_profile = move || {
        let (kind, code) = state.selected.get()?;
        let t = state.texts();
        let (province_peers, national_peers) = state.data.with(|d| {
            let layer = d.as_ref()?.layer_for_zoom(kind, 1.0)?;
            let own_province = layer.regions.iter().find(|r| r.feature.code == code)?.feature.provincie.clone();
            let national: Vec<String> = layer.regions.iter().map(|r| r.feature.code.clone()).collect();
            let province: Vec<String> = match own_province {
                Some(p) => layer.regions.iter().filter(|r| r.feature.provincie.as_ref() == Some(&p)).map(|r| r.feature.code.clone()).collect(),
                None => national.clone(),
            };
            Some((province, national))
        })?;
        let province_refs: Vec<&str> = province_peers.iter().map(String::as_str).collect();
        let national_refs: Vec<&str> = national_peers.iter().map(String::as_str).collect();
        let p = state.with_visible(|list| profile(list, &code, &province_refs, &national_refs, &provincie_of, TOP_PARTNERS));
        let comparison = move |caption: &'static str, vocabulary: &'static [Term], rows: Vec<Comparison>| {
            let body = rows
                .into_iter()
                .map(|c| view! {
                    <tr data-term=c.id>
                        <th scope="row">{t.term(vocabulary, c.id)}</th>
                        <td class="number">{c.count}</td>
                        <td class="number">{format_median(c.province_median)}</td>
                        <td class="number">{format_median(c.national_median)}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <table class="profile-table">
                    <caption>{caption}</caption>
                    <thead><tr>
                        <th scope="col">{t.theme_column}</th><th scope="col">{t.count_column}</th>
                        <th scope="col">{t.province_median}</th><th scope="col">{t.national_median}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
        };
        let partners = p
            .partners
            .iter()
            .map(|(c, n)| view! { <li><button type="button" class="region-link" on:click=select_region(c.clone())>{state.name_of(c)}</button>" ("{*n}")"</li> })
            .collect_view();
        // The profile's cross-border verbanden index into the filtered list, as links do.
        let crossing = p.cross_border.iter().map(|&i| view! { <li>{link_at(i)}</li> }).collect_view();
        Some(view! {
            <section class="region-profile" aria-labelledby="profile-title" data-code=code.clone()>
                <h3 id="profile-title">{t.profile_heading}" "{state.name_of(&code)}</h3>
                {comparison(t.themes_label, THEMES, p.themes)}
                {comparison(t.legal_forms_label, LEGAL_FORMS, p.legal_forms)}
                <h4>{t.top_partners}</h4>
                <ol class="partners">{partners}</ol>
                <h4>{t.cross_border_heading}</h4>
                <ul class="plain">{crossing}</ul>
            </section>
        })
    };

    view! {
        <section class="overlap-view" aria-labelledby="overlap-title" data-compute-ms=move || format!("{:.1}", insight.with(|x| x.millis))>
            <h2 id="overlap-title">{move || state.texts().overlap_heading}</h2>
            <p class="note">{move || state.texts().overlap_intro}</p>
            {region_profile}
            {threshold_input}
            <h3 id="pairs-title">{move || state.texts().near_duplicates_heading}</h3>
            {move || (!insight.with(|x| x.pairs_complete)).then(|| view! {
                <p class="pairs-incomplete" role="status">{state.texts().pairs_incomplete}</p>
            })}
            {pairs_table}
            <h3 id="matrix-title">{move || state.texts().matrix_heading}</h3>
            {matrix}
            <h3>{move || state.texts().configurations_heading}</h3>
            {configurations_table}
            <h3>{move || state.texts().cross_border_heading}</h3>
            {cross_border_list}
        </section>
    }
}

fn verband_name(state: ViewerState, insight: Memo<Insight>, i: usize) -> String {
    let index = insight.with_untracked(|x| x.visible.get(i).copied());
    state
        .dataset
        .with_untracked(|d| d.as_ref().and_then(|d| index.and_then(|i| d.verbanden.get(i))).map(|v| v.name.clone()))
        .unwrap_or_default()
}

fn format_median(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}
