package io.trustee.kbs.service;

import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.as.StoredAppraisalForm;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.NewAppraisal;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * "Why denied" for evidence that was refused before any appraisal (a verifier check failed, the
 * nonce is not bound, the body is malformed): stores an appraisal record with status {@code
 * refused} and the failed check ({@link StoredAppraisalForm#refused}), within the appraisal budget
 * like any other record, and counted ({@link KbsMetrics#refused}).
 *
 * <p>Runs in its own transaction: the refusal itself is a {@link KbsException}, which rolls the
 * caller's transaction back, and the record must survive that.
 */
@Stateless
public class AppraisalRefusals {
  /** The token-hash column of a refusal, which issued no token (a real hash is 64 hex digits). */
  public static final String NO_TOKEN = "-";

  @Inject AppraisalWriter writer;
  @Inject KbsSettings settings;
  @Inject Clock clock;
  @Inject KbsMetrics metrics;

  /**
   * Stores the refusal of {@code session}'s (empty: the AS API's) evidence for {@code tee}; returns
   * the record id.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long record(Optional<SessionId> session, String tee, String check, String detail) {
    metrics.refused(check);
    var now = clock.instant();
    return writer.store(
        new NewAppraisal(
            session,
            NO_TOKEN,
            now,
            tee,
            AppraisalStatus.REFUSED,
            StoredAppraisalForm.refused(
                AttestationRequest.DEFAULT_POLICY_ID,
                now,
                check,
                detail,
                settings.appraisalMaxClaimChars())));
  }
}
