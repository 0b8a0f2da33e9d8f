package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A thin layer over {@link HttpClient} for the KBS API: builds request URIs under the base URL,
 * sends, and turns non-2xx answers into a {@link CliException} that names the method, the path, the
 * status and the KBS error type ({@code …/errors/<Type>}, kbs-protocol.md §11). Response bodies of
 * failed requests are quoted only as the error's {@code detail}, never request bodies or headers
 * (which may carry tokens or secrets).
 *
 * <p>Immutable and thread-safe (as {@link HttpClient}).
 */
final class KbsHttp {
  static final String JSON_TYPE = "application/json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ERROR_PREFIX =
      "https://github.com/confidential-containers/kbs/errors/";

  private final URI base;
  private final HttpClient client;
  private final Duration timeout;

  KbsHttp(URI base, HttpClient client, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * {@code base + path}; {@code path} starts with {@code /} and is taken literally except that
   * characters not allowed in a URI path are percent-encoded ({@code //} is kept, kbs-protocol.md
   * §9.5). {@code query} may be null.
   */
  URI uri(String path, String query) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    try {
      return new URI(base.getScheme(), base.getRawAuthority(), basePath + path, query, null);
    } catch (URISyntaxException e) {
      throw new CliException("cannot build a URL for " + path + ": " + e.getMessage());
    }
  }

  HttpRequest.Builder request(String path, String query) {
    return HttpRequest.newBuilder(uri(path, query)).timeout(timeout);
  }

  /** Sends and returns the response if its status is 2xx. */
  HttpResponse<byte[]> send(HttpRequest request) {
    HttpResponse<byte[]> response = exchange(request);
    if (response.statusCode() / 100 != 2) {
      throw new CliException(
          request.method()
              + " "
              + request.uri().getRawPath()
              + " failed: HTTP "
              + response.statusCode()
              + describeError(response.body()));
    }
    return response;
  }

  /** Sends and returns the response whatever its status; fails only when there is none. */
  HttpResponse<byte[]> exchange(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (javax.net.ssl.SSLHandshakeException e) {
      throw new CliException(
          request.method()
              + " "
              + request.uri().getRawPath()
              + ": TLS handshake with the KBS failed ("
              + e.getMessage()
              + "); trust its CA with --cacert (or, in labs only, --insecure-tls)",
          e);
    } catch (IOException e) {
      throw new CliException(
          request.method()
              + " "
              + request.uri().getRawPath()
              + ": cannot reach the KBS ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
    return response;
  }

  /** {@code " PolicyDeny: Access denied by policy"} from an error body, or a short excerpt. */
  static String describeError(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.isObject() && n.has("type")) {
        String type = n.get("type").asText();
        if (type.startsWith(ERROR_PREFIX)) {
          type = type.substring(ERROR_PREFIX.length());
        }
        String detail = n.has("detail") ? ": " + n.get("detail").asText() : "";
        return " " + type + detail;
      }
      if (n != null && n.isObject() && n.has("title")) {
        return " " + n.get("title").asText();
      }
    } catch (IOException e) {
      // not JSON: fall through to an excerpt
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return " " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  /** Parses a JSON response body, naming the endpoint if it is not JSON. */
  static JsonNode json(HttpResponse<byte[]> response) {
    try {
      JsonNode n = JSON.readTree(response.body());
      if (n == null || n.isMissingNode()) {
        throw new CliException(response.request().uri().getRawPath() + ": empty response body");
      }
      return n;
    } catch (IOException e) {
      throw new CliException(response.request().uri().getRawPath() + ": response is not JSON", e);
    }
  }

  /** The value of cookie {@code name} from the response's {@code Set-Cookie} headers. */
  static Optional<String> cookie(HttpResponse<?> response, String name) {
    for (String header : response.headers().allValues("set-cookie")) {
      String first = header.split(";", 2)[0].trim();
      int eq = first.indexOf('=');
      if (eq > 0 && first.substring(0, eq).trim().equals(name)) {
        return Optional.of(first.substring(eq + 1).trim());
      }
    }
    return Optional.empty();
  }

  /** A JSON body publisher. */
  static HttpRequest.BodyPublisher jsonBody(JsonNode body) {
    return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
  }

  /** URL-encodes a query of name → value pairs (values may be null: omitted). */
  static String query(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, v) -> {
          if (v != null) {
            if (sb.length() > 0) {
              sb.append('&');
            }
            sb.append(k).append('=').append(v);
          }
        });
    return sb.length() == 0 ? null : sb.toString();
  }
}
