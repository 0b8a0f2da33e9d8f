package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code init-data} member of a 0.4.0 attestation body: {@code format} (only {@code "toml"} is
 * accepted, as upstream) and {@code body}, the plaintext init-data document. The digest the
 * evidence is bound to is computed by the attestation service from this text.
 *
 * <p>Immutable and thread-safe.
 */
public record InitData(String format, String body) {
  /** The only accepted format. */
  public static final String TOML = "toml";

  public InitData {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(body, "body");
    if (!TOML.equals(format)) {
      throw new IllegalArgumentException("init-data format must be toml");
    }
  }

  /**
   * Parses the member; absent or JSON {@code null} gives empty.
   *
   * @throws ProtocolException naming {@code init-data.format} / {@code init-data.body}
   */
  public static Optional<InitData> parse(JsonNode node) throws ProtocolException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new ProtocolException("init-data", "must be an object");
    }
    JsonNode f = node.get("format");
    if (f == null || !f.isTextual()) {
      throw new ProtocolException("init-data.format", "missing or not a string");
    }
    if (!TOML.equals(f.textValue())) {
      throw new ProtocolException(
          "init-data.format", "unsupported format " + TeeName.truncate(f.textValue()));
    }
    JsonNode b = node.get("body");
    if (b == null || !b.isTextual()) {
      throw new ProtocolException("init-data.body", "missing or not a string");
    }
    return Optional.of(new InitData(f.textValue(), b.textValue()));
  }

  /** The size of {@link #body()} in UTF-8 bytes (what the guest sent and the digest covers). */
  public int bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Refuses a body larger than {@code maxBytes} UTF-8 bytes. The init-data claims travel inside the
   * attestation token, and a token beyond what the resource endpoint accepts would let the guest
   * attest but never fetch; this check says so before any appraisal.
   *
   * @throws ProtocolException naming {@code init-data.body}, its size and the limit
   */
  public void requireWithin(int maxBytes) throws ProtocolException {
    int size = bodyBytes();
    if (size > maxBytes) {
      throw new ProtocolException(
          "init-data.body",
          "is "
              + size
              + " bytes, over the limit of "
              + maxBytes
              + " (kbs.attest.max-init-data-bytes)");
    }
  }

  @Override
  public String toString() {
    return "InitData[" + format + ", " + body.length() + " chars]";
  }
}
