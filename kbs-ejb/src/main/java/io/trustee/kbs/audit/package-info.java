/**
 * The audit trail (plain Java): who changed what through the admin API and which secrets were
 * released to which guest, as a hash chain ({@link io.trustee.kbs.audit.AuditChain}) that makes an
 * edited, deleted or reordered row in the database detectable, plus the storage port ({@link
 * io.trustee.kbs.audit.AuditRepository}) that kbs-persistence implements.
 *
 * <p>Transactions (in {@code service/AuditTrail}): an event is appended <em>after</em> the outcome
 * is known, in a transaction of its own (REQUIRES_NEW), from the web layer's response filter, with
 * the HTTP status the client receives. The admin change's own transaction has then already
 * committed or rolled back, so an event can never claim success for a rolled-back change (a failed
 * commit becomes a 4xx/5xx answer, recorded as {@code error}), and a refusal or failure is still
 * recorded ({@code denied}/{@code error}) although its transaction rolled back. The price is a
 * small window: a crash between the change's commit and the append loses that one event; a failed
 * append is logged at SEVERE with the whole event (which holds no secret), so the log covers it.
 * Writing successes in the change's own transaction would close that window but needs the outcome
 * before the commit, which the container decides after the façade returns.
 */
package io.trustee.kbs.audit;
