package io.trustee.kbs.as;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.trustee.kbs.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Init-data handling ({@code attestation-service.md} §3.2): digest of the exact TOML bytes with the
 * document's {@code algorithm}, and {@code init_data_claims} = the {@code data} table with the
 * {@code cdh.toml}/{@code aa.toml} values replaced by their parsed form and {@code policy.rego}
 * replaced by {@code agent_policy_claims} (the {@code policy_data := {…}} object) when that parses.
 * Stateless and thread-safe.
 */
public final class InitDataProcessor {
  private static final TomlMapper TOML = new TomlMapper();
  private static final ObjectMapper JSON = Json.mapper();
  private static final String POLICY_DATA = "policy_data := {";

  /** Expected digest and the claims ({@link NullNode} when none). */
  public record Result(byte[] digest, JsonNode claims) {
    public Result {
      digest = digest.clone();
      claims = claims.deepCopy();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    @Override
    public JsonNode claims() {
      return claims.deepCopy();
    }
  }

  private InitDataProcessor() {}

  public static Result process(ExpectedInitData initData, String field)
      throws InvalidAttestationRequestException {
    if (initData instanceof ExpectedInitData.Digest d) {
      return new Result(d.digest(), NullNode.getInstance());
    }
    String text = ((ExpectedInitData.Toml) initData).text();
    JsonNode doc;
    try {
      doc = TOML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidAttestationRequestException(
          field + ".init_data_toml", "is not valid TOML: " + e.getOriginalMessage(), e);
    }
    JsonNode version = doc.get("version");
    if (version == null || !version.isTextual()) {
      throw new InvalidAttestationRequestException(
          field + ".init_data_toml.version", "missing or not a string");
    }
    JsonNode alg = doc.get("algorithm");
    if (alg == null || !alg.isTextual()) {
      throw new InvalidAttestationRequestException(
          field + ".init_data_toml.algorithm", "missing or not a string");
    }
    HashAlgorithm h = HashAlgorithm.parse(alg.textValue(), field + ".init_data_toml.algorithm");
    JsonNode data = doc.get("data");
    if (data == null || !data.isObject()) {
      throw new InvalidAttestationRequestException(
          field + ".init_data_toml.data", "missing or not a table");
    }
    ObjectNode claims = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (!m.getValue().isTextual()) {
        throw new InvalidAttestationRequestException(
            field + ".init_data_toml.data." + m.getKey(), "must be a string");
      }
      claims.put(m.getKey(), m.getValue().textValue());
    }
    rewriteToml(claims, "cdh.toml");
    rewriteToml(claims, "aa.toml");
    rewritePolicy(claims);
    return new Result(h.digest(text.getBytes(StandardCharsets.UTF_8)), claims);
  }

  private static void rewriteToml(ObjectNode claims, String key) {
    JsonNode v = claims.get(key);
    if (v == null) {
      return;
    }
    try {
      claims.set(key, TOML.readTree(v.textValue()));
    } catch (JsonProcessingException e) {
      // Upstream keeps the string when it does not parse.
    }
  }

  private static void rewritePolicy(ObjectNode claims) {
    JsonNode v = claims.get("policy.rego");
    if (v == null) {
      return;
    }
    String rego = v.textValue();
    int at = rego.indexOf(POLICY_DATA);
    if (at < 0) {
      return;
    }
    try {
      // From the "{" to the end of the text; trailing Rego after the object is ignored by
      // Jackson's tree reader, as by upstream's streaming deserialiser.
      JsonNode obj = JSON.readTree(rego.substring(at + POLICY_DATA.length() - 1));
      if (obj != null && obj.isObject()) {
        claims.remove("policy.rego");
        claims.set("agent_policy_claims", obj);
      }
    } catch (JsonProcessingException e) {
      // Keep policy.rego as text.
    }
  }
}
