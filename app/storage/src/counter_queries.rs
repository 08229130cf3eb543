//! The SQL of `CounterStore`, written once for both engines (see `queries.rs`). A place in a
//! slot is taken by one guarded upsert (`used < capacity`), the market's pattern; numbers come
//! from one upserted counter per office and day; every move is compare-and-set on the status.

pub(crate) const OFFICE_COLUMNS: &str = "id, code, name, name_en, address, address_en, community_code, department_code, slot_minutes";

pub(crate) const APPOINTMENT_SELECT: &str = "SELECT a.id, a.ref_no, a.office_id, o.code AS office_code, a.service, a.starts_at, \
    a.resident_id, u.name AS resident_name, a.booked_by_id, a.status, a.created_at FROM appointments a \
    JOIN counter_offices o ON o.id = a.office_id JOIN users u ON u.id = a.resident_id";

pub(crate) const TICKET_COLUMNS: &str = "id, office_id, day, seq, label, token, service, resident_id, appointment_id, taken_via, \
    status, window_label, outcome, taken_at, called_at, finished_at";

/// Takes one place in a slot while it has room: `true` if taken.
macro_rules! take_place {
    ($tx:expr, $office:expr, $service:expr, $starts_at:expr, $capacity:expr) => {{
        let taken: Option<i64> = sqlx::query_scalar(
                "INSERT INTO counter_slot_use (office_id, service, starts_at, used) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (office_id, service, starts_at) DO UPDATE SET used = counter_slot_use.used + 1 \
                 WHERE counter_slot_use.used < $4 RETURNING used")
            .bind($office).bind($service).bind($starts_at).bind($capacity).fetch_optional(&mut *$tx).await?;
        taken.is_some()
    }};
}

macro_rules! give_back_place {
    ($tx:expr, $office:expr, $service:expr, $starts_at:expr) => {
        sqlx::query("UPDATE counter_slot_use SET used = used - 1 WHERE office_id = $1 AND service = $2 AND starts_at = $3 AND used > 0")
            .bind($office).bind($service).bind($starts_at).execute(&mut *$tx).await?;
    };
}

