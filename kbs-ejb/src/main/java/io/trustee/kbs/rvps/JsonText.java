package io.trustee.kbs.rvps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.util.Utf8;

/**
 * Parses JSON text from untrusted bytes (strict UTF-8, one JSON value) into a tree, reporting
 * failures as {@link InvalidReferenceValueException} naming the field. Stateless and thread-safe.
 */
final class JsonText {
  private static final ObjectMapper JSON = Json.mapper();

  private JsonText() {}

  /** Strict UTF-8 then JSON. */
  static JsonNode parse(byte[] bytes, String field) throws InvalidReferenceValueException {
    String text;
    try {
      text = Utf8.decodeStrict(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceValueException(field, e.getMessage(), e);
    }
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new InvalidReferenceValueException(field, "is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new InvalidReferenceValueException(
          field, "is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
