package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named reference value (spec {@code rvps.md} §1): the JSON value policies receive from {@code
 * query_reference_value(name)}, its expiration (seconds precision, UTC) and the record format
 * version.
 *
 * <p>JSON form, members in upstream order: {@code {"version":"0.1.0","name":…,
 * "expiration":"YYYY-MM-DDThh:mm:ssZ","value":…}}.
 *
 * <p>Immutable and thread-safe: the JSON value is copied in and out.
 */
public record ReferenceValue(String name, JsonNode value, Instant expiration, String version) {
  /** The only record format version upstream knows. */
  public static final String DEFAULT_VERSION = "0.1.0";

  /** Default lifetime: creation + 12 calendar months. */
  public static final int DEFAULT_VALIDITY_MONTHS = 12;

  private static final Pattern EXPIRATION =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public ReferenceValue {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("reference value name must not be blank");
    }
    value = Objects.requireNonNull(value, "value").deepCopy();
    expiration = Objects.requireNonNull(expiration, "expiration").truncatedTo(ChronoUnit.SECONDS);
    version = version == null ? DEFAULT_VERSION : version;
  }

  /** A record expiring {@value #DEFAULT_VALIDITY_MONTHS} months after {@code now}. */
  public static ReferenceValue withDefaultExpiry(String name, JsonNode value, Instant now) {
    return new ReferenceValue(name, value, defaultExpiration(now), DEFAULT_VERSION);
  }

  /** {@code now} truncated to seconds plus 12 calendar months (UTC). */
  public static Instant defaultExpiration(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS)
        .atZone(ZoneOffset.UTC)
        .plusMonths(DEFAULT_VALIDITY_MONTHS)
        .toInstant();
  }

  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  /** True if the expiration lies strictly before {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiration.isBefore(now);
  }

  /** Same record with another value (used when merging). */
  public ReferenceValue withValue(JsonNode newValue) {
    return new ReferenceValue(name, newValue, expiration, version);
  }

  /** Formats as exactly {@code YYYY-MM-DDThh:mm:ssZ}. */
  public static String formatExpiration(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Parses the strict {@code YYYY-MM-DDThh:mm:ssZ} form (no fractions, literal {@code Z}).
   *
   * @throws InvalidReferenceValueException naming {@code field} if the text has another shape
   */
  public static Instant parseExpiration(String text, String field)
      throws InvalidReferenceValueException {
    if (text == null || !EXPIRATION.matcher(text).matches()) {
      throw new InvalidReferenceValueException(
          field, "expected YYYY-MM-DDThh:mm:ssZ, got " + (text == null ? "nothing" : text));
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidReferenceValueException(field, "not a valid date/time: " + text, e);
    }
  }

  /** The record JSON of {@code rvps.md} §1. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("version", version);
    o.put("name", name);
    o.put("expiration", formatExpiration(expiration));
    o.set("value", value.deepCopy());
    return o;
  }

  /**
   * Reads a record (§1). {@code version} defaults to 0.1.0; {@code name}, {@code expiration} and
   * {@code value} are required unless {@code fallbackName} supplies the name.
   *
   * @param path prefix for field names in error messages (e.g. {@code [3]})
   */
  public static ReferenceValue fromJson(JsonNode json, String path, String fallbackName)
      throws InvalidReferenceValueException {
    if (json == null || !json.isObject()) {
      throw new InvalidReferenceValueException(path, "a reference-value record must be an object");
    }
    String name = textMember(json, "name", path, fallbackName);
    if (name == null || name.isBlank()) {
      throw new InvalidReferenceValueException(path + ".name", "missing or blank");
    }
    String version = textMember(json, "version", path, DEFAULT_VERSION);
    if (!DEFAULT_VERSION.equals(version)) {
      throw new InvalidReferenceValueException(path + ".version", "version unmatched: " + version);
    }
    String exp = textMember(json, "expiration", path, null);
    Instant expiration = parseExpiration(exp, path + ".expiration");
    JsonNode value = json.get("value");
    if (value == null) {
      throw new InvalidReferenceValueException(path + ".value", "missing");
    }
    return new ReferenceValue(name, value, expiration, version);
  }

  private static String textMember(JsonNode json, String member, String path, String fallback)
      throws InvalidReferenceValueException {
    JsonNode n = json.get(member);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw new InvalidReferenceValueException(path + "." + member, "must be a string");
    }
    return n.textValue();
  }
}
