package io.trustee.kbs.attestation.azsnpvtpm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.AttestationKey;
import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HCL variable data (spec §3.1): UTF-8 JSON whose {@code keys} array holds JWKs, among them the
 * vTPM attestation key with {@code kid} {@code HCLAkPub}, and (evidence v2) the {@code user-data}
 * as 64 hex-encoded bytes whose prefix is the KBS report data.
 *
 * <pre>
 * {"keys":[{"kid":"HCLAkPub","kty":"RSA","e":"AQAB","n":"…"}, {"kid":"HCLEkPub",…}],
 *  "vm-configuration":{…}, "user-data":"&lt;128 hex chars&gt;"}
 * </pre>
 *
 * <p>As upstream, every element of {@code keys} must be a well-formed JWK. Immutable and
 * thread-safe.
 */
public final class HclVariableData {
  static final String AK_KID = "HCLAkPub";
  private static final String CHECK = "ak public key not found";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final AttestationKey ak;
  private final Optional<String> userData;

  private HclVariableData(AttestationKey ak, Optional<String> userData) {
    this.ak = ak;
    this.userData = userData;
  }

  /**
   * Parses the variable data and its AK.
   *
   * @throws BadEvidenceException {@code ak public key not found} (not JSON, no {@code keys}, a
   *     malformed JWK, no {@code HCLAkPub})
   */
  public static HclVariableData parse(byte[] data) throws BadEvidenceException {
    JsonNode root;
    try {
      root = JSON.readTree(new String(data, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadEvidenceException(CHECK, "variable data is not JSON");
    }
    if (root == null || !root.isObject() || !root.path("keys").isArray()) {
      throw new BadEvidenceException(CHECK, "variable data has no keys array");
    }
    AttestationKey ak = null;
    for (JsonNode k : root.get("keys")) {
      try {
        JWK.parse(k.toString());
      } catch (java.text.ParseException | RuntimeException e) {
        throw new BadEvidenceException(CHECK, "malformed JWK in keys");
      }
      if (AK_KID.equals(k.path("kid").asText(null))) {
        if (ak != null) {
          throw new BadEvidenceException(CHECK, "two HCLAkPub keys");
        }
        ak = AttestationKey.fromJwk(k.toString());
      }
    }
    if (ak == null) {
      throw new BadEvidenceException(CHECK, "no key with kid HCLAkPub");
    }
    JsonNode ud = root.get("user-data");
    return new HclVariableData(
        ak, ud != null && ud.isTextual() ? Optional.of(ud.asText()) : Optional.empty());
  }

  public AttestationKey attestationKey() {
    return ak;
  }

  /**
   * The decoded {@code user-data}.
   *
   * @throws BadEvidenceException {@code user-data mismatch} if it is missing or not hex
   */
  public byte[] userData() throws BadEvidenceException {
    if (userData.isEmpty()) {
      throw new BadEvidenceException("user-data mismatch", "variable data has no user-data");
    }
    try {
      return Bytes.fromHex(userData.get());
    } catch (IllegalArgumentException e) {
      throw new BadEvidenceException("user-data mismatch", "user-data is not hex");
    }
  }
}
