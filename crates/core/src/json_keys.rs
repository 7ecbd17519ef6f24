//! Duplicate keys in a JSON object. JSON parsers (serde_json too) keep only the last value
//! of a repeated key, so a left-over merge conflict with two `"verbanden"` arrays, or a
//! record with two `"members"`, loses data without a word. This walk finds every repeated
//! key, with its path, so the reader can report it instead.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A key that occurs more than once in one object: the path of that object and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub object: Vec<Step>,
    pub key: String,
}

/// What a scan found: the repeated keys, and the first string `"id"` of every object (by its
/// path), to name a record even when a later duplicate replaced it.
#[derive(Debug, Default)]
pub struct KeyScan {
    pub duplicates: Vec<DuplicateKey>,
    pub ids: HashMap<Vec<Step>, String>,
}

/// Every repeated key in `text`, in document order (each repetition once per extra
/// occurrence). Text that is not valid JSON gives what was found before the fault; the
/// caller reports the syntax error itself.
///
/// ```
/// use kaartviewer_core::json_keys::{duplicate_keys, Step};
/// let found = duplicate_keys(r#"{"verbanden": [{"id": "a"}], "x": {"a": 1, "a": 2}, "verbanden": [1]}"#);
/// assert_eq!(found.duplicates.len(), 2);
/// assert_eq!((found.duplicates[0].object.clone(), found.duplicates[0].key.as_str()), (vec![Step::Key("x".into())], "a"));
/// assert_eq!((found.duplicates[1].object.clone(), found.duplicates[1].key.as_str()), (vec![], "verbanden"));
/// assert_eq!(found.ids[&vec![Step::Key("verbanden".into()), Step::Index(0)]], "a");
/// ```
pub fn duplicate_keys(text: &str) -> KeyScan {
    let mut found = KeyScan::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let _ = Walk { path: Vec::new(), found: &mut found }.deserialize(&mut deserializer);
    found
}

/// Visits every value, remembering the path, and notes keys seen twice in one object.
struct Walk<'a> {
    path: Vec<Step>,
    found: &'a mut KeyScan,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                self.found.duplicates.push(DuplicateKey { object: self.path.clone(), key: key.clone() });
            }
            if key == "id" {
                if let serde_json::Value::String(id) = map.next_value::<serde_json::Value>()? {
                    self.found.ids.entry(self.path.clone()).or_insert(id);
                }
                continue;
            }
            let mut path = self.path.clone();
            path.push(Step::Key(key));
            map.next_value_seed(Walk { path, found: &mut *self.found })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let mut path = self.path.clone();
            path.push(Step::Index(index));
            if seq.next_element_seed(Walk { path, found: &mut *self.found })?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A path below a record as the validator names fields: `name`, `members[2].code`.
pub fn field_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_duplicates_are_found_with_their_path() {
        let text = r#"{"verbanden": [{"id": "a"}, {"id": "b", "members": [{"code": "GM1", "code": "GM2"}], "members": []}]}"#;
        let found = duplicate_keys(text).duplicates;
        let named: Vec<(String, &str)> = found.iter().map(|d| (field_path(&d.object), d.key.as_str())).collect();
        assert_eq!(named, [("verbanden[1].members[0]".to_string(), "code"), ("verbanden[1]".to_string(), "members")]);
        assert!(duplicate_keys(r#"{"a": [1, {"b": 2}], "c": "a"}"#).duplicates.is_empty());
        assert!(duplicate_keys("{\"a\": 1, \"a\"").duplicates.len() == 1, "found before the syntax error");
    }
}
