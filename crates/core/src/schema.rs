//! The dataset's JSON Schema, generated from the model and the vocabularies, so that
//! editors validate while typing and the schema can never drift from the code.

use crate::vocabulary::{LEGAL_FORMS, PHASES, THEMES, Term};
use serde_json::{Value, json};

fn one_of(terms: &[Term]) -> Value {
    Value::Array(
        terms
            .iter()
            .map(|t| json!({ "const": t.id, "title": t.nl, "description": t.en }))
            .collect(),
    )
}

const DATE: &str = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$";
/// The scheme in any case (as browsers and `validate::is_web_url` accept it), and no `user@`
/// before the host; the validator checks the rest (ports, internationalised names).
const URL: &str = r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]+\.[^\s/?#@]+([/?#]\S*)?$";

/// The JSON Schema (draft 2020-12) of a dataset file.
pub fn dataset_schema() -> Value {
    let text = |description: &str| json!({ "type": "string", "minLength": 1, "description": description });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "verbanden.schema.json",
        "title": "Samenwerkingsverbanden",
        "description": "Eén bestand met samenwerkingsverbanden voor de kaartviewer. Zie data/README.md.",
        "type": "object",
        "required": ["boundary_year", "verbanden"],
        "additionalProperties": false,
        "properties": {
            "$schema": { "type": "string" },
            "boundary_year": { "type": "integer", "minimum": 1900, "maximum": 2999,
                "description": "Jaar van de gemeentegrenzen waarop de ledencodes slaan." },
            "verbanden": { "type": "array", "items": { "$ref": "#/$defs/verband" } }
        },
        "$defs": {
            "date": { "type": "string", "pattern": DATE, "description": "JJJJ, JJJJ-MM of JJJJ-MM-DD" },
            "url": { "type": "string", "pattern": URL, "description": "Een http(s)-adres" },
            "verband": {
                "type": "object",
                "required": ["id", "name", "description", "themes", "legal_form", "members", "sources", "checked"],
                "additionalProperties": false,
                "properties": {
                    "id": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                        "description": "Vaste sleutel: kleine letters, cijfers en streepjes." },
                    "name": text("Naam van het samenwerkingsverband."),
                    "description": text("Doel: waarvoor het verband er is, in eigen woorden."),
                    "themes": { "type": "array", "minItems": 1, "uniqueItems": true, "items": { "oneOf": one_of(THEMES) } },
                    "legal_form": { "oneOf": one_of(LEGAL_FORMS) },
                    "members": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/member" } },
                    "other_partners": { "type": "array", "items": text("Andere partner, niet op de kaart.") },
                    "website": { "$ref": "#/$defs/url" },
                    "seat": text("Vestigingsplaats."),
                    "start_date": { "$ref": "#/$defs/date" },
                    "end_date": { "$ref": "#/$defs/date", "description": "Opgeheven of beëindigd op deze datum (de eerste dag dat het niet meer bestaat)." },
                    "phase": { "oneOf": one_of(PHASES) },
                    "sources": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/url" } },
                    "checked": { "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                        "description": "Datum waarop het record voor het laatst met de bronnen is vergeleken." },
                    "editor_note": text("Voor redacteuren: wat onzeker is of nog nagegaan moet worden."),
                    "roo_id": { "type": "string", "pattern": "^[0-9]+$",
                        "description": "Nummer van de gemeenschappelijke regeling in het Register van Overheidsorganisaties (organisaties.overheid.nl/<nummer>/)." }
                }
            },
            "member": {
                "type": "object",
                "required": ["code"],
                "additionalProperties": false,
                "properties": {
                    "code": { "type": "string", "pattern": "^(GM\\d{4}|PV\\d{2}|WS\\d{4})$",
                        "description": "CBS-code van een gemeente (GM) of provincie (PV), of waterschapscode (WS)." },
                    "role": text("Rol, bijvoorbeeld centrumgemeente."),
                    "start_date": { "$ref": "#/$defs/date" },
                    "end_date": { "$ref": "#/$defs/date" },
                    "note": text("Toelichting bij deze deelname, bijvoorbeeld de opgeheven gemeente waar ze van komt.")
                }
            }
        }
    })
}
