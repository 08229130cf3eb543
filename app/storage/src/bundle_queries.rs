//! The SQL of `BundleStore`, written once for both engines (see `queries.rs`), and the follow-on
//! a completing step applies to the parts waiting for it.

/// Starts (or ends) a part waiting for another, inside the step of `$done`: only if it still waits
/// for the part it names. A start carries the result document and the e-certificate the
/// step issued (by its serial) into the waiting part's materials.
macro_rules! follow_on {
    ($cipher:expr, $tx:expr, $f:expr, $done:expr, $serial:expr, $now:expr) => {{
        let moved = sqlx::query(
                "UPDATE applications SET status = $2, waiting = 0, deadline = COALESCE($3, deadline), updated_at = $4, \
                 finished_at = CASE WHEN $2 = 'withdrawn' THEN $4 ELSE finished_at END \
                 WHERE id = $1 AND after_id = $5 AND waiting = 1 AND status = 'submitted'")
            .bind($f.application_id).bind($f.to).bind(&$f.deadline).bind($now).bind($f.waits_for)
            .execute(&mut *$tx).await?;
        if moved.rows_affected() == 1 {
            if let Some(slot) = &$f.result_slot {
                sqlx::query("INSERT INTO application_files (application_id, file_id, slot, added_at) \
                             SELECT $1, a.result_file_id, $2, $3 FROM applications a WHERE a.id = $4 AND a.result_file_id IS NOT NULL \
                             ON CONFLICT (application_id, file_id) DO NOTHING")
                    .bind($f.application_id).bind(slot).bind($now).bind($done).execute(&mut *$tx).await?;
            }
            if let (Some(slot), Some(serial)) = (&$f.certificate_slot, $serial) {
                sqlx::query("INSERT INTO application_certificates (application_id, certificate_id, slot, added_at) \
                             SELECT $1, c.id, $2, $3 FROM certificates c WHERE c.serial = $4")
                    .bind($f.application_id).bind(slot).bind($now).bind(serial).execute(&mut *$tx).await?;
            }
            sqlx::query("INSERT INTO application_events (application_id, at, kind, department_code, note) \
                         SELECT id, $2, $3, department_code, $4 FROM applications WHERE id = $1")
                .bind($f.application_id).bind($now).bind($f.event_kind).bind(&$f.note).execute(&mut *$tx).await?;
            $crate::application_queries::write_notices!($cipher, $tx, &$f.notices, Some($f.application_id), None::<&str>, $now);
        }
    }};
}
pub(crate) use follow_on;

pub(crate) const BUNDLE_COLUMNS: &str = "id, ref_no, thing_code, applicant_id, filed_by_id, filed_as, submitted_at, promised_by";

