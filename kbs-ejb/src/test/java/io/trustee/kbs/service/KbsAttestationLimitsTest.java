package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.token.CompactJws;
import org.junit.jupiter.api.Test;

/** /attest never hands out a token the resource endpoint would refuse as oversized. */
class KbsAttestationLimitsTest {

  @Test
  void tokenAtTheVerifierLimitIsHandedOut() {
    assertThatCode(
            () ->
                KbsAttestation.requireUsableSize(
                    "a".repeat(CompactJws.MAX_LENGTH), CompactJws.MAX_LENGTH))
        .doesNotThrowAnyException();
  }

  @Test
  void tokenOneCharacterOverIsRefusedWithAClearReason() {
    assertThatThrownBy(
            () ->
                KbsAttestation.requireUsableSize(
                    "a".repeat(CompactJws.MAX_LENGTH + 1), Integer.MAX_VALUE))
        .isInstanceOf(AttestationRefusedException.class)
        .hasMessageContaining(String.valueOf(CompactJws.MAX_LENGTH + 1))
        .hasMessageContaining("init-data");
  }

  @Test
  void configuredLimitBelowTheVerifierLimitApplies() {
    assertThatThrownBy(() -> KbsAttestation.requireUsableSize("a".repeat(4097), 4096))
        .isInstanceOf(AttestationRefusedException.class)
        .hasMessageContaining("kbs.token.max-bytes");
  }
}