macro_rules! impl_counter_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::CounterStore for $store {
            async fn put_office(&self, o: &$crate::OfficeRow) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar("INSERT INTO counter_offices (code, name, name_en, address, address_en, community_code, department_code, \
                                       slot_minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO UPDATE SET \
                                       name = excluded.name, name_en = excluded.name_en, address = excluded.address, \
                                       address_en = excluded.address_en RETURNING id")
                    .bind(&o.code).bind(&o.name).bind(&o.name_en).bind(&o.address).bind(&o.address_en)
                    .bind(&o.community_code).bind(&o.department_code).bind(o.slot_minutes).fetch_one(&self.pool).await?)
            }

            async fn offices(&self) -> $crate::StoreResult<Vec<$crate::OfficeRow>> {
                let sql = format!("SELECT {} FROM counter_offices ORDER BY id", $crate::counter_queries::OFFICE_COLUMNS);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn office(&self, code: &str) -> $crate::StoreResult<Option<$crate::OfficeRow>> {
                let sql = format!("SELECT {} FROM counter_offices WHERE code = $1", $crate::counter_queries::OFFICE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(code).fetch_optional(&self.pool).await?)
            }

            async fn counter_hours(&self, office_id: i64) -> $crate::StoreResult<Vec<$crate::CounterHoursRow>> {
                Ok(sqlx::query_as("SELECT id, office_id, service, weekday, start_minute, capacity FROM counter_hours \
                                   WHERE office_id = $1 ORDER BY service, weekday, start_minute")
                    .bind(office_id).fetch_all(&self.pool).await?)
            }

            async fn put_counter_hours(&self, h: &$crate::CounterHoursRow, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("INSERT INTO counter_hours (office_id, service, weekday, start_minute, capacity) VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (office_id, service, weekday, start_minute) DO UPDATE SET capacity = excluded.capacity")
                    .bind(h.office_id).bind(&h.service).bind(h.weekday).bind(h.start_minute).bind(h.capacity).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(())
            }

            async fn remove_counter_hours(&self, id: i64, office_id: i64, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("DELETE FROM counter_hours WHERE id = $1 AND office_id = $2").bind(id).bind(office_id).execute(&mut *tx).await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn counter_slot_use(&self, office_id: i64, service: &str, from: i64, to: i64) -> $crate::StoreResult<Vec<(i64, i64)>> {
                Ok(sqlx::query_as("SELECT starts_at, used FROM counter_slot_use WHERE office_id = $1 AND service = $2 \
                                   AND starts_at >= $3 AND starts_at < $4")
                    .bind(office_id).bind(service).bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn book_counter(&self, a: &$crate::NewAppointment, capacity: i64, notices: &[$crate::Notice],
                audit: &[$crate::AuditEntry], now: i64) -> $crate::StoreResult<$crate::CounterBooking> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                if !$crate::counter_queries::take_place!(tx, a.office_id, &a.service, a.starts_at, capacity) {
                    return Ok($crate::CounterBooking::Full);
                }
                let inserted = sqlx::query_scalar("INSERT INTO appointments (ref_no, office_id, service, starts_at, resident_id, booked_by_id, \
                                                   status, created_at, updated_at, channel) VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, $7, $8) RETURNING id")
                    .bind(&a.ref_no).bind(a.office_id).bind(&a.service).bind(a.starts_at).bind(a.resident_id).bind(a.booked_by_id).bind(now).bind(a.channel)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if $crate::is_unique_violation(&e) => return Err($crate::StoreError::Conflict("ref_no")),
                    Err(e) => return Err(e.into()),
                };
                let link = format!("/me/appointments/{}", a.ref_no);
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok($crate::CounterBooking::Booked(id))
            }

            async fn move_appointment(&self, id: i64, starts_at: i64, capacity: i64, notices: &[$crate::Notice],
                audit: &[$crate::AuditEntry], now: i64) -> $crate::StoreResult<$crate::CounterBooking> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let old: Option<(i64, String, i64, String)> = sqlx::query_as(
                        "SELECT office_id, service, starts_at, ref_no FROM appointments WHERE id = $1 AND status = 'booked'")
                    .bind(id).fetch_optional(&mut *tx).await?;
                let Some((office, service, was, ref_no)) = old else { return Ok($crate::CounterBooking::Gone) };
                if !$crate::counter_queries::take_place!(tx, office, &service, starts_at, capacity) {
                    return Ok($crate::CounterBooking::Full);
                }
                let moved = sqlx::query("UPDATE appointments SET starts_at = $2, reminded = 0, updated_at = $3 \
                                         WHERE id = $1 AND status = 'booked' AND starts_at = $4")
                    .bind(id).bind(starts_at).bind(now).bind(was).execute(&mut *tx).await?;
                if moved.rows_affected() != 1 {
                    return Ok($crate::CounterBooking::Gone);
                }
                $crate::counter_queries::give_back_place!(tx, office, &service, was);
                let link = format!("/me/appointments/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok($crate::CounterBooking::Booked(id))
            }

            async fn cancel_appointment(&self, id: i64, notices: &[$crate::Notice], audit: &[$crate::AuditEntry], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let row: Option<(i64, String, i64, String)> = sqlx::query_as(
                        "UPDATE appointments SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'booked' \
                         RETURNING office_id, service, starts_at, ref_no")
                    .bind(id).bind(now).fetch_optional(&mut *tx).await?;
                let Some((office, service, starts_at, ref_no)) = row else { return Ok(false) };
                $crate::counter_queries::give_back_place!(tx, office, &service, starts_at);
                let link = format!("/me/appointments/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn appointment_by_ref(&self, ref_no: &str) -> $crate::StoreResult<Option<$crate::AppointmentRow>> {
                let sql = format!("{} WHERE a.ref_no = $1", $crate::counter_queries::APPOINTMENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(ref_no).fetch_optional(&self.pool).await?)
            }

            async fn appointments_of(&self, resident_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::AppointmentRow>> {
                let sql = format!("{} WHERE a.resident_id = $1 ORDER BY a.starts_at DESC, a.id DESC LIMIT $2", $crate::counter_queries::APPOINTMENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(resident_id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn office_appointments(&self, office_id: i64, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::AppointmentRow>> {
                let sql = format!("{} WHERE a.office_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 ORDER BY a.starts_at, a.id LIMIT 500",
                                  $crate::counter_queries::APPOINTMENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(office_id).bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn appointments_to_remind(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::AppointmentRow>> {
                let sql = format!("{} WHERE a.status = 'booked' AND a.starts_at >= $1 AND a.starts_at < $2 AND a.reminded = 0 \
                                   ORDER BY a.starts_at LIMIT 1000", $crate::counter_queries::APPOINTMENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn remind_appointment(&self, id: i64, notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let ref_no: Option<String> = sqlx::query_scalar("UPDATE appointments SET reminded = 1 WHERE id = $1 AND reminded = 0 \
                                                                 AND status = 'booked' RETURNING ref_no")
                    .bind(id).fetch_optional(&mut *tx).await?;
                let Some(ref_no) = ref_no else { return Ok(false) };
                let link = format!("/me/appointments/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn mark_no_shows(&self, before: i64, now: i64) -> $crate::StoreResult<Vec<$crate::AppointmentRow>> {
                let sql = format!("{} WHERE a.status = 'booked' AND a.starts_at < $1 ORDER BY a.starts_at LIMIT 1000",
                                  $crate::counter_queries::APPOINTMENT_SELECT);
                let due: Vec<$crate::AppointmentRow> = sqlx::query_as(&sql).bind(before).fetch_all(&self.pool).await?;
                let mut moved = Vec::new();
                for a in due {
                    let done = sqlx::query("UPDATE appointments SET status = 'no_show', updated_at = $2 WHERE id = $1 AND status = 'booked'")
                        .bind(a.id).bind(now).execute(&self.pool).await?;
                    if done.rows_affected() == 1 {
                        moved.push(a);
                    }
                }
                Ok(moved)
            }

            async fn no_shows_of(&self, resident_id: i64, since: i64) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT starts_at FROM appointments WHERE resident_id = $1 AND status = 'no_show' AND starts_at >= $2 \
                                       ORDER BY starts_at")
                    .bind(resident_id).bind(since).fetch_all(&self.pool).await?)
            }

            async fn take_ticket(&self, t: &$crate::NewTicket, now: i64) -> $crate::StoreResult<Option<$crate::TicketRow>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                if let Some(a) = t.appointment_id {
                    let arrived = sqlx::query("UPDATE appointments SET status = 'arrived', updated_at = $2 WHERE id = $1 AND status = 'booked'")
                        .bind(a).bind(now).execute(&mut *tx).await?;
                    if arrived.rows_affected() != 1 {
                        return Ok(None);
                    }
                }
                let seq: i64 = sqlx::query_scalar("INSERT INTO queue_numbers (office_id, day, last) VALUES ($1, $2, 1) \
                                                   ON CONFLICT (office_id, day) DO UPDATE SET last = queue_numbers.last + 1 RETURNING last")
                    .bind(t.office_id).bind(&t.day).fetch_one(&mut *tx).await?;
                let label = format!("{}{seq:03}", t.prefix);
                let sql = format!("INSERT INTO queue_tickets (office_id, day, seq, label, token, service, resident_id, appointment_id, \
                                   taken_via, status, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10) RETURNING {}",
                                  $crate::counter_queries::TICKET_COLUMNS);
                let row = sqlx::query_as(&sql).bind(t.office_id).bind(&t.day).bind(seq).bind(&label).bind(&t.token).bind(&t.service)
                    .bind(t.resident_id).bind(t.appointment_id).bind(t.taken_via).bind(now).fetch_one(&mut *tx).await?;
                tx.commit().await?;
                Ok(Some(row))
            }

            async fn ticket_by_token(&self, token: &str) -> $crate::StoreResult<Option<$crate::TicketRow>> {
                let sql = format!("SELECT {} FROM queue_tickets WHERE token = $1", $crate::counter_queries::TICKET_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(token).fetch_optional(&self.pool).await?)
            }

            async fn office_tickets(&self, office_id: i64, day: &str) -> $crate::StoreResult<Vec<$crate::TicketRow>> {
                let sql = format!("SELECT {} FROM queue_tickets WHERE office_id = $1 AND day = $2 ORDER BY seq LIMIT 2000",
                                  $crate::counter_queries::TICKET_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(office_id).bind(day).fetch_all(&self.pool).await?)
            }

            async fn call_next(&self, office_id: i64, day: &str, window: &str, staff_id: i64, now: i64) -> $crate::StoreResult<Option<$crate::TicketRow>> {
                // Two windows calling at once: the loser's guarded update finds the number taken and looks again.
                for _ in 0..5 {
                    let next: Option<i64> = sqlx::query_scalar(
                            "SELECT id FROM queue_tickets WHERE office_id = $1 AND day = $2 AND status = 'waiting' \
                             ORDER BY CASE WHEN appointment_id IS NULL THEN 1 ELSE 0 END, seq LIMIT 1")
                        .bind(office_id).bind(day).fetch_optional(&self.pool).await?;
                    let Some(id) = next else { return Ok(None) };
                    let sql = format!("UPDATE queue_tickets SET status = 'called', called_at = $2, window_label = $3, called_by_id = $4 \
                                       WHERE id = $1 AND status = 'waiting' RETURNING {}", $crate::counter_queries::TICKET_COLUMNS);
                    let called = sqlx::query_as(&sql).bind(id).bind(now).bind(window).bind(staff_id).fetch_optional(&self.pool).await?;
                    if called.is_some() {
                        return Ok(called);
                    }
                }
                Ok(None)
            }

            async fn finish_ticket(&self, id: i64, office_id: i64, from: &[&str], to: &str, visit: Option<&str>, outcome: &str, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = format!("UPDATE queue_tickets SET status = $1, outcome = $2, finished_at = $3 WHERE id = $4 AND office_id = $5 AND {} \
                                   RETURNING appointment_id", $crate::status_in(6, from));
                let mut query = sqlx::query_scalar(&sql).bind(to).bind(outcome).bind(now).bind(id).bind(office_id);
                for s in from {
                    query = query.bind(*s);
                }
                let appointment: Option<Option<i64>> = query.fetch_optional(&mut *tx).await?;
                let Some(appointment) = appointment else { return Ok(false) };
                if let (Some(a), Some(status)) = (appointment, visit) {
                    sqlx::query("UPDATE appointments SET status = $2, updated_at = $3 WHERE id = $1 AND status = 'arrived'")
                        .bind(a).bind(status).bind(now).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn queue_times(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::QueueTimes>> {
                Ok(sqlx::query_as(
                        "SELECT office_id, COUNT(*) AS taken, \
                         CAST(SUM(CASE WHEN status = 'served' THEN 1 ELSE 0 END) AS BIGINT) AS served, \
                         CAST(COALESCE(SUM(called_at - taken_at), 0) AS BIGINT) AS wait_secs, \
                         COUNT(called_at) AS called, \
                         CAST(COALESCE(SUM(CASE WHEN status = 'served' THEN finished_at - called_at ELSE 0 END), 0) AS BIGINT) AS service_secs \
                         FROM queue_tickets WHERE taken_at >= $1 AND taken_at < $2 GROUP BY office_id ORDER BY office_id")
                    .bind(from).bind(to).fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use {give_back_place, impl_counter_store, take_place};
