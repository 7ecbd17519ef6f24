//! A verband's timeline: its dated events (start, new versions of a registered regeling,
//! members joining and leaving, end) from `history::timeline`, oldest first. Each date is one
//! the record's sources give; a register regeling's versions link to their register records.

use crate::state::ViewerState;
use kaartviewer_core::dataset::Verband;
use kaartviewer_core::history::timeline::timeline;
use leptos::prelude::*;

/// The timeline section of the verband panel; nothing when the record has no dates.
pub fn timeline_view(state: ViewerState, verband: &Verband) -> Option<impl IntoView + use<>> {
    let events = timeline(verband);
    (!events.is_empty()).then(|| {
        let t = state.texts();
        let items = events
            .into_iter()
            .map(|event| {
                let who = event.member.as_deref().map(|code| format!(": {}", state.name_of(code))).unwrap_or_default();
                // The register record each version of a regeling rests on, dated there.
                let record = event.version.map(|id| {
                    view! { " (" <a href=format!("https://organisaties.overheid.nl/{id}/") rel="noopener noreferrer" target="_blank">{format!("{} {id}", t.register_record)}</a> ")" }
                });
                view! {
                    <li data-kind=format!("{:?}", event.kind).to_lowercase()>
                        <time>{event.date.clone()}</time>" "{t.event(event.kind)}{who}{record}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="verband-timeline" aria-labelledby="verband-timeline-title">
                <h3 id="verband-timeline-title">{t.timeline_heading}</h3>
                <ol>{items}</ol>
            </section>
        }
    })
}
