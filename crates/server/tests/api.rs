//! The JSON API, request by request: every status of the contract, sessions and CSRF, rate
//! limits, optimistic locking, history and restore, correction requests, accounts, hostile
//! input, and the published dataset following every save.

mod common;

use axum::http::StatusCode;
use common::{Call, Harness, record, short_sessions};
use kaartviewer_server::auth::RateLimits;
use serde_json::{Value, json};
use std::time::Duration;

/// The record as the API returns it, and its ETag.
async fn fetch(h: &Harness, id: &str) -> (Value, String) {
    let reply = h.send(Call::get(&format!("/api/verbanden/{id}"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{id}: {}", reply.json);
    (reply.json.clone(), reply.header("etag").to_string())
}

fn save_body(verband: &Value, reason: &str) -> Value {
    json!({"verband": verband, "reason": reason})
}

/// The published dataset's records.
async fn published(h: &Harness) -> Vec<Value> {
    let reply = h.send(Call::get("/data/verbanden.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json["verbanden"].as_array().unwrap().clone()
}

#[tokio::test]
async fn status_session_login_and_cookie() {
    let h = Harness::new();
    let status = h.send(Call::get("/api/status")).await;
    assert_eq!((status.status, status.json.clone()), (StatusCode::OK, json!({"editing": true})));
    assert_eq!(status.header("cache-control"), "no-store");
    let none = h.send(Call::get("/api/session")).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(none.error().contains(" / "), "Dutch / English: {}", none.error());
    let wrong = h.send(Call::post("/api/login", json!({"username": "beheerder", "password": "fout-wachtwoord-123"}))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown_user = h.send(Call::post("/api/login", json!({"username": "niemand", "password": "fout-wachtwoord-123"}))).await;
    assert_eq!((unknown_user.status, unknown_user.error()), (StatusCode::UNAUTHORIZED, wrong.error()), "same answer for an unknown user");

    let ok = h.send(Call::post("/api/login", json!({"username": "beheerder", "password": common::ADMIN_PASSWORD}))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(ok.json["role"], "beheerder");
    let cookie = ok.header("set-cookie");
    for part in ["kv_sessie=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let token = cookie.split(';').next().unwrap().trim_start_matches("kv_sessie=");
    let session = h.send(Call::get("/api/session").header("cookie", &format!("kv_sessie={token}"))).await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(session.json["csrf"], ok.json["csrf"]);
    assert_eq!(session.json["username"], "beheerder");
    // Only the token's hash is in the database.
    let stored: Vec<String> = {
        let c = h.state.store.lock();
        c.prepare("SELECT token_hash FROM sessions").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], kaartviewer_server::auth::token_hash(token));

    let missing = h.send(Call::get("/api/nergens")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.error().contains("unknown API address"));
    let method = h.send(Call::raw("DELETE", "/api/status", "")).await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn saving_checks_session_csrf_lock_and_validity() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let (mut verband, etag) = fetch(&h, "regio-oost").await;
    assert!(verband.get("editor_note").is_none(), "no editor notes for the public");
    verband["name"] = json!("Regio Oost (nieuw)");
    let put = |call: Call| call.header("if-match", &etag);
    let body = save_body(&verband, "Naam gewijzigd na besluit");

    let anonymous = h.send(put(Call::put("/api/verbanden/regio-oost", body.clone()))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let no_csrf = h.send(put(editor.without_csrf(Call::put("/api/verbanden/regio-oost", body.clone())))).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    assert!(no_csrf.error().contains("CSRF"));
    let bad_csrf = h.send(put(Call::put("/api/verbanden/regio-oost", body.clone()).header("cookie", &editor.cookie).header("x-csrf-token", "x"))).await;
    assert_eq!(bad_csrf.status, StatusCode::FORBIDDEN);
    let unknown = h.send(put(editor.call(Call::put("/api/verbanden/bestaat-niet", json!({"verband": {"id": "bestaat-niet"}, "reason": "x"}))))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "an incomplete record is invalid before it is looked up: {}", unknown.json);
    let mut other = verband.clone();
    other["id"] = json!("bestaat-niet");
    let unknown = h.send(put(editor.call(Call::put("/api/verbanden/bestaat-niet", save_body(&other, "x"))))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.json);
    let no_if_match = h.send(editor.call(Call::put("/api/verbanden/regio-oost", body.clone()))).await;
    assert_eq!(no_if_match.status, StatusCode::PRECONDITION_REQUIRED);
    let malformed = h.send(put(editor.call(Call::raw("PUT", "/api/verbanden/regio-oost", "{\"verband\": ")))).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.error().contains("JSON"), "{}", malformed.error());
    let other_id = h.send(put(editor.call(Call::put("/api/verbanden/regio-west", body.clone())))).await;
    assert_eq!(other_id.status, StatusCode::BAD_REQUEST);
    assert!(other_id.error().contains("regio-west"));

    let mut invalid = verband.clone();
    invalid["members"] = json!([{"code": "GM9999"}, {"code": "GM0001"}, {"code": "GM0001"}]);
    invalid["website"] = json!("javascript:alert(1)");
    let rejected = h.send(put(editor.call(Call::put("/api/verbanden/regio-oost", save_body(&invalid, "test"))))).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = rejected.json["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"members[0]") && fields.contains(&"members[2]") && fields.contains(&"website"), "{fields:?}");
    let no_reason = h.send(put(editor.call(Call::put("/api/verbanden/regio-oost", save_body(&verband, "  "))))).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.json["problems"][0]["field"], "reason");

    let saved = h.send(put(editor.call(Call::put("/api/verbanden/regio-oost", body.clone())))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    assert_eq!(saved.json["verband"]["name"], "Regio Oost (nieuw)");
    assert_eq!(saved.header("etag"), saved.json["etag"].as_str().unwrap());
    assert_ne!(saved.header("etag"), etag);
    assert_eq!(saved.json["verband"]["editor_note"], json!(null), "the editor sent no note, so none is stored");
    let (after, new_etag) = fetch(&h, "regio-oost").await;
    assert_eq!(after["name"], "Regio Oost (nieuw)");
    assert_eq!(new_etag, saved.header("etag"));
    let public = published(&h).await;
    assert!(public.iter().any(|v| v["name"] == "Regio Oost (nieuw)"), "the public dataset follows the save");
}

#[tokio::test]
async fn a_stale_save_is_refused_with_the_other_editors_change() {
    let h = Harness::new();
    let anna = h.account("anna", "redacteur").await;
    let bram = h.account("bram", "redacteur").await;
    let (verband, etag) = fetch(&h, "regio-west").await;
    let mut by_anna = verband.clone();
    by_anna["end_date"] = json!("2026-06-30");
    let mut by_bram = verband.clone();
    by_bram["seat"] = json!("Utrecht");
    let first = h.send(anna.call(Call::put("/api/verbanden/regio-west", save_body(&by_anna, "Opgeheven per 30 juni")).header("if-match", &etag))).await;
    assert_eq!(first.status, StatusCode::OK);
    let second = h.send(bram.call(Call::put("/api/verbanden/regio-west", save_body(&by_bram, "Vestiging")).header("if-match", &etag))).await;
    assert_eq!(second.status, StatusCode::PRECONDITION_FAILED, "{}", second.json);
    assert_eq!(second.json["current"]["end_date"], "2026-06-30");
    assert_eq!(second.json["editor"], "anna");
    assert_eq!(second.json["reason"], "Opgeheven per 30 juni");
    assert_eq!(second.json["etag"], first.json["etag"]);
    assert!(second.json["at"].as_str().unwrap().ends_with('Z'));
    assert!(second.error().contains("anna"));
    // Nothing of Bram's was stored; with the new ETag his save goes through.
    let (now, _) = fetch(&h, "regio-west").await;
    assert!(now.get("seat").is_none());
    let mut merged = now.clone();
    merged["seat"] = json!("Utrecht");
    let retry = h.send(bram.call(Call::put("/api/verbanden/regio-west", save_body(&merged, "Vestiging")).header("if-match", first.json["etag"].as_str().unwrap()))).await;
    assert_eq!(retry.status, StatusCode::OK);
}

#[tokio::test]
async fn saving_a_register_record_makes_a_curated_override() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let (register, etag) = fetch(&h, "gr-10").await;
    assert_eq!(register["origin"], "register");
    assert_eq!(register["versions"].as_array().unwrap().len(), 2);
    let before_order: Vec<String> = published(&h).await.iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    let mut edited = register.clone();
    edited["members"] = json!([{"code": "GM0002"}, {"code": "GM0003", "end_date": "2026-01-01"}]);
    let saved = h.send(editor.call(Call::put("/api/verbanden/gr-10", save_body(&edited, "GM0003 trad uit")).header("if-match", &etag))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    let stored = &saved.json["verband"];
    assert!(stored.get("origin").is_none() && stored.get("versions").is_none() && stored.get("division").is_none(), "{stored}");
    assert_eq!(stored["roo_id"], "11");
    // Published in the register record's place, with the register's versions on its timeline.
    let after = published(&h).await;
    let after_order: Vec<String> = after.iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(before_order, after_order);
    let record = after.iter().find(|v| v["id"] == "gr-10").unwrap();
    assert!(record.get("origin").is_none(), "curated now");
    assert_eq!(record["versions"].as_array().unwrap().len(), 2);
    assert_eq!(record["members"][1]["end_date"], "2026-01-01");
    // Its history starts with the register record.
    let history = h.send(editor.call(Call::get("/api/verbanden/gr-10/history"))).await;
    assert_eq!(history.json["revisions"][0]["before"]["origin"], "register");
}

#[tokio::test]
async fn a_register_record_replaced_by_its_roo_id_is_not_editable_twice() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let mut own = serde_json::to_value(record("afvalschap-midden", &["GM0002", "GM0003"])).unwrap();
    own["roo_id"] = json!("10"); // an older version of gr-10
    let created = h.send(editor.call(Call::post("/api/verbanden", save_body(&own, "Eigen record van de regeling")))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let ids: Vec<String> = published(&h).await.iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["vr01", "afvalschap-midden", "regio-oost", "afval-oost", "regio-west"]);
    // gr-10 is no longer published, so it cannot be read, saved or created again.
    assert_eq!(h.send(Call::get("/api/verbanden/gr-10")).await.status, StatusCode::NOT_FOUND);
    let mut again = own.clone();
    again["id"] = json!("gr-10");
    let put = h.send(editor.call(Call::put("/api/verbanden/gr-10", save_body(&again, "x"))).header("if-match", "\"x\"")).await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    let post = h.send(editor.call(Call::post("/api/verbanden", save_body(&again, "x")))).await;
    assert_eq!(post.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn creating_a_record() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let new = serde_json::to_value(record("nieuw-verband", &["GM0001", "GM0005"])).unwrap();
    let anonymous = h.send(Call::post("/api/verbanden", save_body(&new, "Nieuw"))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let no_csrf = h.send(editor.without_csrf(Call::post("/api/verbanden", save_body(&new, "Nieuw")))).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let created = h.send(editor.call(Call::post("/api/verbanden", save_body(&new, "Nieuw verband")))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.header("location"), "/api/verbanden/nieuw-verband");
    assert_eq!(created.header("etag"), created.json["etag"].as_str().unwrap());
    for existing in ["nieuw-verband", "regio-oost", "vr01"] {
        let mut again = new.clone();
        again["id"] = json!(existing);
        let conflict = h.send(editor.call(Call::post("/api/verbanden", save_body(&again, "Nogmaals")))).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT, "{existing}: {}", conflict.json);
    }
    let mut bad = new.clone();
    bad["id"] = json!("Geen Slug");
    bad["themes"] = json!([]);
    let invalid = h.send(editor.call(Call::post("/api/verbanden", save_body(&bad, "Nieuw")))).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = invalid.json["problems"].as_array().unwrap().iter().filter_map(|p| p["field"].as_str()).collect();
    assert!(fields.contains(&"id") && fields.contains(&"themes"), "{fields:?}");
    assert!(published(&h).await.iter().any(|v| v["id"] == "nieuw-verband"));
}

#[tokio::test]
async fn history_and_restore() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let (original, mut etag) = fetch(&h, "afval-oost").await;
    for (seat, reason) in [("Enschede", "Vestiging bekend"), ("Hengelo", "Verhuisd")] {
        let mut v = original.clone();
        v["seat"] = json!(seat);
        let body = json!({"verband": v, "reason": reason, "sources": ["https://www.example.nl/besluit"]});
        let reply = h.send(editor.call(Call::put("/api/verbanden/afval-oost", body)).header("if-match", &etag)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        etag = reply.header("etag").to_string();
    }
    let anonymous = h.send(Call::get("/api/verbanden/afval-oost/history")).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let history = h.send(editor.call(Call::get("/api/verbanden/afval-oost/history"))).await;
    let revisions = history.json["revisions"].as_array().unwrap().clone();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["reason"], "Verhuisd", "newest first");
    assert_eq!(revisions[0]["editor"], "anna");
    assert_eq!(revisions[0]["sources"], json!(["https://www.example.nl/besluit"]));
    assert_eq!(revisions[0]["correction"], json!(null));
    assert_eq!(revisions[0]["before"]["seat"], "Enschede");
    assert_eq!(revisions[0]["changes"], json!([{"field": "seat", "before": "Enschede", "after": "Hengelo"}]));
    assert_eq!(revisions[1]["changes"], json!([{"field": "seat", "after": "Enschede"}]));
    assert!(revisions[1]["before"].get("seat").is_none());
    let missing = h.send(editor.call(Call::get("/api/verbanden/bestaat-niet/history"))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Restore the first version (Enschede).
    let first = revisions[1]["id"].as_i64().unwrap();
    let body = json!({"revision": first, "reason": "Verhuizing ging niet door"});
    let stale = h.send(editor.call(Call::post("/api/verbanden/afval-oost/restore", body.clone())).header("if-match", "\"oud\"")).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let no_if_match = h.send(editor.call(Call::post("/api/verbanden/afval-oost/restore", body.clone()))).await;
    assert_eq!(no_if_match.status, StatusCode::PRECONDITION_REQUIRED);
    let wrong_record = h.send(editor.call(Call::post("/api/verbanden/regio-oost/restore", body.clone())).header("if-match", &etag)).await;
    assert_eq!(wrong_record.status, StatusCode::NOT_FOUND);
    let restored = h.send(editor.call(Call::post("/api/verbanden/afval-oost/restore", body)).header("if-match", &etag)).await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.json);
    assert_eq!(restored.json["verband"]["seat"], "Enschede");
    let history = h.send(editor.call(Call::get("/api/verbanden/afval-oost/history"))).await;
    assert_eq!(history.json["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(history.json["revisions"][0]["reason"], "Verhuizing ging niet door");
    assert!(published(&h).await.iter().any(|v| v["id"] == "afval-oost" && v["seat"] == "Enschede"));
}

async fn anonymous_token(h: &Harness) -> String {
    let reply = h.send(Call::get("/api/csrf")).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json["csrf"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_correction_request_is_accepted_by_a_save_or_declined() {
    let h = Harness::new();
    let request = json!({"subject_kind": "verband", "subject_id": "regio-oost", "message": "GM0003 doet ook mee sinds 2024.", "source": "https://www.example.nl/besluit", "email": "inwoner@example.nl"});
    let without = h.send(Call::post("/api/correcties", request.clone())).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let forged = h.send(Call::post("/api/correcties", request.clone()).header("x-csrf-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let token = anonymous_token(&h).await;
    let sent = h.send(Call::post("/api/correcties", request.clone()).header("x-csrf-token", &token)).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    let id = sent.json["id"].as_i64().unwrap();
    let second = h.send(Call::post("/api/correcties", json!({"subject_kind": "region", "subject_id": "GM0004", "message": "Klopt niet."})).header("x-csrf-token", &token)).await;
    assert_eq!(second.status, StatusCode::CREATED);
    let other = second.json["id"].as_i64().unwrap();

    let invalid = h.send(Call::post("/api/correcties", json!({"subject_kind": "iets", "subject_id": "", "message": "", "source": "ftp://x", "email": "geen adres"})).header("x-csrf-token", &token)).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = invalid.json["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["subject_kind", "subject_id", "message", "source", "email"]);
    let long = json!({"subject_kind": "verband", "subject_id": "regio-oost", "message": "x".repeat(2001)});
    assert_eq!(h.send(Call::post("/api/correcties", long).header("x-csrf-token", &token)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = json!({"subject_kind": "verband", "subject_id": "regio-oost", "message": "x".repeat(20_000)});
    let too_large = h.send(Call::post("/api/correcties", huge).header("x-csrf-token", &token)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", too_large.json);

    // The inbox.
    assert_eq!(h.send(Call::get("/api/correcties")).await.status, StatusCode::UNAUTHORIZED);
    let editor = h.account("anna", "redacteur").await;
    let inbox = h.send(editor.call(Call::get("/api/correcties?status=open"))).await;
    let list = inbox.json["correcties"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["message"], "GM0003 doet ook mee sinds 2024.");
    assert_eq!(list[1]["status"], "open");
    assert_eq!(list[1]["email"], "inwoner@example.nl");
    assert_eq!(h.send(editor.call(Call::get("/api/correcties?status=alles"))).await.status, StatusCode::BAD_REQUEST);
    // Never published as such.
    let public = h.send(Call::get("/data/verbanden.json")).await;
    assert!(!String::from_utf8_lossy(&public.bytes).contains("doet ook mee"));

    // Accept: save the record with the request.
    let (mut verband, etag) = fetch(&h, "regio-oost").await;
    verband["members"].as_array_mut().unwrap().push(json!({"code": "GM0003", "start_date": "2024"}));
    let body = json!({"verband": verband, "reason": "Melding: GM0003 doet mee", "correction": id});
    let saved = h.send(editor.call(Call::put("/api/verbanden/regio-oost", body.clone())).header("if-match", &etag)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    let all = h.send(editor.call(Call::get("/api/correcties?status=all"))).await;
    let accepted = all.json["correcties"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["handled_by"], "anna");
    assert_eq!(accepted["decision"], "Melding: GM0003 doet mee");
    let history = h.send(editor.call(Call::get("/api/verbanden/regio-oost/history"))).await;
    assert_eq!(history.json["revisions"][0]["correction"], id);
    // A handled request cannot be used again.
    let again = h.send(editor.call(Call::put("/api/verbanden/regio-oost", body)).header("if-match", saved.header("etag"))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // Decline the other.
    let path = format!("/api/correcties/{other}/decline");
    assert_eq!(h.send(editor.without_csrf(Call::post(&path, json!({"reason": "Klopt wel"})))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.send(editor.call(Call::post(&path, json!({"reason": ""})))).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declined = h.send(editor.call(Call::post(&path, json!({"reason": "Klopt wel: zie de regeling"})))).await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.json);
    assert_eq!(declined.json["status"], "declined");
    assert_eq!(declined.json["decision"], "Klopt wel: zie de regeling");
    assert_eq!(h.send(editor.call(Call::post(&path, json!({"reason": "Nogmaals"})))).await.status, StatusCode::CONFLICT);
    assert_eq!(h.send(editor.call(Call::post("/api/correcties/999/decline", json!({"reason": "x"})))).await.status, StatusCode::NOT_FOUND);
    let open = h.send(editor.call(Call::get("/api/correcties"))).await;
    assert_eq!(open.json["correcties"], json!([]));
}

#[tokio::test]
async fn login_is_rate_limited_per_username_and_per_ip() {
    let limits = RateLimits { logins_per_ip: 8, ..RateLimits::default() };
    let h = Harness::with(|_| {}, limits);
    for _ in 0..5 {
        let wrong = h.send(Call::post("/api/login", json!({"username": "beheerder", "password": "raden-raden-raden"})).at_ip("192.0.2.10")).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    // The username is locked, from any address, even with the right password.
    let locked = h.send(Call::post("/api/login", json!({"username": "beheerder", "password": common::ADMIN_PASSWORD})).at_ip("192.0.2.11")).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = locked.header("retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(locked.error().contains("seconden"));
    // One address trying many usernames.
    for i in 0..8 {
        let reply = h.send(Call::post("/api/login", json!({"username": format!("gebruiker{i}"), "password": "x"})).at_ip("192.0.2.20")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = h.send(Call::post("/api/login", json!({"username": "nog-een", "password": "x"})).at_ip("192.0.2.20")).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!blocked.header("retry-after").is_empty());
}

#[tokio::test]
async fn correction_requests_are_rate_limited_per_ip() {
    let h = Harness::with(|_| {}, RateLimits { corrections_per_ip: 3, ..RateLimits::default() });
    let token = anonymous_token(&h).await;
    let request = json!({"subject_kind": "region", "subject_id": "GM0001", "message": "Er klopt iets niet."});
    for _ in 0..3 {
        let sent = h.send(Call::post("/api/correcties", request.clone()).header("x-csrf-token", &token).at_ip("198.51.100.7")).await;
        assert_eq!(sent.status, StatusCode::CREATED);
    }
    let limited = h.send(Call::post("/api/correcties", request.clone()).header("x-csrf-token", &token).at_ip("198.51.100.7")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("retry-after").parse::<u64>().unwrap() > 0);
    let elsewhere = h.send(Call::post("/api/correcties", request).header("x-csrf-token", &token).at_ip("198.51.100.8")).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED);
}

#[tokio::test]
async fn sessions_expire_and_logout_ends_them() {
    let h = Harness::with(short_sessions, RateLimits::default());
    let admin = h.admin().await;
    assert_eq!(h.send(admin.call(Call::get("/api/session"))).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(h.send(admin.call(Call::get("/api/session"))).await.status, StatusCode::UNAUTHORIZED, "expired");

    let h = Harness::new();
    let admin = h.admin().await;
    let no_csrf = h.send(admin.without_csrf(Call::post("/api/logout", json!({})))).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    assert_eq!(h.send(admin.call(Call::get("/api/session"))).await.status, StatusCode::OK, "still signed in");
    let out = h.send(admin.call(Call::post("/api/logout", json!({})))).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.header("set-cookie");
    assert!(cleared.starts_with("kv_sessie=;") && cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(h.send(admin.call(Call::get("/api/session"))).await.status, StatusCode::UNAUTHORIZED);
    let (verband, etag) = fetch(&h, "regio-west").await;
    let after_logout = h.send(admin.call(Call::put("/api/verbanden/regio-west", save_body(&verband, "x"))).header("if-match", &etag)).await;
    assert_eq!(after_logout.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn accounts_are_for_beheerders() {
    let h = Harness::new();
    let admin = h.admin().await;
    let redacteur = h.account("anna", "redacteur").await;
    let forbidden = h.send(redacteur.call(Call::get("/api/accounts"))).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "no role");
    let body = json!({"username": "bram", "password": "lang-genoeg-wachtwoord", "role": "redacteur"});
    assert_eq!(h.send(redacteur.call(Call::post("/api/accounts", body.clone()))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.send(admin.without_csrf(Call::post("/api/accounts", body.clone()))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.send(admin.call(Call::post("/api/accounts", body.clone()))).await.status, StatusCode::CREATED);
    assert_eq!(h.send(admin.call(Call::post("/api/accounts", body))).await.status, StatusCode::CONFLICT);
    let weak = h.send(admin.call(Call::post("/api/accounts", json!({"username": "Cees Daal", "password": "kort", "role": "baas"})))).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json["problems"].as_array().unwrap().len(), 3);
    let list = h.send(admin.call(Call::get("/api/accounts"))).await;
    let names: Vec<&str> = list.json["accounts"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["anna", "beheerder", "bram"]);
    assert!(list.json["accounts"][0].get("password_hash").is_none());
    assert_eq!(h.send(admin.call(Call::delete("/api/accounts/beheerder"))).await.status, StatusCode::CONFLICT, "not yourself");
    assert_eq!(h.send(admin.call(Call::delete("/api/accounts/anna"))).await.status, StatusCode::NO_CONTENT);
    assert_eq!(h.send(admin.call(Call::delete("/api/accounts/anna"))).await.status, StatusCode::NOT_FOUND);
    // Her session ended with her account.
    assert_eq!(h.send(redacteur.call(Call::get("/api/session"))).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hostile_input_gets_a_clear_error() {
    let h = Harness::new();
    let editor = h.account("anna", "redacteur").await;
    let (verband, etag) = fetch(&h, "regio-west").await;
    let put = |body: &str| editor.call(Call::raw("PUT", "/api/verbanden/regio-west", body)).header("if-match", &etag);
    let deep = "[".repeat(100_000);
    let reply = h.send(put(&deep)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("recursion"), "{}", reply.error());
    let huge = format!("{{\"reason\": \"{}\"}}", "x".repeat(600_000));
    assert_eq!(h.send(put(&huge)).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    let wrong_type = h.send(put(&json!({"verband": {"id": 5}, "reason": "x"}).to_string())).await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut unknown_field = verband.clone();
    unknown_field["kleur"] = json!("rood");
    let reply = h.send(put(&save_body(&unknown_field, "x").to_string())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["problems"][0]["field"], "kleur");
    let reply = h.send(put(&json!({"verband": verband, "reason": "x", "extra": 1}).to_string())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("extra"));
    let reply = h.send(put(&json!({"verband": verband, "reason": 7}).to_string())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = h.send(put("\u{0}\u{ff}")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let mut control = verband.clone();
    control["name"] = json!("Regio\u{202e}West");
    let reply = h.send(put(&save_body(&control, "x").to_string())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let form = h.send(put("a=b").header("content-type", "application/x-www-form-urlencoded")).await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let login = h.send(Call::raw("POST", "/api/login", "{\"username\": [1,2,3]}")).await;
    assert_eq!(login.status, StatusCode::BAD_REQUEST);
    let long_id = format!("/api/verbanden/{}", "a".repeat(10_000));
    assert_eq!(h.send(Call::get(&long_id)).await.status, StatusCode::NOT_FOUND);
    // Nothing changed.
    assert_eq!(fetch(&h, "regio-west").await.1, etag);
}

#[tokio::test]
async fn editor_notes_only_for_the_signed_in() {
    let h = Harness::new();
    let (public, public_etag) = fetch(&h, "regio-oost").await;
    assert!(public.get("editor_note").is_none());
    let editor = h.account("anna", "redacteur").await;
    let signed_in = h.send(editor.call(Call::get("/api/verbanden/regio-oost"))).await;
    assert_eq!(signed_in.json["editor_note"], "Nog controleren.");
    assert_eq!(signed_in.header("etag"), public_etag);
    let dataset = h.send(Call::get("/data/verbanden.json")).await;
    assert!(!String::from_utf8_lossy(&dataset.bytes).contains("Nog controleren"));
}

#[tokio::test]
async fn the_published_dataset_is_cached_and_compressed() {
    let h = Harness::new();
    let plain = h.send(Call::get("/data/verbanden.json")).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("cache-control"), "no-cache");
    assert_eq!(plain.header("vary"), "Accept-Encoding");
    assert_eq!(plain.header("content-type"), "application/json");
    assert!(plain.headers.get("content-encoding").is_none());
    let ids: Vec<&str> = plain.json["verbanden"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["vr01", "gr-10", "regio-oost", "afval-oost", "regio-west"]);
    let etag = plain.header("etag").to_string();
    let br = h.send(Call::get("/data/verbanden.json").header("accept-encoding", "gzip, br")).await;
    assert_eq!(br.header("content-encoding"), "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut br.bytes.as_slice(), &mut decoded).unwrap();
    assert_eq!(decoded, plain.bytes);
    let gzip = h.send(Call::get("/data/verbanden.json").header("accept-encoding", "gzip")).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gzip.bytes.as_slice()), &mut decoded).unwrap();
    assert_eq!(decoded, plain.bytes);
    let revalidated = h.send(Call::get("/data/verbanden.json").header("if-none-match", &etag)).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.bytes.is_empty());
    // A save changes the ETag.
    let editor = h.account("anna", "redacteur").await;
    let (mut v, record_etag) = fetch(&h, "regio-west").await;
    v["seat"] = json!("Zwolle");
    let saved = h.send(editor.call(Call::put("/api/verbanden/regio-west", save_body(&v, "Vestiging"))).header("if-match", &record_etag)).await;
    assert_eq!(saved.status, StatusCode::OK);
    let changed = h.send(Call::get("/data/verbanden.json").header("if-none-match", &etag)).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.header("etag"), etag);
}
