package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A failed load operation, classified for the error table of {@code kbs-client load}: {@link #type}
 * is {@code <step>: <status> <KBS error type>} for a refusal with an RFC 7807 body (e.g. {@code
 * resource: 401 PolicyDeny}), {@code <step>: HTTP <status>} without one, or {@code <step>:
 * <exception class>} for a transport or client-side failure (e.g. {@code connect:
 * ConnectException}). The type never contains response text beyond the KBS error name.
 */
final class LoadFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ERROR_PREFIX =
      "https://github.com/confidential-containers/kbs/errors/";

  private final String type;

  LoadFailure(String type, String detail, Throwable cause) {
    super(type + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause, false, false);
    this.type = type;
  }

  String type() {
    return type;
  }

  /** A non-2xx answer of {@code step}. */
  static LoadFailure http(String step, int status, byte[] body) {
    String kbsType = kbsErrorType(body);
    return new LoadFailure(
        step + ": " + (kbsType == null ? "HTTP " + status : status + " " + kbsType), null, null);
  }

  /** A failure of {@code step} by exception. */
  static LoadFailure of(String step, Throwable e) {
    if (e instanceof LoadFailure f) {
      return f;
    }
    return new LoadFailure(step + ": " + e.getClass().getSimpleName(), e.getMessage(), e);
  }

  /** The last segment of the RFC 7807 {@code type}, or null when the body carries none. */
  static String kbsErrorType(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject() || !n.path("type").isTextual()) {
        return null;
      }
      String type = n.get("type").textValue();
      if (type.startsWith(ERROR_PREFIX)) {
        type = type.substring(ERROR_PREFIX.length());
      } else {
        type = type.substring(type.lastIndexOf('/') + 1);
      }
      return type.matches("[A-Za-z0-9_.-]{1,64}") ? type : null;
    } catch (IOException e) {
      return null;
    }
  }
}
