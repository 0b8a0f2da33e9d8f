package io.trustee.kbs.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A loopback-only HTTP server for tests: records every request and answers with {@code handler}.
 * Bound to 127.0.0.1 on an ephemeral port; {@link #close()} stops it at once.
 */
final class FakeKbs implements AutoCloseable {
  /** One received request. */
  record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      int remotePort) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The answer: status, body, extra headers. */
  record Reply(int status, byte[] body, Map<String, String> headers) {
    static Reply json(int status, String json) {
      return new Reply(
          status,
          json.getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"));
    }

    static Reply empty() {
      return new Reply(200, new byte[0], Map.of());
    }
  }

  private final HttpServer server;
  private final String scheme;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeKbs(Function<Request, Reply> handler) throws IOException {
    this(handler, null);
  }

  /** With {@code tls} non-null, an HTTPS server using that context. */
  FakeKbs(Function<Request, Reply> handler, SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    this.scheme = tls == null ? "http" : "https";
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Request req = read(exchange);
            requests.add(req);
            Reply reply;
            try {
              reply = handler.apply(req);
            } catch (RuntimeException | AssertionError e) {
              reply =
                  Reply.json(
                      500, "{\"title\":\"fake KBS: " + e.getMessage().replace('"', '\'') + "\"}");
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(
                reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
              try (OutputStream os = exchange.getResponseBody()) {
                os.write(reply.body());
              }
            }
          }
        });
    server.start();
  }

  private static Request read(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    return new Request(
        ex.getRequestMethod(),
        ex.getRequestURI().getRawPath(),
        ex.getRequestURI().getRawQuery(),
        Map.copyOf(ex.getRequestHeaders()),
        body,
        ex.getRemoteAddress().getPort());
  }

  String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests.size());
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
