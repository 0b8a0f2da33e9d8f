package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values without a registration message pass the same provenance rule as unsigned messages. */
class StoreUnsignedTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final InMemoryReferenceValueRepository repo = new InMemoryReferenceValueRepository();
  final List<ReferenceValue> pcr =
      List.of(
          ReferenceValue.withDefaultExpiry(
              "snp_pcr11", JsonNodeFactory.instance.arrayNode().add("ab".repeat(32)), NOW));

  @Test
  void refusedWhileSignaturesAreRequired() throws Exception {
    ReferenceValueService strict =
        new ReferenceValueService(
            repo,
            ProvenanceVerifierTest.verifier(true, ProvenanceVerifierTest.ec("secp256r1")),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> strict.storeUnsigned(pcr))
        .isInstanceOf(UnsignedProvenanceException.class)
        .hasMessageContaining("snp_pcr11")
        .hasMessageContaining("requires signed provenance");
    assertThat(repo.findAll()).isEmpty();
  }

  @Test
  void storedWhenSignaturesAreOptional() throws Exception {
    new ReferenceValueService(
            repo, ProvenanceVerifier.unsignedAllowed(), Clock.fixed(NOW, ZoneOffset.UTC))
        .storeUnsigned(pcr);
    assertThat(repo.findByName("snp_pcr11")).isPresent();
  }
}
