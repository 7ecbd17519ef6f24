//! Region names on the map: which labels fit, without colliding, at the current zoom.
//!
//! Each region offers one label at a point well inside it (its interior point). Larger
//! regions go first; a label is skipped when it is wider than its region on screen or when
//! it would overlap a label already placed. Sizes are estimated from the character count,
//! so the result is the same natively and in every browser.

use geo::{Coord, Rect};

/// One region's offer of a label.
#[derive(Debug, Clone, Copy)]
pub struct LabelCandidate<'a> {
    pub text: &'a str,
    /// Where the label is centred (map units), inside the region.
    pub anchor: Coord<f64>,
    /// The region's bounding box (map units): its area sets the priority, its width the room.
    pub bounds: Rect<f64>,
}

/// Text size and the average glyph width, as a fraction of the font size.
#[derive(Debug, Clone, Copy)]
pub struct LabelStyle {
    pub font_px: f64,
    pub glyph_width_em: f64,
    /// Extra room around each label, in screen pixels.
    pub padding_px: f64,
}

impl Default for LabelStyle {
    fn default() -> Self {
        LabelStyle { font_px: 11.0, glyph_width_em: 0.65, padding_px: 4.0 }
    }
}

/// The labels to draw: at most `max` of them, inside `visible`, at `units_per_px` map units
/// per screen pixel. Returns indices into `candidates` with each label's box (map units).
///
/// ```
/// use geo::{Coord, Rect};
/// use kaartviewer_core::label_placement::{place_labels, LabelCandidate, LabelStyle};
/// let region = |x: f64, w: f64| Rect::new(Coord { x, y: 0.0 }, Coord { x: x + w, y: 100.0 });
/// let candidates = [
///     LabelCandidate { text: "Utrecht", anchor: Coord { x: 50.0, y: 50.0 }, bounds: region(0.0, 100.0) },
///     // Its neighbour's label would overlap Utrecht's at this zoom, and it is smaller.
///     LabelCandidate { text: "Zeist", anchor: Coord { x: 90.0, y: 50.0 }, bounds: region(70.0, 60.0) },
/// ];
/// let visible = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 200.0, y: 100.0 });
/// let placed = place_labels(&candidates, visible, 1.0, &LabelStyle::default(), 10);
/// assert_eq!(placed.iter().map(|p| p.0).collect::<Vec<_>>(), vec![0]);
/// ```
pub fn place_labels(
    candidates: &[LabelCandidate],
    visible: Rect<f64>,
    units_per_px: f64,
    style: &LabelStyle,
    max: usize,
) -> Vec<(usize, Rect<f64>)> {
    let mut order: Vec<usize> = (0..candidates.len()).filter(|&i| contains(visible, candidates[i].anchor)).collect();
    let area = |i: usize| candidates[i].bounds.width() * candidates[i].bounds.height();
    order.sort_by(|&a, &b| area(b).total_cmp(&area(a)).then(a.cmp(&b)));

    let mut placed: Vec<(usize, Rect<f64>)> = Vec::new();
    for i in order {
        if placed.len() == max {
            break;
        }
        let c = &candidates[i];
        let width = (c.text.chars().count() as f64 * style.font_px * style.glyph_width_em + style.padding_px) * units_per_px;
        let height = (style.font_px * 1.2) * units_per_px;
        if width > c.bounds.width() * 1.1 {
            continue; // not enough room inside the region at this zoom
        }
        let rect = Rect::new(
            Coord { x: c.anchor.x - width / 2.0, y: c.anchor.y - height / 2.0 },
            Coord { x: c.anchor.x + width / 2.0, y: c.anchor.y + height / 2.0 },
        );
        if placed.iter().all(|(_, p)| !intersects(*p, rect)) {
            placed.push((i, rect));
        }
    }
    placed
}

fn contains(r: Rect<f64>, p: Coord<f64>) -> bool {
    p.x > r.min().x && p.x < r.max().x && p.y > r.min().y && p.y < r.max().y
}

fn intersects(a: Rect<f64>, b: Rect<f64>) -> bool {
    a.min().x < b.max().x && b.min().x < a.max().x && a.min().y < b.max().y && b.min().y < a.max().y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, size: f64) -> Rect<f64> {
        Rect::new(Coord { x, y }, Coord { x: x + size, y: y + size })
    }

    fn candidate(text: &str, at: (f64, f64), bounds: Rect<f64>) -> LabelCandidate<'_> {
        LabelCandidate { text, anchor: Coord { x: at.0, y: at.1 }, bounds }
    }

    const WORLD: f64 = 10_000.0;

    fn visible() -> Rect<f64> {
        square(0.0, 0.0, WORLD)
    }

    #[test]
    fn zooming_in_makes_room_for_more_labels() {
        // A row of ten 100-unit regions, each with a 9-letter name (about 68 px wide).
        let names: Vec<String> = (0..10).map(|i| format!("Gemeente{i}")).collect();
        let candidates: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| candidate(n, (i as f64 * 100.0 + 50.0, 50.0), square(i as f64 * 100.0, 0.0, 100.0)))
            .collect();
        let style = LabelStyle::default();
        assert!(place_labels(&candidates, visible(), 2.0, &style, 100).is_empty(), "names wider than regions");
        assert_eq!(place_labels(&candidates, visible(), 1.0, &style, 100).len(), 10);
    }

    #[test]
    fn placed_labels_never_overlap_and_larger_regions_win() {
        let big = candidate("Amersfoort", (100.0, 100.0), square(0.0, 0.0, 400.0));
        let small = candidate("Leusden", (120.0, 105.0), square(90.0, 90.0, 150.0));
        let far = candidate("Soest", (300.0, 300.0), square(250.0, 250.0, 120.0));
        let placed = place_labels(&[small, big, far], visible(), 1.0, &LabelStyle::default(), 10);
        let indices: Vec<usize> = placed.iter().map(|p| p.0).collect();
        assert_eq!(indices, vec![1, 2]);
        for (i, (_, a)) in placed.iter().enumerate() {
            for (_, b) in &placed[i + 1..] {
                assert!(!intersects(*a, *b));
            }
        }
    }

    #[test]
    fn only_visible_anchors_and_at_most_max() {
        let names: Vec<String> = (0..20).map(|i| format!("R{i}")).collect();
        let candidates: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| candidate(n, (i as f64 * 200.0 + 50.0, 50.0), square(i as f64 * 200.0, 0.0, 100.0)))
            .collect();
        let half = square(0.0, 0.0, 2000.0);
        let placed = place_labels(&candidates, half, 1.0, &LabelStyle::default(), 100);
        assert_eq!(placed.len(), 10, "anchors at x < 2000 only");
        assert_eq!(place_labels(&candidates, visible(), 1.0, &LabelStyle::default(), 3).len(), 3);
    }

    #[test]
    fn width_counts_characters_not_bytes() {
        // "Súdwest-Fryslân" has 15 characters but 17 bytes: it must fit where 15 ASCII letters fit.
        let room = square(0.0, 0.0, 15.0 * 11.0 * 0.65 + 4.0);
        let ascii = candidate("Sudwest-Fryslan", (50.0, 50.0), room);
        let accented = candidate("Súdwest-Fryslân", (50.0, 50.0), room);
        let style = LabelStyle::default();
        assert_eq!(place_labels(&[ascii], visible(), 1.0, &style, 1).len(), 1);
        assert_eq!(place_labels(&[accented], visible(), 1.0, &style, 1).len(), 1);
    }
}
