package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.TokenVerificationException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: compact JWS parsing (attestation tokens presented as Bearer, admin JWTs, signed
 * reference-value provenance). Typed error: TokenVerificationException.
 */
class CompactJwsFuzzTest {
  @FuzzTest(maxExecutions = 100_000, maxDuration = "20s")
  void compactJws(byte[] data) {
    String token = new String(data, StandardCharsets.UTF_8);
    FuzzProperty.onlyTypedErrors(
        "CompactJws.parse",
        () -> {
          CompactJws jws = CompactJws.parse(token);
          jws.alg();
          jws.header();
          jws.payload();
          jws.toString();
        },
        TokenVerificationException.class);
  }
}
