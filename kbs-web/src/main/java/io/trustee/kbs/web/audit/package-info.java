/**
 * The audit trail's web side: the {@link io.trustee.kbs.web.audit.Audited} marker on every audited
 * resource method and the one filter ({@link io.trustee.kbs.web.audit.AuditFilter}) that turns each
 * such call into exactly one event and echoes the request id. The events themselves are built and
 * chained by kbs-ejb's {@code audit} package.
 */
package io.trustee.kbs.web.audit;
