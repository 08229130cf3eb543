//! Personal fields at rest, as a copy of the database shows them, on both engines: sealed, found
//! by keyed hash, re-sealed when a data key is added, and refused when altered.
use super::testing::{postgres_with, sqlite_with};
use super::tests::{id_number, resident};
use super::{FieldCipher, NewMessage, SharedStore, StoreError};
use crate::secrets::Keyring;
use std::sync::Arc;

const INDEX: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
const KEY_ONE: &str = "1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
const KEY_TWO: &str = "2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";

fn keyring(data_keys: &str) -> Keyring {
    Keyring::load(Some(INDEX), Some(data_keys), std::path::Path::new("/nonexistent")).expect("keys from the environment")
}

/// Reads or writes the database behind the store's back, as a stolen copy or an old release would.
async fn raw_user(url: &str, id: i64) -> (String, String, String) {
    let sql = "SELECT phone, id_number, COALESCE(phone_key, '') FROM users WHERE id = $1";
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_as(sql).bind(id).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query_as(sql).bind(id).fetch_one(&pool).await.unwrap()
    }
}

async fn raw_write(url: &str, sql: &str, id: i64) {
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).bind(id).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql).bind(id).execute(&pool).await.unwrap();
    }
}

async fn reopen(url: &str, keys: Keyring) -> SharedStore {
    super::connect(url, Arc::new(keys)).await.expect("the database opens again")
}

async fn personal_fields_are_sealed_found_by_key_and_rotated(store: SharedStore, url: String) {
    let building = store.buildings().await.unwrap()[0].id;
    let id = store.create_user(&resident("13900004444", 44, building), 1).await.unwrap();
    let (phone, sealed_id, phone_key) = raw_user(&url, id).await;
    assert!(phone.starts_with("enc:1:") && !phone.contains("13900004444"), "{phone}");
    assert!(sealed_id.starts_with("enc:1:") && !sealed_id.contains("0101044"), "{sealed_id}");
    assert_eq!(phone_key, keyring(KEY_ONE).phone_key("13900004444"), "the look-up key is the sign-in key");
    let found = store.user_by_phone("13900004444").await.unwrap().expect("found by keyed hash");
    assert_eq!((found.id, found.phone.as_str(), found.id_number.clone()), (id, "13900004444", id_number(44)));
    assert_eq!(store.user_by_id_number(&id_number(44)).await.unwrap().map(|u| u.id), Some(id));
    let message = NewMessage { user_id: Some(id), kind: "notice", channel: "sms", recipient: "13900004444".into(), body: "您好".into() };
    store.queue_message(&message, 2).await.unwrap();
    assert_eq!(store.outbox(1).await.unwrap()[0].recipient, "13900004444");

    // A row an older release wrote in the clear reads as it is, and the sweep seals it.
    raw_write(&url, "UPDATE users SET phone = '13900005555', phone_key = NULL WHERE id = $1", id).await;
    assert_eq!(store.user_by_id(id).await.unwrap().unwrap().phone, "13900005555");
    assert!(store.user_by_phone("13900005555").await.unwrap().is_none(), "no key yet");
    assert_eq!(store.seal_personal_data().await.unwrap(), 1);
    assert!(raw_user(&url, id).await.0.starts_with("enc:1:"));
    assert_eq!(store.user_by_phone("13900005555").await.unwrap().map(|u| u.id), Some(id));

    // A second data key: everything is re-sealed under it, after which the first can go.
    let rotated = reopen(&url, keyring(&format!("{KEY_ONE},{KEY_TWO}"))).await;
    assert_eq!(rotated.seal_personal_data().await.unwrap(), 2, "the user and the outbox message");
    assert_eq!(rotated.seal_personal_data().await.unwrap(), 0, "nothing left to do");
    assert!(raw_user(&url, id).await.0.starts_with("enc:2:"));
    let second_only = reopen(&url, keyring(KEY_TWO)).await;
    assert_eq!(second_only.user_by_phone("13900005555").await.unwrap().unwrap().id_number, id_number(44));
    assert_eq!(second_only.outbox(1).await.unwrap()[0].recipient, "13900004444");
    assert!(matches!(store.user_by_id(id).await, Err(StoreError::Sealed(_))), "key 2 is not held by the old store");

    // A sealed value moved into another column does not open.
    raw_write(&url, "UPDATE users SET phone = id_number WHERE id = $1", id).await;
    assert!(matches!(second_only.user_by_id(id).await, Err(StoreError::Sealed(_))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sealed_on_sqlite() {
    let (store, url) = sqlite_with(Arc::new(keyring(KEY_ONE)) as Arc<dyn FieldCipher>).await;
    personal_fields_are_sealed_found_by_key_and_rotated(store, url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sealed_on_postgres() {
    let (store, url) = postgres_with(Arc::new(keyring(KEY_ONE)) as Arc<dyn FieldCipher>).await;
    personal_fields_are_sealed_found_by_key_and_rotated(store, url).await;
}
