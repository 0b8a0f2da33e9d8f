package io.trustee.kbs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP client for the started test server. It trusts exactly the server's self-signed
 * certificate (read from the server's keystore in the test data directory) and keeps cookies per
 * instance, like a guest's cookie jar. One instance = one guest.
 */
final class KbsHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The generated certificate names the machine's host name; tests call "localhost".
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
  }

  private final HttpClient client;
  private final CookieManager cookies = new CookieManager();
  private volatile URI base;

  KbsHttp() {
    this(true);
  }

  /**
   * @param awaitServer wait (once per test run) until the application answers
   */
  KbsHttp(boolean awaitServer) {
    if (awaitServer) {
      ItServer.awaitFirstStart();
    }
    this.base = baseUri();
    this.client = client(sslContext(List.of(dataDir())));
  }

  /**
   * A client of several servers (replicas on localhost): it trusts the certificate of each data
   * directory and starts at {@code base}; {@link #at} moves it to another server with the same
   * cookie jar, as a guest behind a load balancer without sticky sessions.
   */
  KbsHttp(URI base, List<Path> dataDirs) {
    this.base = base;
    this.client = client(sslContext(dataDirs));
  }

  private HttpClient client(SSLContext ssl) {
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .cookieHandler(cookies)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Sends the following requests to {@code server} (same cookies); returns this client. */
  KbsHttp at(URI server) {
    this.base = server;
    return this;
  }

  static URI baseUri() {
    return URI.create(System.getProperty("kbs.it.base-url", "https://localhost:18443"));
  }

  static Path dataDir() {
    return Path.of(System.getProperty("kbs.it.data-dir", "target/it-data"));
  }

  private static SSLContext sslContext(List<Path> dataDirs) {
    try {
      char[] password = ItServer.keystorePassword().toCharArray();
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int n = 0;
      for (Path dir : dataDirs) {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("tls/key.p12"))) {
          server.load(in, password);
        }
        for (String alias : Collections.list(server.aliases())) {
          Certificate c = server.getCertificate(alias);
          if (c != null) {
            trust.setCertificateEntry("server" + n++ + "-" + alias, c);
          }
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the test server's certificate", e);
    }
  }

  /** A response: status, body text, headers. */
  record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String errorType() {
      String t = json().path("type").asText();
      return t.substring(t.lastIndexOf('/') + 1);
    }
  }

  Reply send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  Reply get(String path) {
    return get(path, Map.of());
  }

  Reply postJson(String path, Object body, Map<String, String> headers) {
    try {
      byte[] bytes = body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
      java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
      h.putIfAbsent("Content-Type", "application/json");
      return send("POST", path, bytes, h);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Reply postJson(String path, Object body) {
    return postJson(path, body, Map.of());
  }

  /** The value of the session cookie the server set, if any. */
  String sessionCookie() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("kbs-session-id"))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  void forgetCookies() {
    cookies.getCookieStore().removeAll();
  }
}
