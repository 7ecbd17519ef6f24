//! The current map as a picture: SVG for reports and PNG for slides, each carrying a title
//! and the CBS/Kadaster attribution the boundary licence asks for.
//!
//! The on-screen SVG is copied with the styles the page gives it written onto each element,
//! so the file looks the same without our stylesheet; the PNG is that SVG drawn on a canvas.

use crate::download::{offer_blob, text_blob};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The computed properties that decide how regions, outlines, links and labels look.
const STYLE_PROPERTIES: [&str; 16] = [
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linejoin",
    "stroke-linecap", "vector-effect", "paint-order", "opacity", "font-family", "font-size", "font-weight",
    "text-anchor", "dominant-baseline",
];

/// Resolution of the PNG relative to the screen, for sharp prints.
const PNG_SCALE: f64 = 2.0;

/// Text drawn into the picture.
pub struct Caption {
    pub title: String,
    pub attribution: String,
    /// The page's background colour behind the map (the sea).
    pub background: String,
}

/// A standalone SVG document of `svg` as it looks now, with its size in CSS pixels.
pub fn svg_document(svg: &Element, caption: &Caption) -> Option<(String, f64, f64)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let size = svg.get_bounding_client_rect();
    let (width, height) = (size.width().round().max(1.0), size.height().round().max(1.0));
    let view_box: Vec<f64> = svg.get_attribute("viewBox")?.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let [vx, vy, vw, _vh] = view_box[..] else { return None };
    let unit = vw / width; // map units per CSS pixel

    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let originals = svg.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    let mut hidden = Vec::new();
    for i in 0..originals.length() {
        let (Some(original), Some(element)) = (originals.item(i), copies.item(i)) else { continue };
        let (Ok(original), Ok(element)) = (original.dyn_into::<Element>(), element.dyn_into::<Element>()) else { continue };
        let Ok(Some(style)) = window.get_computed_style(&original) else { continue };
        if style.get_property_value("display").is_ok_and(|d| d == "none") {
            hidden.push(element);
            continue;
        }
        let inline: String = STYLE_PROPERTIES
            .iter()
            .filter_map(|p| style.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v};")))
            .collect();
        let _ = element.set_attribute("style", &inline);
        for attribute in ["class", "role", "aria-label", "aria-selected", "aria-hidden"] {
            let _ = element.remove_attribute(attribute);
        }
    }
    for element in hidden {
        element.remove();
    }
    for attribute in ["class", "aria-hidden"] {
        let _ = copy.remove_attribute(attribute);
    }
    let _ = copy.set_attribute("width", &width.to_string());
    let _ = copy.set_attribute("height", &height.to_string());

    let svg_element = |name: &str, attributes: &[(&str, String)]| -> Option<Element> {
        let element = document.create_element_ns(Some(SVG_NS), name).ok()?;
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        Some(element)
    };
    // Background first, then the map, then the texts on top.
    let background = svg_element("rect", &[
        ("x", format!("{vx}")), ("y", format!("{vy}")), ("width", format!("{vw}")), ("height", format!("{}", view_box[3])),
        ("fill", caption.background.clone()),
    ])?;
    let _ = copy.insert_before(&background, copy.first_child().as_ref());
    let title = svg_element("title", &[])?;
    title.set_text_content(Some(&caption.title));
    let _ = copy.insert_before(&title, copy.first_child().as_ref());

    let text = |content: &str, x: f64, y: f64, size_px: f64, anchor: &str, weight: &str| -> Option<Element> {
        let element = svg_element("text", &[
            ("x", format!("{x:.2}")), ("y", format!("{y:.2}")), ("text-anchor", anchor.into()),
            ("style", format!(
                "font-family:system-ui,sans-serif;font-size:{:.3}px;font-weight:{weight};fill:#1b1f23;stroke:#fff;stroke-width:{:.3}px;paint-order:stroke;stroke-linejoin:round",
                size_px * unit, 3.0 * unit,
            )),
        ])?;
        element.set_text_content(Some(content)); // a text node: names are never markup
        Some(element)
    };
    let margin = 8.0 * unit;
    let heading = text(&caption.title, vx + margin, vy + margin + 14.0 * unit, 15.0, "start", "700")?;
    let credit = text(&caption.attribution, vx + vw - margin, vy + view_box[3] - margin, 11.0, "end", "400")?;
    let _ = copy.append_child(&heading);
    let _ = copy.append_child(&credit);

    let markup = web_sys::XmlSerializer::new().ok()?.serialize_to_string(&copy).ok()?;
    Some((format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{markup}\n"), width, height))
}

/// Offers the SVG document as `file_name`.
pub fn offer_svg(file_name: &str, markup: &str) {
    crate::download::offer_text(file_name, "image/svg+xml;charset=utf-8", markup);
}

/// Draws the SVG document on a canvas at twice its size and offers it as a PNG.
pub fn offer_png(file_name: String, markup: &str, width: f64, height: f64) {
    let Some(blob) = text_blob(markup, "image/svg+xml;charset=utf-8") else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let loaded = image.clone();
    let (source, failed) = (url.clone(), url.clone());
    let on_load = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&source);
        let Some(canvas) = leptos::prelude::document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        let (w, h) = (width * PNG_SCALE, height * PNG_SCALE);
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(&loaded, 0.0, 0.0, w, h);
        let on_blob = Closure::once_into_js(move |png: Option<web_sys::Blob>| {
            if let Some(png) = png {
                offer_blob(&file_name, &png);
            }
        });
        let _ = canvas.to_blob(on_blob.unchecked_ref());
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    let on_error = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&failed);
        web_sys::console::error_1(&"kaartviewer: the map could not be drawn as PNG".into());
    });
    image.set_onerror(Some(on_error.unchecked_ref()));
    image.set_src(&url);
}
