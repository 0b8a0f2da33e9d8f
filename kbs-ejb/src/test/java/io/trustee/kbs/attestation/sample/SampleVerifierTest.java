package io.trustee.kbs.attestation.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleVerifierTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final byte[] RD = new byte[48];

  static {
    RD[0] = 1;
    RD[47] = 2;
  }

  private static ObjectNode evidence(byte[] rd) {
    return M.createObjectNode()
        .put("svn", "1")
        .put("report_data", Base64.getEncoder().encodeToString(rd));
  }

  @Test
  void producesExactClaimsWithNumbersAndBooleans() throws Exception {
    var claims = new SampleVerifier().verify(new EvidenceInput(evidence(RD), RD, null));
    assertThat(claims.teeClass()).isEqualTo("cpu");
    assertThat(claims.claims().toString())
        .isEqualTo(
            "{\"svn\":\"1\",\"report_data\":\""
                + Base64.getEncoder().encodeToString(RD)
                + "\",\"launch_digest\":\"abcde\",\"platform_version\":{\"major\":1,\"minor\":4},\"debug\":false}");
  }

  @Test
  void flippedReportDataByteIsRejected() {
    byte[] other = RD.clone();
    other[10] ^= 1;
    assertThatThrownBy(
            () -> new SampleVerifier().verify(new EvidenceInput(evidence(other), RD, null)))
        .isInstanceOf(BadEvidenceException.class)
        .extracting(e -> ((BadEvidenceException) e).check())
        .isEqualTo("report data mismatch");
  }

  @Test
  void missingReportDataIsEmptyAndFailsWhenBindingExpected() throws Exception {
    ObjectNode ev = M.createObjectNode().put("svn", "1");
    assertThat(
            new SampleVerifier()
                .verify(new EvidenceInput(ev, null, null))
                .claims()
                .get("report_data")
                .asText())
        .isEmpty();
    assertThatThrownBy(() -> new SampleVerifier().verify(new EvidenceInput(ev, RD, null)))
        .isInstanceOf(BadEvidenceException.class);
  }

  @Test
  void initDataDigestBecomesClaim() throws Exception {
    byte[] digest = {9, 9};
    var c = new SampleVerifier().verify(new EvidenceInput(evidence(RD), RD, digest)).claims();
    assertThat(c.get("init_data").asText()).isEqualTo("CQk=");
  }

  @Test
  void malformedEvidenceIsBadEvidence() {
    for (String ev :
        List.of(
            "[]",
            "{}",
            "{\"svn\":1}",
            "{\"svn\":\"1\",\"report_data\":5}",
            "{\"svn\":\"1\",\"report_data\":\"***\"}")) {
      assertThatThrownBy(
              () -> new SampleVerifier().verify(new EvidenceInput(M.readTree(ev), RD, null)))
          .isInstanceOf(BadEvidenceException.class)
          .extracting(e -> ((BadEvidenceException) e).check())
          .isEqualTo("malformed evidence");
    }
  }

  @Test
  void registryFindsItBySchemeName() {
    assertThat(new EvidenceVerifierRegistry(List.of(new SampleVerifier())).forTee("sample"))
        .isPresent();
  }
}
