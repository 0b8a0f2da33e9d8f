package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.rvps.ReferenceValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded form in which an {@link AppraisalRecord} is stored for "why denied". Appraisals are
 * recorded for unauthenticated callers, and claim values are chosen by the caller (the {@code
 * sample} TEE's {@code svn} is any string; a 1.4 MB one used to be stored twice), so:
 *
 * <ol>
 *   <li>every observed and registered value, rule value and object key longer than {@code
 *       maxClaimChars} is cut to that many characters followed by {@code …(truncated, N chars)};
 *       the descriptions are built from the cut values;
 *   <li>proposed reference values that would have to be cut are not proposed (promoting a cut value
 *       would register garbage; a real measurement or PCR is far shorter);
 *   <li>if the UTF-8 JSON is still larger than {@code maxRecordBytes} (e.g. thousands of claims),
 *       only the policy id, time and public summary are kept, and without the summary if even that
 *       is too large, with {@code record_truncated} saying how large the full record was.
 * </ol>
 *
 * The result is never larger than {@code maxRecordBytes} (which must be at least 1024). Stateless
 * and thread-safe.
 */
public final class StoredAppraisalForm {
  /** Smallest accepted {@code maxRecordBytes}: the minimal form always fits. */
  public static final int MIN_RECORD_BYTES = 1024;

  private static final int MIN_CLAIM_CHARS = 16;

  private StoredAppraisalForm() {}

  /**
   * The JSON to store: the admin form ({@link AppraisalRecord#toJson()}) with {@code
   * public_summary} and {@code proposed_reference_values}, bounded as described above.
   */
  public static ObjectNode of(
      AppraisalRecord record, Instant now, int maxClaimChars, int maxRecordBytes) {
    if (maxRecordBytes < MIN_RECORD_BYTES) {
      throw new IllegalArgumentException("maxRecordBytes must be at least " + MIN_RECORD_BYTES);
    }
    int chars = Math.max(MIN_CLAIM_CHARS, maxClaimChars);
    AppraisalRecord cut = truncated(record, chars);
    ObjectNode json = cut.toJson();
    json.set("public_summary", truncate(cut.publicSummary(), chars));
    ArrayNode proposals = json.putArray("proposed_reference_values");
    for (ReferenceValue v : ReferenceValuePromoter.promote(record, now)) {
      JsonNode p = v.toJson();
      if (!hasStringLongerThan(p, chars)) {
        proposals.add(p);
      }
    }
    int size = utf8Length(json);
    if (size <= maxRecordBytes) {
      return json;
    }
    ObjectNode minimal = JsonNodeFactory.instance.objectNode();
    minimal.put("appraisal_policy_id", cut(record.appraisalPolicyId(), chars));
    minimal.put("time", ReferenceValue.formatExpiration(record.time()));
    minimal.putObject("record_truncated").put("bytes", size).put("max_bytes", maxRecordBytes);
    ObjectNode withSummary = minimal.deepCopy();
    withSummary.set("public_summary", json.get("public_summary"));
    return utf8Length(withSummary) <= maxRecordBytes ? withSummary : minimal;
  }

  /**
   * The stored form of evidence refused before any appraisal (status {@code refused}): {@code
   * {"appraisal_policy_id", "time", "refused": {"check", "detail"}, "public_summary": {"refused":
   * check}}}. The check is the verifier's stable check name (e.g. {@code nonce mismatch}); the
   * detail is the refusal message the guest also received. Both are cut to {@code maxChars} (at
   * least 16), so the form stays far below {@link #MIN_RECORD_BYTES}.
   */
  public static ObjectNode refused(
      String policyId, Instant time, String check, String detail, int maxChars) {
    int chars = Math.max(MIN_CLAIM_CHARS, Math.min(maxChars, 256));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("appraisal_policy_id", cut(policyId, chars));
    o.put("time", ReferenceValue.formatExpiration(time));
    o.putObject("refused").put("check", cut(check, chars)).put("detail", cut(detail, chars));
    o.putObject("public_summary").put("refused", cut(check, chars));
    return o;
  }

  /** The record with every claim-derived value cut to {@code maxChars}. */
  static AppraisalRecord truncated(AppraisalRecord record, int maxChars) {
    List<SubmoduleAppraisal> subs = new ArrayList<>();
    for (SubmoduleAppraisal s : record.submodules()) {
      List<ReferenceValueCheck> checks = new ArrayList<>();
      for (ReferenceValueCheck c : s.checks()) {
        checks.add(
            new ReferenceValueCheck(
                cut(c.referenceValue(), maxChars),
                c.mapping(),
                c.observed().map(v -> truncate(v, maxChars)),
                c.status(),
                c.registered().map(v -> truncate(v, maxChars)),
                c.matched(),
                c.queriedByPolicy()));
      }
      Map<String, JsonNode> rules = new LinkedHashMap<>();
      s.ruleValues().forEach((k, v) -> rules.put(cut(k, maxChars), truncate(v, maxChars)));
      subs.add(
          new SubmoduleAppraisal(
              cut(s.name(), maxChars),
              cut(s.tee(), maxChars),
              cut(s.policyId(), maxChars),
              s.trustVector(),
              truncate(s.annotatedEvidence(), maxChars),
              s.extensions(),
              rules,
              checks));
    }
    return new AppraisalRecord(cut(record.appraisalPolicyId(), maxChars), record.time(), subs);
  }

  /** A copy of {@code node} with every string and object key cut to {@code maxChars}. */
  public static <T extends JsonNode> T truncate(T node, int maxChars) {
    @SuppressWarnings("unchecked")
    T copy = (T) truncateNode(node, maxChars);
    return copy;
  }

  private static JsonNode truncateNode(JsonNode node, int maxChars) {
    if (node.isTextual()) {
      String s = node.textValue();
      return s.length() > maxChars ? JsonNodeFactory.instance.textNode(cut(s, maxChars)) : node;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(truncateNode(e, maxChars)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(cut(e.getKey(), maxChars), truncateNode(e.getValue(), maxChars));
      }
      return out;
    }
    return node.deepCopy();
  }

  /** {@code s} itself, or its first {@code maxChars} characters and a visible marker. */
  public static String cut(String s, int maxChars) {
    if (s == null || s.length() <= maxChars) {
      return s;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…(truncated, " + s.length() + " chars)";
  }

  private static boolean hasStringLongerThan(JsonNode node, int maxChars) {
    if (node.isTextual()) {
      return node.textValue().length() > maxChars;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().length() > maxChars || hasStringLongerThan(e.getValue(), maxChars)) {
          return true;
        }
      }
    }
    if (node.isArray()) {
      for (JsonNode e : node) {
        if (hasStringLongerThan(e, maxChars)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Size of the JSON text in UTF-8, as the database stores it. */
  public static int utf8Length(JsonNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