macro_rules! impl_bundle_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::BundleStore for $store {
            async fn create_bundle(&self, bundle: &$crate::NewBundle, parts: &[$crate::NewBundlePart], files: &[$crate::NewFile],
                reused: &[(i64, String)], notices: &[$crate::Notice], audit: &[$crate::AuditEntry], now: i64)
                -> $crate::StoreResult<i64> {
                let taken = |e: sqlx::Error| if $crate::is_unique_violation(&e) { $crate::StoreError::Conflict("ref_no") } else { e.into() };
                let mut tx = self.pool.begin_with($begin_write).await?;
                let bundle_id: i64 = sqlx::query_scalar(
                        "INSERT INTO bundles (ref_no, thing_code, applicant_id, filed_by_id, filed_as, submitted_at, promised_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                    .bind(&bundle.ref_no).bind(&bundle.thing_code).bind(bundle.applicant_id).bind(bundle.filed_by_id)
                    .bind(&bundle.filed_as).bind(now).bind(&bundle.promised_by)
                    .fetch_one(&mut *tx).await.map_err(taken)?;
                let mut file_ids = Vec::with_capacity(files.len());
                for f in files {
                    let id: i64 = sqlx::query_scalar(
                            "INSERT INTO files (owner_id, uploaded_by, kind, original_name, stored_name, thumb_name, mime, size, \
                             sha256, in_wallet, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                        .bind(bundle.applicant_id).bind(bundle.filed_by_id).bind(&f.slot).bind(&f.original_name).bind(&f.stored_name)
                        .bind(&f.thumb_name).bind(&f.mime).bind(f.size).bind(&f.sha256).bind(f.in_wallet as i64).bind(now)
                        .fetch_one(&mut *tx).await?;
                    file_ids.push((id, f.slot.clone()));
                }
                let mut ids: Vec<i64> = Vec::with_capacity(parts.len());
                for part in parts {
                    let app = &part.app;
                    let after = part.after.and_then(|i| ids.get(i).copied());
                    let id: i64 = sqlx::query_scalar(
                            "INSERT INTO applications (ref_no, service_code, applicant_id, filed_by_id, filed_as, consent_note, \
                             department_code, status, fields_json, submitted_at, deadline, updated_at, bundle_id, after_id, waiting, channel) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9, $10, $9, $11, $12, $13, $14) RETURNING id")
                        .bind(&app.ref_no).bind(&app.service_code).bind(app.applicant_id).bind(app.filed_by_id)
                        .bind(&app.filed_as).bind(&app.consent_note).bind(&app.department_code)
                        .bind(self.cipher.seal("applications.fields_json", &app.fields_json))
                        .bind(now).bind(&app.deadline).bind(bundle_id).bind(after).bind(after.is_some() as i64).bind(app.channel)
                        .fetch_one(&mut *tx).await.map_err(taken)?;
                    ids.push(id);
                    for (file_id, slot) in file_ids.iter().filter(|(_, slot)| part.slots.contains(slot)) {
                        sqlx::query("INSERT INTO application_files (application_id, file_id, slot, added_at) VALUES ($1, $2, $3, $4)")
                            .bind(id).bind(*file_id).bind(slot).bind(now).execute(&mut *tx).await?;
                    }
                    for (file_id, slot) in reused.iter().filter(|(_, slot)| part.slots.contains(slot)) {
                        // Only the applicant's own wallet can be reused from.
                        sqlx::query("INSERT INTO application_files (application_id, file_id, slot, added_at) \
                                     SELECT $1, f.id, $3, $4 FROM files f WHERE f.id = $2 AND f.owner_id = $5 AND f.in_wallet = 1 \
                                     ON CONFLICT (application_id, file_id) DO NOTHING")
                            .bind(id).bind(*file_id).bind(slot).bind(now).bind(app.applicant_id).execute(&mut *tx).await?;
                    }
                    for (certificate_id, slot) in &app.certificates {
                        sqlx::query("INSERT INTO application_certificates (application_id, certificate_id, slot, added_at) VALUES ($1, $2, $3, $4)")
                            .bind(id).bind(certificate_id).bind(slot).bind(now).execute(&mut *tx).await?;
                    }
                    sqlx::query("INSERT INTO application_events (application_id, at, actor_id, kind, department_code, note) \
                                 VALUES ($1, $2, $3, 'submitted', $4, $5)")
                        .bind(id).bind(now).bind(app.filed_by_id).bind(&app.department_code).bind(&app.consent_note)
                        .execute(&mut *tx).await?;
                    $crate::application_queries::write_notices!(self.cipher, tx, &part.notices, Some(id), None::<&str>, now);
                }
                let link = format!("/me/things/{}", bundle.ref_no);
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(link.as_str()), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok(bundle_id)
            }

            async fn bundle_by_ref(&self, ref_no: &str) -> $crate::StoreResult<Option<$crate::BundleRow>> {
                let sql = format!("SELECT {} FROM bundles WHERE ref_no = $1", $crate::bundle_queries::BUNDLE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(ref_no).fetch_optional(&self.pool).await?)
            }

            async fn bundle_by_id(&self, id: i64) -> $crate::StoreResult<Option<$crate::BundleRow>> {
                let sql = format!("SELECT {} FROM bundles WHERE id = $1", $crate::bundle_queries::BUNDLE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn bundles_of(&self, applicant_id: i64) -> $crate::StoreResult<Vec<$crate::BundleRow>> {
                let sql = format!("SELECT {} FROM bundles WHERE applicant_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 200",
                                  $crate::bundle_queries::BUNDLE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(applicant_id).fetch_all(&self.pool).await?)
            }

            async fn bundle_parts(&self, bundle_id: i64) -> $crate::StoreResult<Vec<$crate::ApplicationRow>> {
                let sql = format!("{} WHERE a.bundle_id = $1 ORDER BY a.id", $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(bundle_id).fetch_all(&self.pool).await?)
            }

            async fn bundle_counts(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as("SELECT thing_code, COUNT(*) FROM bundles WHERE submitted_at >= $1 AND submitted_at < $2 \
                                   GROUP BY thing_code ORDER BY thing_code")
                    .bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn applications_received(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::ReceivedRow>> {
                Ok(sqlx::query_as("SELECT department_code, status, deadline, finished_at, waiting, \
                                   CAST(CASE WHEN bundle_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS in_bundle FROM applications \
                                   WHERE submitted_at >= $1 AND submitted_at < $2")
                    .bind(from).bind(to).fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_bundle_store;
