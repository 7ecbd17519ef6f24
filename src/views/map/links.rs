//! The links view's lines between gemeenten, as thick as the number of verbanden they share.

use super::colouring::Link;
use leptos::prelude::*;

/// The lines of `links`, scaled to the strongest.
pub(super) fn lines(links: Memo<Vec<Link>>) -> impl IntoView {
    view! {
        <g class="links" aria-hidden="true">
            {move || {
                let list = links.get();
                let max = list.iter().map(|l| l.2).max().unwrap_or(1).max(1) as f64;
                list.into_iter().map(|(from, to, weight, a, b)| view! {
                    <line x1=format!("{:.0}", from.x) y1=format!("{:.0}", from.y) x2=format!("{:.0}", to.x) y2=format!("{:.0}", to.y)
                        stroke-width=format!("{:.1}", 0.5 + 4.5 * weight as f64 / max)
                        data-link=format!("{a}-{b}") data-weight=weight/>
                }).collect_view()
            }}
        </g>
    }
}
