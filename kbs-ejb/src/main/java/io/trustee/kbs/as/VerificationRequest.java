package io.trustee.kbs.as;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.util.Base64Url;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One attester's evidence to verify ({@code attestation-service.md} §1.1 {@code
 * verification_requests[*]}): TEE name, the decoded evidence JSON, optional runtime data and init
 * data, and the runtime-data hash algorithm (default SHA-384). Immutable and thread-safe.
 */
public record VerificationRequest(
    String tee,
    JsonNode evidence,
    Optional<RuntimeData> runtimeData,
    Optional<ExpectedInitData> initData,
    HashAlgorithm runtimeDataHashAlgorithm) {
  private static final ObjectMapper JSON = Json.mapper();

  public VerificationRequest {
    Objects.requireNonNull(tee, "tee");
    evidence = Objects.requireNonNull(evidence, "evidence").deepCopy();
    runtimeData = runtimeData == null ? Optional.empty() : runtimeData;
    initData = initData == null ? Optional.empty() : initData;
    runtimeDataHashAlgorithm =
        runtimeDataHashAlgorithm == null ? HashAlgorithm.DEFAULT_RUNTIME : runtimeDataHashAlgorithm;
  }

  @Override
  public JsonNode evidence() {
    return evidence.deepCopy();
  }

  /**
   * Reads the REST form: {@code {"tee", "evidence": b64url-no-pad of the evidence JSON text,
   * "runtime_data": {"raw"|"structured"}, "init_data": {"init_data_digest"|"init_data_toml"},
   * "runtime_data_hash_algorithm"}}.
   *
   * @param path prefix for field names in errors, e.g. {@code verification_requests[0]}
   */
  public static VerificationRequest fromJson(JsonNode json, String path)
      throws InvalidAttestationRequestException {
    if (json == null || !json.isObject()) {
      throw new InvalidAttestationRequestException(path, "must be an object");
    }
    String tee = text(json, "tee", path, true);
    byte[] evidenceBytes = b64urlNoPad(text(json, "evidence", path, true), path + ".evidence");
    JsonNode evidence;
    try {
      evidence = JSON.readTree(new String(evidenceBytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new InvalidAttestationRequestException(
          path + ".evidence", "is not JSON: " + e.getOriginalMessage(), e);
    }
    if (evidence == null || evidence.isMissingNode()) {
      throw new InvalidAttestationRequestException(path + ".evidence", "is empty");
    }
    Optional<RuntimeData> rd = Optional.empty();
    JsonNode rdNode = json.get("runtime_data");
    if (rdNode != null && !rdNode.isNull()) {
      String f = path + ".runtime_data";
      String which = exactlyOne(rdNode, f, "raw", "structured");
      rd =
          Optional.of(
              which.equals("raw")
                  ? new RuntimeData.Raw(b64urlNoPad(text(rdNode, "raw", f, true), f + ".raw"))
                  : new RuntimeData.Structured(rdNode.get("structured")));
    }
    Optional<ExpectedInitData> id = Optional.empty();
    JsonNode idNode = json.get("init_data");
    if (idNode != null && !idNode.isNull()) {
      String f = path + ".init_data";
      String which = exactlyOne(idNode, f, "init_data_digest", "init_data_toml");
      id =
          Optional.of(
              which.equals("init_data_digest")
                  ? new ExpectedInitData.Digest(
                      b64urlNoPad(text(idNode, which, f, true), f + ".init_data_digest"))
                  : new ExpectedInitData.Toml(text(idNode, which, f, true)));
    }
    String alg = text(json, "runtime_data_hash_algorithm", path, false);
    HashAlgorithm h =
        alg == null
            ? HashAlgorithm.DEFAULT_RUNTIME
            : HashAlgorithm.parse(alg, path + ".runtime_data_hash_algorithm");
    return new VerificationRequest(tee, evidence, rd, id, h);
  }

  private static String exactlyOne(JsonNode obj, String field, String a, String b)
      throws InvalidAttestationRequestException {
    if (!obj.isObject() || obj.size() != 1 || !(obj.has(a) || obj.has(b))) {
      throw new InvalidAttestationRequestException(
          field, "must have exactly one of \"" + a + "\" or \"" + b + "\"");
    }
    return obj.has(a) ? a : b;
  }

  private static String text(JsonNode json, String member, String path, boolean required)
      throws InvalidAttestationRequestException {
    JsonNode n = json.get(member);
    if (n == null || n.isNull()) {
      if (required) {
        throw new InvalidAttestationRequestException(path + "." + member, "missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidAttestationRequestException(path + "." + member, "must be a string");
    }
    return n.textValue();
  }

  /** Strict base64url without padding. */
  static byte[] b64urlNoPad(String s, String field) throws InvalidAttestationRequestException {
    try {
      return Base64Url.decodeStrict(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidAttestationRequestException(field, e.getMessage(), e);
    }
  }
}
