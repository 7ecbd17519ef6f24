//! A record's change field by field, so an editor reads a revision as "end date set to 2026",
//! not as two JSON documents.

use crate::dataset::Verband;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One changed field. `field` is the path as the validator names fields (`name`,
/// `members[GM0344]`, `members[GM0344].end_date`): members by code, so that a member added
/// in front does not make every later member look changed. `before` is absent for a field
/// that was added, `after` for one that was removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

fn object(v: &Verband) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The fields of a record and of a member in the order the form and the files show them
/// (a JSON map of serde_json sorts its keys); a field missing here comes last.
const RECORD_FIELDS: [&str; 19] = [
    "id", "name", "description", "themes", "legal_form", "members", "other_partners", "website", "seat", "start_date",
    "end_date", "phase", "sources", "checked", "editor_note", "roo_id", "origin", "division", "versions",
];
const MEMBER_FIELDS: [&str; 5] = ["code", "role", "start_date", "end_date", "note"];

/// Compares two objects key by key, in the order of `order`, then any other key by name.
fn compare_objects(prefix: &str, before: &Map<String, Value>, after: &Map<String, Value>, changes: &mut Vec<FieldChange>) {
    let path = |key: &str| if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
    let order: &[&str] = if prefix.is_empty() { &RECORD_FIELDS } else { &MEMBER_FIELDS };
    let mut keys: Vec<&String> = after.keys().chain(before.keys().filter(|k| !after.contains_key(*k))).collect();
    keys.sort_by_key(|k| (order.iter().position(|o| o == k).unwrap_or(order.len()), k.to_string()));
    for key in keys {
        let (b, a) = (before.get(key), after.get(key));
        if b == a {
            continue;
        }
        if prefix.is_empty() && key == "members" {
            compare_members(b, a, changes);
        } else {
            changes.push(FieldChange { field: path(key), before: b.cloned(), after: a.cloned() });
        }
    }
}

fn compare_members(before: Option<&Value>, after: Option<&Value>, changes: &mut Vec<FieldChange>) {
    let list = |v: Option<&Value>| -> Vec<(String, Map<String, Value>)> {
        v.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| {
                let map = m.as_object()?.clone();
                Some((map.get("code")?.as_str()?.to_string(), map))
            })
            .collect()
    };
    let (before, after) = (list(before), list(after));
    let find = |list: &[(String, Map<String, Value>)], code: &str| list.iter().find(|(c, _)| c == code).map(|(_, m)| m.clone());
    for (code, member) in &after {
        match find(&before, code) {
            Some(old) => compare_objects(&format!("members[{code}]"), &old, member, changes),
            None => changes.push(FieldChange { field: format!("members[{code}]"), before: None, after: Some(Value::Object(member.clone())) }),
        }
    }
    for (code, member) in before.iter().filter(|(code, _)| find(&after, code).is_none()) {
        changes.push(FieldChange { field: format!("members[{code}]"), before: Some(Value::Object(member.clone())), after: None });
    }
}

/// Every field that differs between two versions of a record; `before` is `None` for a new
/// record (every field is then added).
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::record_diff::record_diff;
/// use serde_json::json;
/// let member = |code: &str| Member { code: code.into(), ..Default::default() };
/// let before = Verband { name: "Regio X".into(), members: vec![member("GM0001"), member("GM0002")], ..Default::default() };
/// let mut after = before.clone();
/// after.name = "Regio Y".into();
/// after.members[1].end_date = Some("2026".into());
/// after.members.insert(0, member("GM0003"));
/// let changes = record_diff(Some(&before), &after);
/// let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
/// assert_eq!(fields, ["name", "members[GM0003]", "members[GM0002].end_date"]);
/// assert_eq!(changes[0].before, Some(json!("Regio X")));
/// assert_eq!(changes[2].before, None);
/// assert_eq!(changes[2].after, Some(json!("2026")));
/// ```
pub fn record_diff(before: Option<&Verband>, after: &Verband) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    compare_objects("", &before.map(object).unwrap_or_default(), &object(after), &mut changes);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Member;

    #[test]
    fn a_removed_member_and_a_removed_optional_field_are_listed() {
        let before = Verband {
            website: Some("https://x.nl".into()),
            members: vec![Member { code: "GM0001".into(), ..Default::default() }],
            ..Default::default()
        };
        let after = Verband::default();
        let changes = record_diff(Some(&before), &after);
        let fields: Vec<(&str, bool)> = changes.iter().map(|c| (c.field.as_str(), c.after.is_none())).collect();
        assert_eq!(fields, [("members[GM0001]", true), ("website", true)]);
        assert!(record_diff(Some(&after), &after).is_empty());
    }

    #[test]
    fn every_field_has_its_place_in_the_order() {
        let member = Member { code: "GM1".into(), role: Some("r".into()), start_date: Some("2020".into()), end_date: Some("2021".into()), note: Some("n".into()) };
        let full = Verband {
            members: vec![member],
            other_partners: vec!["x".into()],
            website: Some("w".into()),
            seat: Some("s".into()),
            start_date: Some("2020".into()),
            end_date: Some("2021".into()),
            phase: Some("p".into()),
            editor_note: Some("e".into()),
            roo_id: Some("1".into()),
            origin: crate::dataset::Origin::Register,
            division: Some("d".into()),
            versions: vec![Default::default()],
            ..Default::default()
        };
        for key in object(&full).keys() {
            assert!(RECORD_FIELDS.contains(&key.as_str()), "record field {key} has no place in RECORD_FIELDS");
        }
        for key in object(&full)["members"][0].as_object().unwrap().keys() {
            assert!(MEMBER_FIELDS.contains(&key.as_str()), "member field {key} has no place in MEMBER_FIELDS");
        }
    }
}
