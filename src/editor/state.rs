//! The editor's own state (signed-in session, the open record, the change being prepared),
//! shared by the editor's views as a context. The draft record itself lives in
//! [`crate::state::EditingState`], because the map's member picker changes it too.

use crate::api::editor::{ApiError, Correction, Session, Tagged};
use crate::state::EditingState;
use kaartviewer_core::dataset::Verband;
use leptos::prelude::*;
use serde_json::Value;

/// The editor's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Records,
    Inbox,
    Accounts,
}

/// The record open in the form.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRecord {
    /// As stored on the server; `None` for a new verband not saved yet.
    pub stored: Option<Verband>,
    /// The version tag sent back as `If-Match`.
    pub etag: String,
    /// A register or division record is shown read-only until the editor takes it over
    /// ("Overnemen om te bewerken"), which saves it as a curated override.
    pub read_only: bool,
}

/// A problem with the draft, from the validator in the browser or from the server (422).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// The validator's field path (`members[2].code`), `None` for the record as a whole.
    pub field: Option<String>,
    pub message: String,
}

impl FieldProblem {
    /// Whether this problem belongs next to `field` (`members[2]` also takes `members[2].role`).
    pub fn is_about(&self, field: &str) -> bool {
        self.field.as_deref().is_some_and(|f| {
            f == field || f.strip_prefix(field).is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
        })
    }
}

/// A save refused because someone else saved first (412): their version and who, when, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub current: Verband,
    pub etag: String,
    pub editor: String,
    pub at: String,
    pub reason: String,
}

impl Conflict {
    /// Reads the 412 body; `None` when it lacks the other version.
    pub fn from_body(body: &Value) -> Option<Conflict> {
        let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        Some(Conflict {
            current: serde_json::from_value(body.get("current")?.clone()).ok()?,
            etag: text("etag"),
            editor: text("editor"),
            at: text("at"),
            reason: text("reason"),
        })
    }
}

/// The outcome of the last save, restore or decline, announced politely.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    pub message: String,
}

#[derive(Clone, Copy)]
pub struct EditorState {
    pub editing: EditingState,
    pub session: RwSignal<Option<Session>>,
    /// Whether `GET /api/session` has answered: the sign-in form waits for it, so a signed-in
    /// editor who reloads the page never sees it flash.
    pub resumed: RwSignal<bool>,
    pub tab: RwSignal<Tab>,
    pub open: RwSignal<Option<OpenRecord>>,
    /// Why the record changes (required) and where that is written (optional URLs, one a line).
    pub reason: RwSignal<String>,
    pub change_sources: RwSignal<String>,
    /// The server's 422 problems for the last save (cleared on the next save).
    pub server_problems: RwSignal<Vec<FieldProblem>>,
    pub outcome: RwSignal<Option<Outcome>>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// The correction request being accepted: shown beside the record, sent with the save.
    pub correction: RwSignal<Option<Correction>>,
    /// A request is on its way (buttons are disabled meanwhile, so nothing is sent twice).
    pub busy: RwSignal<bool>,
    /// Text of the record search (the inbox fills it for a request about a region).
    pub search: RwSignal<String>,
    /// Bumped when the inbox should read the requests again.
    pub inbox_version: RwSignal<u32>,
}

impl EditorState {
    pub fn new(editing: EditingState) -> EditorState {
        EditorState {
            editing,
            session: RwSignal::new(None),
            resumed: RwSignal::new(false),
            tab: RwSignal::new(Tab::Records),
            open: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            change_sources: RwSignal::new(String::new()),
            server_problems: RwSignal::new(Vec::new()),
            outcome: RwSignal::new(None),
            conflict: RwSignal::new(None),
            correction: RwSignal::new(None),
            busy: RwSignal::new(false),
            search: RwSignal::new(String::new()),
            inbox_version: RwSignal::new(0),
        }
    }

    /// Opens a stored record in the form (its draft a copy of it).
    pub fn open_record(&self, tagged: Tagged) {
        let read_only = !tagged.verband.origin.is_curated();
        self.editing.draft.set(Some(tagged.verband.clone()));
        self.open.set(Some(OpenRecord { stored: Some(tagged.verband), etag: tagged.etag, read_only }));
        self.server_problems.set(Vec::new());
        self.conflict.set(None);
    }

    /// Opens an empty form for a new verband.
    pub fn open_new(&self, today: &str) {
        let draft = Verband { checked: today.to_string(), ..Default::default() };
        self.editing.draft.set(Some(draft));
        self.open.set(Some(OpenRecord { stored: None, etag: String::new(), read_only: false }));
        self.server_problems.set(Vec::new());
        self.conflict.set(None);
        self.outcome.set(None);
    }

    /// Closes the form (and stops the member picker).
    pub fn close(&self) {
        self.editing.draft.set(None);
        self.editing.picking.set(false);
        self.open.set(None);
        self.conflict.set(None);
        self.server_problems.set(Vec::new());
        self.reason.set(String::new());
        self.change_sources.set(String::new());
    }

    pub fn csrf(&self) -> Option<String> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.csrf.clone()))
    }

    /// After a 401 the session is gone: the sign-in form shows again and the draft is kept.
    pub fn forget_session_on_401(&self, error: &ApiError) {
        if error.status() == Some(401) {
            self.session.set(None);
        }
    }
}
