package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.json.Jcs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The report data a guest puts into its hardware evidence (kbs-protocol.md §5 and §12): SHA-384 of
 * the JCS form of the structured runtime data. Each version's rule:
 *
 * <ul>
 *   <li>0.3.0, 0.4.0 primary: {@code {"additional-evidence", "nonce", "tee-pubkey"}};
 *   <li>0.1.1, 0.2.0 and device evidence: {@code {"nonce", "tee-pubkey"}};
 *   <li>0.1.0: both SHA-384(nonce ‖ n ‖ e) (RSA keys, guests before Dec 2023) and the sorted-JSON
 *       rule, because both shipped under the same version string.
 * </ul>
 *
 * <p>SHA-384 is fixed: it is what the KBS uses for every TEE except IBM {@code se}, which is not
 * implemented. Stateless and thread-safe; arguments must not be null.
 */
public final class ReportDataBinding {
  private ReportDataBinding() {}

  /**
   * The structured runtime data object for the primary evidence: what is hashed, and what the token
   * carries as {@code runtime_data_claims}.
   */
  public static ObjectNode runtimeDataJson(
      ProtocolVersion version, String nonce, TeePublicKey key, String additionalEvidence) {
    Objects.requireNonNull(version, "version");
    ObjectNode o = deviceRuntimeDataJson(nonce, key);
    if (version.hasAdditionalEvidence()) {
      o.put("additional-evidence", Objects.requireNonNull(additionalEvidence, "additional"));
    }
    return o;
  }

  /**
   * The runtime data object for one additional (device) evidence: {@code nonce}, {@code
   * tee-pubkey}.
   */
  public static ObjectNode deviceRuntimeDataJson(String nonce, TeePublicKey key) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("tee-pubkey", Objects.requireNonNull(key, "key").toJcsJson());
    o.put("nonce", Objects.requireNonNull(nonce, "nonce"));
    return o;
  }

  /**
   * Every acceptable report-data value (48 bytes each) for the primary evidence; the evidence
   * matches if it equals any of them. One value except for 0.1.0 with an RSA key: then two, the
   * legacy SHA-384(nonce ‖ n ‖ e) first and the structured (JCS) rule last, so the last element is
   * always the structured binding.
   */
  public static List<byte[]> expected(
      ProtocolVersion version, String nonce, TeePublicKey key, String additionalEvidence) {
    List<byte[]> out = new ArrayList<>(2);
    if (version == ProtocolVersion.V0_1_0 && key instanceof TeePublicKey.Rsa rsa) {
      out.add(Digests.sha384((nonce + rsa.n() + rsa.e()).getBytes(StandardCharsets.UTF_8)));
    }
    out.add(hash(runtimeDataJson(version, nonce, key, additionalEvidence)));
    return List.copyOf(out);
  }

  /** The report data for one additional (device) evidence. */
  public static byte[] expectedForDevice(String nonce, TeePublicKey key) {
    return hash(deviceRuntimeDataJson(nonce, key));
  }

  /** SHA-384 of the UTF-8 JCS form of {@code runtimeData}. */
  public static byte[] hash(ObjectNode runtimeData) {
    return Digests.sha384(Jcs.canonicalize(runtimeData).getBytes(StandardCharsets.UTF_8));
  }
}
