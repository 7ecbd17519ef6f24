//! The time control: the peildatum as a year slider (1 January of 2016 up to this year, the
//! last step being today) and a date field for any day in between. Both are native inputs,
//! so the keyboard works as everywhere (arrows, Home, End); moving them sets `peildatum`,
//! and the map, counts and panels follow through the dataset as of that day.

use crate::state::ViewerState;
use kaartviewer_core::history::peildatum::{FIRST_DAY, FIRST_YEAR, parse, year_of};
use leptos::prelude::*;

#[component]
pub fn TimeControl() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let this_year = year_of(state.today);
    // The slider's last step is today; the steps before it are 1 January of each year.
    let set_year = move |year: u16| {
        state.peildatum.set((year < this_year).then(|| format!("{year:04}-01-01")));
    };
    let set_day = move |text: String| {
        if let Some(day) = parse(&text) {
            state.peildatum.set((day.as_str() < state.today).then_some(day));
        }
    };
    let year = move || year_of(&state.day());
    let value_text = move || {
        let day = state.day();
        if day.as_str() == state.today { format!("{} ({day})", state.texts().time_today) } else { day }
    };
    view! {
        <fieldset class="time-control" data-day=move || state.day()>
            <legend>{move || state.texts().time_heading}</legend>
            <label for="time-year">{move || state.texts().time_year_label}</label>
            <div class="time-row">
                <input id="time-year" type="range" min=FIRST_YEAR max=this_year step="1"
                    prop:value=move || year().to_string()
                    aria-valuetext=value_text
                    on:input=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse::<u16>() {
                            set_year(y.clamp(FIRST_YEAR, this_year));
                        }
                    }/>
                <output for="time-year" class="time-year-value">{year}</output>
            </div>
            <label for="time-date">{move || state.texts().time_date_label}</label>
            <div class="time-row">
                <input id="time-date" type="date" min=FIRST_DAY max=state.today
                    prop:value=move || state.day()
                    on:change=move |ev| set_day(event_target_value(&ev))/>
                <button type="button" class="time-today"
                    disabled=move || state.peildatum.with(Option::is_none)
                    on:click=move |_| state.peildatum.set(None)>
                    {move || state.texts().time_today}
                </button>
            </div>
            <p class="time-showing" aria-live="polite">
                {move || format!("{} {}. {}", state.texts().time_showing, value_text(), state.texts().time_caveat)}
            </p>
        </fieldset>
    }
}
