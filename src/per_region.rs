//! One reactive value per region, updated by diffing: a new shading or highlight sets only
//! the signals of regions whose value changed, so only those paths are touched.

use leptos::prelude::*;
use std::collections::HashMap;

/// Values by region code; each path reads its own signal.
pub struct PerRegion<T: Send + Sync + 'static> {
    signals: StoredValue<HashMap<String, ArcRwSignal<Option<T>>>>,
    current: StoredValue<HashMap<String, T>>,
}

// By hand: derived impls would require `T: Copy`, but only the handles are copied.
impl<T: Send + Sync + 'static> Clone for PerRegion<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for PerRegion<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> PerRegion<T> {
    /// Follows `source`: whenever it changes, the regions whose value differs are updated.
    pub fn follow(source: impl Fn() -> HashMap<String, T> + 'static) -> PerRegion<T> {
        let per_region = PerRegion { signals: StoredValue::new(HashMap::new()), current: StoredValue::new(HashMap::new()) };
        Effect::new(move |_| per_region.replace(source()));
        per_region
    }

    /// The signal of `code` (reference-counted, so it outlives the path that first asked).
    pub fn signal(&self, code: &str) -> ArcRwSignal<Option<T>> {
        let value = self.current.with_value(|c| c.get(code).cloned());
        self.signals
            .try_update_value(|s| s.entry(code.to_string()).or_insert_with(|| ArcRwSignal::new(value)).clone())
            .expect("stored for the map view's lifetime")
    }

    fn replace(&self, next: HashMap<String, T>) {
        let previous = self.current.try_update_value(|c| std::mem::replace(c, next.clone())).unwrap_or_default();
        let changed: Vec<(ArcRwSignal<Option<T>>, Option<T>)> = self.signals.with_value(|signals| {
            previous
                .keys()
                .chain(next.keys())
                .filter(|code| previous.get(*code) != next.get(*code))
                .filter_map(|code| Some((signals.get(code)?.clone(), next.get(code).cloned())))
                .collect()
        });
        // Set outside the borrow: a path that re-renders may ask for its signal again.
        for (signal, value) in changed {
            signal.set(value);
        }
    }
}
