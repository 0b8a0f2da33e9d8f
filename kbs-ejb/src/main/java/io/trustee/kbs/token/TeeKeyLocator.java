package io.trustee.kbs.token;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.TeePublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the TEE public key in verified token claims (kbs-protocol.md §8.5): the configured {@code
 * extra_teekey_paths} first, then the built-in JSON pointers (Intel TA, legacy CoCo, EAR, flat).
 * The first pointer that exists wins and must parse as a §6 key. Immutable and thread-safe.
 */
public final class TeeKeyLocator {
  /** Built-in pointers, in the order upstream tries them. */
  public static final List<String> BUILT_IN =
      List.of(
          "/tdx/attester_runtime_data/tee-pubkey",
          "/tdx/attester_user_data/tee-pubkey",
          "/customized_claims/runtime_data/tee-pubkey",
          "/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey",
          "/tee-pubkey");

  private final List<JsonPointer> pointers;

  /**
   * @param extraPaths {@code extra_teekey_paths}, JSON pointers tried before the built-in ones
   * @throws IllegalArgumentException if a path is not a valid JSON pointer
   */
  public TeeKeyLocator(List<String> extraPaths) {
    List<JsonPointer> ps = new ArrayList<>();
    for (String p : extraPaths) {
      if (p == null || !p.startsWith("/")) {
        throw new IllegalArgumentException("extra_teekey_paths entry is not a JSON pointer: " + p);
      }
      ps.add(JsonPointer.compile(p));
    }
    BUILT_IN.forEach(p -> ps.add(JsonPointer.compile(p)));
    this.pointers = List.copyOf(ps);
  }

  /**
   * Locates and parses the key.
   *
   * @throws TokenVerificationException reason {@code tee key} if no path exists or the value found
   *     is not a valid key shape
   */
  public TeePublicKey locate(JsonNode claims) throws TokenVerificationException {
    for (JsonPointer p : pointers) {
      JsonNode n = claims.at(p);
      if (!n.isMissingNode()) {
        try {
          return TeePublicKey.parse(n);
        } catch (ProtocolException e) {
          throw new TokenVerificationException("tee key", "at " + p + ": " + e.getMessage());
        }
      }
    }
    throw new TokenVerificationException("tee key", "no TEE public key in the token claims");
  }
}
