//! What changed between two versions of a verband, field by field, in a form an editor can
//! read: the history of a record, and a stale save's "what the other editor changed".
//!
//! The records are compared as their JSON form, so a field added to [`Verband`] is compared
//! too without touching this module. Lists of text (themes, sources, other partners) are
//! compared as sets: one change per item added or removed, never "the list differs". Members
//! are matched by code: a member joining or leaving is one change, and a changed role or date
//! of a member that stays is named with its code (`members.GM0344.end_date`).

use crate::dataset::Verband;
use serde_json::Value;

/// One difference. `before` is `None` for something added, `after` is `None` for something removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field: `name`, `themes`, `members.GM0344` (a whole membership),
    /// `members.GM0344.role` (one field of a membership that stays).
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The differences from `before` to `after`, in the order of the record's fields. With no
/// `before` (a new record) every field that has a value is an addition.
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::record_diff::{record_diff, FieldChange};
/// let before = Verband {
///     name: "Regio Oud".into(),
///     themes: vec!["afval".into()],
///     members: vec![Member { code: "GM0344".into(), ..Default::default() }, Member { code: "GM0307".into(), ..Default::default() }],
///     ..Default::default()
/// };
/// let mut after = before.clone();
/// after.name = "Regio Nieuw".into();
/// after.themes.push("water".into());
/// after.members[0].end_date = Some("2026-12-01".into());
/// after.members.remove(1);
/// let change = |field: &str, before: Option<&str>, after: Option<&str>| FieldChange {
///     field: field.into(), before: before.map(Into::into), after: after.map(Into::into),
/// };
/// assert_eq!(record_diff(Some(&before), &after), vec![
///     change("name", Some("Regio Oud"), Some("Regio Nieuw")),
///     change("themes", None, Some("water")),
///     change("members.GM0344.end_date", None, Some("2026-12-01")),
///     change("members.GM0307", Some("GM0307"), None),
/// ]);
/// assert!(record_diff(Some(&after), &after).is_empty());
/// ```
pub fn record_diff(before: Option<&Verband>, after: &Verband) -> Vec<FieldChange> {
    let empty = Value::Object(Default::default());
    let before = before.and_then(|b| serde_json::to_value(b).ok()).unwrap_or_else(|| empty.clone());
    let after = serde_json::to_value(after).unwrap_or(empty);
    let mut changes = Vec::new();
    for field in field_order(&before, &after) {
        compare(&field, before.get(&field), after.get(&field), &mut changes);
    }
    changes
}

/// My changes (from `base` to `mine`) applied to `theirs`, field by field: for a stale save,
/// so that an editor keeps both what someone else saved meanwhile and their own edits. A field
/// both changed takes mine (the editor sees both changes before saving again); the members
/// list counts as one field.
///
/// ```
/// use kaartviewer_core::dataset::Verband;
/// use kaartviewer_core::record_diff::rebase;
/// let base = Verband { name: "Avres".into(), ..Default::default() };
/// let theirs = Verband { seat: Some("Tiel".into()), ..base.clone() };
/// let mine = Verband { name: "Avres GR".into(), ..base.clone() };
/// let merged = rebase(Some(&base), &mine, &theirs);
/// assert_eq!((merged.name.as_str(), merged.seat.as_deref()), ("Avres GR", Some("Tiel")));
/// ```
pub fn rebase(base: Option<&Verband>, mine: &Verband, theirs: &Verband) -> Verband {
    let (Ok(base), Ok(Value::Object(mine_fields)), Ok(Value::Object(mut merged))) =
        (serde_json::to_value(base), serde_json::to_value(mine), serde_json::to_value(theirs))
    else {
        return mine.clone();
    };
    let base_field = |k: &str| base.get(k).filter(|v| !v.is_null());
    for (key, value) in &mine_fields {
        if base_field(key) != Some(value).filter(|v| !v.is_null()) {
            merged.insert(key.clone(), value.clone());
        }
    }
    // Fields I emptied (left out when serialised).
    for key in base.as_object().into_iter().flat_map(|o| o.keys()) {
        if !mine_fields.contains_key(key) {
            merged.remove(key);
        }
    }
    serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| mine.clone())
}

/// The field names of both records: in the order [`Verband`] declares them (serialised
/// order), then any only the other has.
fn field_order(before: &Value, after: &Value) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for record in [after, before] {
        for key in record.as_object().into_iter().flat_map(|o| o.keys()) {
            if !fields.contains(key) {
                fields.push(key.clone());
            }
        }
    }
    let declared = ["id", "name", "description", "themes", "legal_form", "members", "other_partners", "website", "seat",
        "start_date", "end_date", "phase", "sources", "checked", "editor_note", "roo_id", "origin", "division", "versions"];
    fields.sort_by_key(|f| declared.iter().position(|d| d == f).unwrap_or(declared.len()));
    fields
}

