package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sample} extractor (spec {@code rvps.md} §3.1): the payload is a UTF-8 JSON object and
 * every member becomes one reference value (name = member name, value = member value) with the
 * default expiry. Stateless and thread-safe.
 */
public final class SampleExtractor implements ReferenceValueExtractor {
  @Override
  public String type() {
    return "sample";
  }

  @Override
  public List<ReferenceValue> extract(byte[] payload, Instant now)
      throws InvalidReferenceValueException {
    JsonNode obj = JsonText.parse(payload, "payload");
    if (!obj.isObject()) {
      throw new InvalidReferenceValueException("payload", "sample payload must be a JSON object");
    }
    return fromObject(obj, now);
  }

  /** Every member of {@code obj} as a reference value with the default expiry. */
  static List<ReferenceValue> fromObject(JsonNode obj, Instant now)
      throws InvalidReferenceValueException {
    List<ReferenceValue> out = new ArrayList<>();
    var it = obj.fields();
    while (it.hasNext()) {
      var m = it.next();
      if (m.getKey().isBlank()) {
        throw new InvalidReferenceValueException("payload", "blank reference value name");
      }
      out.add(ReferenceValue.withDefaultExpiry(m.getKey(), m.getValue(), now));
    }
    return out;
  }
}
