package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a reference-value file in any of the formats of spec {@code kbs-config.md} §5, detected by
 * shape (§5.5):
 *
 * <ul>
 *   <li>array of records with {@code hash-value} → R1 (value = the {@code value} strings);
 *   <li>array of records with {@code value} → R2;
 *   <li>array of groups with {@code pcrs}/{@code images} → R4 runbook ({@link RunbookDocument});
 *   <li>object whose member values are all strings → R3 (each base64, either alphabet, padding
 *       optional, of a record's JSON; the member name must match the record's name if it has one);
 *   <li>object whose member values are all objects → R3 unencoded (member name = name when the
 *       record has none);
 *   <li>any other object → {@code sample} payload (name → value, default expiry).
 * </ul>
 *
 * Empty content (only whitespace), {@code []} and {@code {}} mean "no values". Records keep their
 * expiration; expired records are still returned (appraisal ignores them) with a warning. A name
 * given twice is an error. Stateless and thread-safe.
 */
public final class ReferenceValueFileImporter {

  /** Detected file format. */
  public enum Format {
    EMPTY,
    R1_HASH_VALUE,
    R2_VALUE,
    R3_BASE64,
    R3_UNENCODED,
    R4_RUNBOOK,
    SAMPLE_PAYLOAD
  }

  /**
   * @param explicitExpiry false for formats without expirations (R4, sample), whose values get the
   *     default expiry at each import
   */
  public record Result(
      Format format, List<ReferenceValue> values, List<String> warnings, boolean explicitExpiry) {
    public Result {
      values = List.copyOf(values);
      warnings = List.copyOf(warnings);
    }
  }

  private ReferenceValueFileImporter() {}

  /** Parses a file's bytes. */
  public static Result parse(byte[] content, Instant now) throws InvalidReferenceValueException {
    if (new String(content, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return new Result(Format.EMPTY, List.of(), List.of(), true);
    }
    JsonNode json = JsonText.parse(content, "file");
    List<String> warnings = new ArrayList<>();
    Result r;
    if (json.isArray()) {
      r = array(json, now, warnings);
    } else if (json.isObject()) {
      r = object((ObjectNode) json, now, warnings);
    } else {
      throw new InvalidReferenceValueException(
          "$",
          "a reference-value file must hold a JSON "
              + "array or object, not "
              + json.getNodeType());
    }
    Set<String> seen = new HashSet<>();
    for (ReferenceValue v : r.values()) {
      if (!seen.add(v.name())) {
        throw new InvalidReferenceValueException(v.name(), "defined twice in the file");
      }
      if (r.explicitExpiry() && v.isExpiredAt(now)) {
        warnings.add(
            "reference value '"
                + v.name()
                + "' expired at "
                + ReferenceValue.formatExpiration(v.expiration())
                + "; appraisal will ignore it");
      }
    }
    return new Result(r.format(), r.values(), warnings, r.explicitExpiry());
  }

  private static Result array(JsonNode arr, Instant now, List<String> warnings)
      throws InvalidReferenceValueException {
    if (arr.isEmpty()) {
      return new Result(Format.EMPTY, List.of(), List.of(), true);
    }
    JsonNode first = arr.get(0);
    if (first.isObject() && (first.has("pcrs") || first.has("images"))) {
      RunbookDocument.Result rb = RunbookDocument.toReferenceValues(arr, now);
      warnings.addAll(rb.warnings());
      return new Result(Format.R4_RUNBOOK, rb.values(), warnings, false);
    }
    boolean hashValue = first.isObject() && first.has("hash-value");
    List<ReferenceValue> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonNode rec = arr.get(i);
      String path = "[" + i + "]";
      if (!rec.isObject()) {
        throw new InvalidReferenceValueException(path, "records must be objects");
      }
      if (hashValue) {
        out.add(ReferenceValue.fromJson(hashValueRecord((ObjectNode) rec, path), path, null));
      } else {
        out.add(ReferenceValue.fromJson(rec, path, null));
      }
    }
    return new Result(hashValue ? Format.R1_HASH_VALUE : Format.R2_VALUE, out, warnings, true);
  }

  /** R1 → R2 shape: {@code value} = the {@code hash-value[*].value} strings. */
  private static JsonNode hashValueRecord(ObjectNode rec, String path)
      throws InvalidReferenceValueException {
    JsonNode hv = rec.get("hash-value");
    if (hv == null || !hv.isArray()) {
      throw new InvalidReferenceValueException(path + ".hash-value", "missing or not an array");
    }
    ArrayNode values = JsonNodeFactory.instance.arrayNode();
    for (int j = 0; j < hv.size(); j++) {
      JsonNode v = hv.get(j).get("value");
      if (v == null || !v.isTextual()) {
        throw new InvalidReferenceValueException(
            path + ".hash-value[" + j + "].value", "missing or not a string");
      }
      values.add(v.textValue());
    }
    ObjectNode copy = rec.deepCopy();
    copy.remove("hash-value");
    copy.set("value", values);
    return copy;
  }

  private static Result object(ObjectNode obj, Instant now, List<String> warnings)
      throws InvalidReferenceValueException {
    if (obj.isEmpty()) {
      return new Result(Format.EMPTY, List.of(), List.of(), true);
    }
    boolean allStrings = true;
    boolean allObjects = true;
    for (JsonNode v : obj) {
      allStrings &= v.isTextual();
      allObjects &= v.isObject();
    }
    if (!allStrings && !allObjects) {
      return new Result(
          Format.SAMPLE_PAYLOAD, SampleExtractor.fromObject(obj, now), warnings, false);
    }
    List<ReferenceValue> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      String path = m.getKey();
      JsonNode rec =
          allStrings
              ? JsonText.parse(Base64Text.decode(m.getValue().textValue(), path), path)
              : m.getValue();
      ReferenceValue rv = ReferenceValue.fromJson(rec, path, m.getKey());
      if (!rv.name().equals(m.getKey())) {
        throw new InvalidReferenceValueException(
            path + ".name",
            "record name '" + rv.name() + "' differs from its key '" + m.getKey() + "'");
      }
      out.add(rv);
    }
    return new Result(allStrings ? Format.R3_BASE64 : Format.R3_UNENCODED, out, warnings, true);
  }
}
