package io.trustee.kbs.web.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.KbsException.Refusal;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status table of kbs-protocol.md §11 (and ours for the non-upstream types) lives here only.
 */
class KbsExceptionMapperStatusTest {

  @Test
  void everyErrorTypeHasTheStatusOfTheSpec() {
    Map<KbsError, Integer> expected = new EnumMap<>(KbsError.class);
    for (KbsError e :
        new KbsError[] {
          KbsError.AttestationError, KbsError.AdminAuthAccess, KbsError.AdminAuthInitialization,
          KbsError.TokenNotFound, KbsError.TokenVerifierError, KbsError.PolicyDeny,
          KbsError.PolicyEngineError, KbsError.ParsePolicyError, KbsError.PluginInternalError,
          KbsError.JweError, KbsError.RvpsError, KbsError.SerdeError
        }) {
      expected.put(e, 401);
    }
    expected.put(KbsError.PluginNotFound, 404);
    expected.put(KbsError.InvalidRequestPath, 404);
    expected.put(KbsError.ConcurrentModification, 409);
    expected.put(KbsError.PayloadTooLarge, 413);
    expected.put(KbsError.TooManyRequests, 429);
    expected.put(KbsError.KeyUnavailable, 503);

    assertThat(expected).hasSize(KbsError.values().length);
    expected.forEach(
        (error, status) ->
            assertThat(KbsExceptionMapper.status(error)).as(error.name()).isEqualTo(status));
  }

  @Test
  void aRefusalOverridesTheStatusOfTheType() {
    assertThat(KbsExceptionMapper.status(Refusal.INVALID_INPUT)).isEqualTo(400);
    assertThat(KbsExceptionMapper.status(Refusal.FORBIDDEN)).isEqualTo(403);
    assertThat(KbsExceptionMapper.status(Refusal.NOT_FOUND)).isEqualTo(404);
    assertThat(KbsExceptionMapper.status(Refusal.CONFLICT)).isEqualTo(409);

    assertThat(
            KbsExceptionMapper.status(
                new KbsException(KbsError.PolicyEngineError, Refusal.INVALID_INPUT, "bad rego")))
        .isEqualTo(400);
    assertThat(KbsExceptionMapper.status(new KbsException(KbsError.PolicyEngineError, "x")))
        .isEqualTo(401);
    assertThat(KbsExceptionMapper.status(new KbsException(KbsError.InvalidRequestPath, "x")))
        .isEqualTo(404);
  }
}
