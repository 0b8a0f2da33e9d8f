package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.protocol.ProtocolException;
import java.io.IOException;

/**
 * Fuzz target: the {@code POST /kbs/v0/auth} body (Jackson tree, then {@link AuthRequest#parse}:
 * protocol version, TEE name, extra-params). Typed errors: ProtocolException (including
 * VersionMismatchException) and the Jackson IOException the service maps to one.
 */
class AuthRequestFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxExecutions = 100_000, maxDuration = "20s")
  void authRequest(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    FuzzProperty.onlyTypedErrors(
        "AuthRequest.parse",
        () -> AuthRequest.parse(JSON.readTree(data)).toString(),
        IOException.class,
        ProtocolException.class);
  }
}
