package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.AttestationKey;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.ProtocolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: JWKs from the guest: the {@code tee-pubkey} of an attestation body turned into a JCA
 * key (RSA modulus/exponent, EC curve and point checks), and the TPM attestation-key JWK. Typed
 * errors: ProtocolException (InvalidTeeKeyException), BadEvidenceException, Jackson IOException.
 */
class JwkFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void jwk(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    FuzzProperty.onlyTypedErrors(
        "TeePublicKey.parse/toJavaKey",
        () -> {
          ObjectNode body = JSON.createObjectNode();
          body.set("tee-pubkey", JSON.readTree(data));
          body.putObject("tee-evidence").putObject("primary_evidence");
          AttestationBody.parse(body, ProtocolVersion.V0_3_0).teePubkey().toJavaKey();
        },
        IOException.class,
        ProtocolException.class);
    FuzzProperty.onlyTypedErrors(
        "AttestationKey.fromJwk",
        () -> AttestationKey.fromJwk(new String(data, StandardCharsets.UTF_8)).signatureLength(),
        BadEvidenceException.class);
  }
}
