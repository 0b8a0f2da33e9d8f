package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmEvidence;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.ProtocolVersion;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzz target: the {@code POST /kbs/v0/attest} body as the service reads it (Jackson tree, then
 * {@link AttestationBody#parse} under the session's protocol version, chosen by the first byte),
 * followed by the az-snp-vtpm evidence parser on the primary evidence. Typed errors:
 * ProtocolException (a Jackson IOException is what the service turns into one) and
 * BadEvidenceException.
 */
class AttestationBodyFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProtocolVersion[] VERSIONS = ProtocolVersion.values();

  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void attestationBody(byte[] data) {
    if (data.length < 1 || data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    ProtocolVersion version = VERSIONS[(data[0] & 0xff) % VERSIONS.length];
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    FuzzProperty.onlyTypedErrors(
        "AttestationBody.parse",
        () -> {
          JsonNode json = JSON.readTree(body);
          AttestationBody parsed = AttestationBody.parse(json, version);
          parsed.teePubkey().toJavaKey();
          AzSnpVtpmEvidence.parse(parsed.primaryEvidence());
        },
        IOException.class,
        ProtocolException.class,
        BadEvidenceException.class);
  }
}
