//! "Meld een correctie": on every verband and region panel, a short form anyone can send
//! without an account (what is wrong, a source, optionally an e-mail address) to
//! `POST /api/correcties`, with a token from `GET /api/csrf`. Where the server has no `/api/`
//! (a static deployment of `dist/`) the button is disabled and says why.

use crate::api::editor::{self as api, ApiError, NewCorrection};
use crate::state::{EditingState, ViewerState};
use kaartviewer_core::validate::web_url_fault;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The longest message the server takes.
const MAX_MESSAGE: usize = 2000;

/// Where the form stands.
#[derive(Debug, Clone, PartialEq)]
enum Sending {
    Idle,
    Busy,
    Sent(String),
    Failed(String),
}

/// A failed request in words for a visitor.
fn describe(error: &ApiError, state: ViewerState) -> String {
    let et = state.lang.get_untracked().editor();
    match error.status() {
        Some(429) => match error {
            ApiError::Status { retry_after: Some(seconds), .. } => format!("{} {}", et.correction_rate_limited, et.try_again_after(seconds)),
            _ => et.correction_rate_limited.to_string(),
        },
        Some(413) => et.correction_too_large.to_string(),
        Some(404 | 405) => et.correction_no_api.to_string(),
        None => et.correction_network.to_string(),
        Some(_) => crate::editor::describe(error, et),
    }
}

#[component]
pub fn CorrectionRequest(
    /// `verband` or `region`.
    kind: &'static str,
    id: String,
) -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editing = expect_context::<EditingState>();
    let et = move || state.lang.get().editor();
    let open = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let sending = RwSignal::new(Sending::Idle);
    let problem = RwSignal::new(None::<String>);
    let unavailable = move || editing.api.get() == Some(false);
    let prefix = format!("correction-{kind}");
    let ids = StoredValue::new((format!("{prefix}-message"), format!("{prefix}-source"), format!("{prefix}-email"), format!("{prefix}-note")));
    let subject_id = StoredValue::new(id);
    let send = move |_| {
        let text = message.get_untracked().trim().to_string();
        let url = source.get_untracked().trim().to_string();
        let mail = email.get_untracked().trim().to_string();
        let fault = if text.is_empty() {
            Some(et().correction_message_missing.to_string())
        } else if text.chars().count() > MAX_MESSAGE {
            Some(et().correction_too_large.to_string())
        } else if !url.is_empty() && web_url_fault(&url).is_some() {
            Some(et().correction_bad_source.to_string())
        } else if !mail.is_empty() && (!mail.contains('@') || mail.contains(char::is_whitespace)) {
            Some(et().correction_bad_email.to_string())
        } else {
            None
        };
        problem.set(fault.clone());
        if fault.is_some() {
            return;
        }
        sending.set(Sending::Busy);
        let request = NewCorrection {
            subject_kind: kind,
            subject_id: subject_id.get_value(),
            message: text,
            source: (!url.is_empty()).then_some(url),
            email: (!mail.is_empty()).then_some(mail),
        };
        spawn_local(async move {
            let result = match api::anonymous_csrf().await {
                Ok(csrf) => api::send_correction(&csrf, &request).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(number) => {
                    // The panel may have been closed meanwhile: then nothing is left to update.
                    let _ = message.try_set(String::new());
                    let _ = source.try_set(String::new());
                    let _ = email.try_set(String::new());
                    let _ = open.try_set(false);
                    let _ = sending.try_set(Sending::Sent(number));
                }
                Err(e) => {
                    let _ = sending.try_set(Sending::Failed(describe(&e, state)));
                }
            }
        });
    };
    let form = move || {
        open.get().then(|| {
            let (message_id, source_id, email_id, _) = ids.get_value();
            view! {
                <div class="correction-form" role="group" aria-labelledby=format!("{prefix}-title")>
                    <h3 id=format!("{prefix}-title")>{move || et().correction_heading}</h3>
                    <label for=message_id.clone()>{move || et().correction_what}</label>
                    <textarea id=message_id class="correction-text" rows="3" maxlength=MAX_MESSAGE.to_string() required aria-required="true"
                        prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    <label for=source_id.clone()>{move || et().correction_source}</label>
                    <input id=source_id class="correction-source" type="url" prop:value=move || source.get() on:input=move |ev| source.set(event_target_value(&ev))/>
                    <label for=email_id.clone()>{move || et().correction_email}</label>
                    <input id=email_id class="correction-email" type="email" autocomplete="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                    <p class="hint">{move || et().correction_privacy}</p>
                    <p class="field-problem" role="alert">{move || problem.get()}</p>
                    <div class="form-actions">
                        <button type="button" class="primary send-correction" disabled=move || sending.get() == Sending::Busy on:click=send>{move || et().correction_send}</button>
                        <button type="button" class="cancel-correction" on:click=move |_| open.set(false)>{move || et().cancel}</button>
                    </div>
                </div>
            }
        })
    };
    let note_id = ids.with_value(|i| i.3.clone());
    view! {
        <div class="correction-request" data-kind=kind>
            <button type="button" class="report-correction" aria-expanded=move || open.get().to_string()
                disabled=unavailable aria-describedby=move || unavailable().then(|| note_id.clone())
                on:click=move |_| { open.update(|o| *o = !*o); sending.set(Sending::Idle); }>
                {move || et().report_correction}
            </button>
            {move || unavailable().then(|| view! { <p class="hint" id=ids.with_value(|i| i.3.clone())>{et().correction_unavailable}</p> })}
            {form}
            <p class="correction-outcome" role="status" aria-atomic="true" data-state=move || match sending.get() {
                Sending::Sent(_) => "sent", Sending::Failed(_) => "failed", Sending::Busy => "busy", Sending::Idle => "idle" }>
                {move || match sending.get() {
                    Sending::Sent(number) => Some(format!("{} {number}. {}", et().correction_thanks, et().correction_thanks_more)),
                    Sending::Failed(message) => Some(message),
                    _ => None,
                }}
            </p>
        </div>
    }
}