fn compare(field: &str, before: Option<&Value>, after: Option<&Value>, changes: &mut Vec<FieldChange>) {
    let before = before.filter(|v| !v.is_null());
    let after = after.filter(|v| !v.is_null());
    if before == after {
        return;
    }
    let strings = |v: Option<&Value>| -> Option<Vec<String>> {
        match v {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_string)).collect(),
            Some(_) => None,
        }
    };
    if field == "members" {
        return compare_members(before, after, changes);
    }
    if let (Some(old), Some(new)) = (strings(before), strings(after))
        && (before.is_some_and(Value::is_array) || after.is_some_and(Value::is_array))
    {
        for item in old.iter().filter(|i| !new.contains(i)) {
            changes.push(FieldChange { field: field.into(), before: Some(item.clone()), after: None });
        }
        for item in new.iter().filter(|i| !old.contains(i)) {
            changes.push(FieldChange { field: field.into(), before: None, after: Some(item.clone()) });
        }
        return;
    }
    changes.push(FieldChange { field: field.into(), before: before.map(text), after: after.map(text) });
}

/// Members matched by code: joined, left, or changed field by field.
fn compare_members(before: Option<&Value>, after: Option<&Value>, changes: &mut Vec<FieldChange>) {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let code = |m: &Value| m.get("code").and_then(Value::as_str).unwrap_or_default().to_string();
    let (old, new) = (list(before), list(after));
    for member in &new {
        let c = code(member);
        match old.iter().find(|m| code(m) == c) {
            None => changes.push(FieldChange { field: format!("members.{c}"), before: None, after: Some(member_text(member)) }),
            Some(was) => {
                let keys = |m: &Value| m.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
                let mut fields = keys(member);
                for key in keys(was) {
                    if !fields.contains(&key) {
                        fields.push(key);
                    }
                }
                for key in fields.into_iter().filter(|k| k != "code") {
                    let (b, a) = (was.get(&key).filter(|v| !v.is_null()), member.get(&key).filter(|v| !v.is_null()));
                    if b != a {
                        changes.push(FieldChange { field: format!("members.{c}.{key}"), before: b.map(text), after: a.map(text) });
                    }
                }
            }
        }
    }
    for member in old.iter().filter(|m| !new.iter().any(|n| code(n) == code(m))) {
        changes.push(FieldChange { field: format!("members.{}", code(member)), before: Some(member_text(member)), after: None });
    }
}

/// A membership in one line: `GM0344 (centrumgemeente), 2015 – 2026-12-01`.
fn member_text(member: &Value) -> String {
    let field = |k: &str| member.get(k).and_then(Value::as_str);
    let mut out = field("code").unwrap_or_default().to_string();
    if let Some(role) = field("role") {
        out += &format!(" ({role})");
    }
    match (field("start_date"), field("end_date")) {
        (Some(s), Some(e)) => out += &format!(", {s} – {e}"),
        (Some(s), None) => out += &format!(", {s} –"),
        (None, Some(e)) => out += &format!(", – {e}"),
        (None, None) => {}
    }
    if let Some(note) = field("note") {
        out += &format!(" ({note})");
    }
    out
}

/// A value as text: strings as they are, anything else as compact JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Member;

    fn base() -> Verband {
        Verband {
            id: "regio-proef".into(),
            name: "Regio Proef".into(),
            description: "Doel.".into(),
            themes: vec!["afval".into()],
            legal_form: "openbaar-lichaam".into(),
            members: vec![Member { code: "GM0153".into(), role: Some("lid".into()), ..Default::default() }],
            sources: vec!["https://www.example.nl".into()],
            checked: "2026-11-01".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_record_lists_every_field_with_a_value() {
        let changes = record_diff(None, &base());
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["id", "name", "description", "themes", "legal_form", "members.GM0153", "sources", "checked"]);
        assert!(changes.iter().all(|c| c.before.is_none()));
        assert_eq!(changes[5].after.as_deref(), Some("GM0153 (lid)"));
    }

    #[test]
    fn optional_fields_appear_and_disappear() {
        let mut after = base();
        after.end_date = Some("2026-12-01".into());
        after.members[0].role = None;
        after.members.push(Member { code: "PV26".into(), start_date: Some("2020".into()), ..Default::default() });
        let changes = record_diff(Some(&base()), &after);
        assert_eq!(
            changes,
            vec![
                FieldChange { field: "members.GM0153.role".into(), before: Some("lid".into()), after: None },
                FieldChange { field: "members.PV26".into(), before: None, after: Some("PV26, 2020 –".into()) },
                FieldChange { field: "end_date".into(), before: None, after: Some("2026-12-01".into()) },
            ]
        );
    }
}
