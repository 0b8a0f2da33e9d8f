package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.protocol.ProtocolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * One simulated guest of {@code kbs-client load}: a new connection (a full TLS handshake unless
 * resumption was asked for), {@code POST /kbs/v0/auth}, {@code POST /kbs/v0/attest}, and {@code GET
 * /kbs/v0/resource/…} with the session cookie, decrypting the JWE; later fetches go over the same
 * kept-alive connection. The TEE key pair and the evidence source are shared by all guests (the
 * protocol binds the key to each session's nonce, so one key serves many sessions).
 *
 * <p>Not thread-safe: one guest belongs to one worker thread.
 */
final class LoadGuest implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Bouncy Castle for the JWE's ECDH (see {@link JweDecryptor#decrypt(JsonNode, TeeKeys,
   * java.security.Provider)}); not registered globally, so nothing else in the JVM changes.
   */
  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /** What every guest shares: where to connect, how, and what to present and fetch. */
  record Plan(
      LoadHttp.Endpoint endpoint,
      TrustManager[] trust,
      boolean tlsResume,
      int timeoutMillis,
      String basePath,
      EvidenceSource source,
      TeeKeys keys,
      String resourcePath,
      byte[] expectedSecret) {
    Plan {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(resourcePath, "resourcePath");
    }

    /**
     * The endpoint for a new guest: for HTTPS without {@code --tls-resume}, a fresh {@link
     * SSLContext} (its client session cache is empty, so the handshake is a full one whatever the
     * server offers); with {@code --tls-resume}, the shared context, whose cache lets the JDK
     * resume a session another guest established.
     */
    LoadHttp.Endpoint endpointForNewGuest() throws IOException {
      if (endpoint.tls() == null || tlsResume) {
        return endpoint;
      }
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust, null);
        return endpoint.withTls(ctx);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot create a TLS context", e);
      }
    }
  }

  /**
   * The same TEE keys with an EC private key held as a Bouncy Castle key object, so that the JWE's
   * ECDH does not convert the JDK key on every fetch. RSA keys are returned as they are.
   */
  static TeeKeys withBouncyCastlePrivateKey(TeeKeys keys) {
    if (!(keys.pair().getPrivate() instanceof java.security.interfaces.ECPrivateKey)) {
      return keys;
    }
    try {
      java.security.PrivateKey priv =
          java.security.KeyFactory.getInstance("EC", BC)
              .generatePrivate(
                  new java.security.spec.PKCS8EncodedKeySpec(
                      keys.pair().getPrivate().getEncoded()));
      return new TeeKeys(new java.security.KeyPair(keys.pair().getPublic(), priv), keys.jwk());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle cannot read a P-256 key", e);
    }
  }

  private final Plan plan;
  private LoadHttp connection;
  private LoadHttp.Endpoint endpoint;
  private String cookie;
  private long reconnects;

  LoadGuest(Plan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** Whether this guest holds an attested session on an open connection. */
  boolean hasSession() {
    return connection != null && cookie != null;
  }

  /** Kept-alive connections the server closed and this guest re-opened for a fetch. */
  long reconnects() {
    return reconnects;
  }

  /** A new connection, auth and attest (no fetch); returns the attestation token. */
  String attest() throws LoadFailure {
    close();
    try {
      endpoint = plan.endpointForNewGuest();
      connection = LoadHttp.connect(endpoint, plan.timeoutMillis());
    } catch (IOException e) {
      throw LoadFailure.of("connect", e);
    }
    ObjectNode auth = JsonNodeFactory.instance.objectNode();
    auth.put("version", ProtocolVersion.CURRENT.wire());
    auth.put("tee", plan.source().tee());
    auth.putObject("extra-params").putArray("supported-hash-algorithms").add(RcarClient.HASH);
    LoadHttp.Response r = send("auth", "POST", "/kbs/v0/auth", null, auth);
    JsonNode challenge = json("auth", r);
    String nonce = challenge.path("nonce").asText("");
    if (nonce.isEmpty()) {
      throw new LoadFailure("auth: NoNonce", null, null);
    }
    cookie =
        r.cookie(RcarClient.COOKIE)
            .orElseThrow(() -> new LoadFailure("auth: NoCookie", null, null));
    ObjectNode body;
    try {
      body =
          RcarClient.attestationBody(
              new RcarClient.Session(cookie, nonce), plan.keys(), plan.source());
    } catch (RuntimeException e) {
      throw LoadFailure.of("evidence", e);
    }
    JsonNode token =
        json("attest", send("attest", "POST", "/kbs/v0/attest", cookie, body)).get("token");
    if (token == null || !token.isTextual()) {
      throw new LoadFailure("attest: NoToken", null, null);
    }
    return token.textValue();
  }

  /**
   * {@code GET} the resource on this guest's connection with its session cookie and decrypt it; if
   * the server closed the kept-alive connection, once more on a new one (same session).
   */
  void fetch() throws LoadFailure {
    if (connection == null || cookie == null) {
      throw new IllegalStateException("fetch before attest");
    }
    String path = plan.basePath() + "/kbs/v0/resource/" + plan.resourcePath();
    LoadHttp.Response r;
    try {
      r = exchange("GET", path, cookie, null);
    } catch (LoadHttp.StaleConnectionException e) {
      reconnects++;
      try {
        connection.close();
        connection = LoadHttp.connect(endpoint, plan.timeoutMillis());
        r = exchange("GET", path, cookie, null);
      } catch (IOException again) {
        throw LoadFailure.of("resource", again);
      }
    } catch (IOException e) {
      throw LoadFailure.of("resource", e);
    }
    if (r.status() / 100 != 2) {
      throw LoadFailure.http("resource", r.status(), r.body());
    }
    byte[] secret;
    try {
      secret = JweDecryptor.decrypt(json("resource", r), plan.keys(), BC);
    } catch (CliException e) {
      throw new LoadFailure("resource: BadJwe", e.getMessage(), null);
    }
    if (plan.expectedSecret() != null && !MessageDigest.isEqual(secret, plan.expectedSecret())) {
      throw new LoadFailure("resource: WrongSecret", null, null);
    }
  }

  private LoadHttp.Response send(
      String step, String method, String path, String cookieValue, JsonNode body)
      throws LoadFailure {
    LoadHttp.Response r;
    try {
      r =
          exchange(
              method,
              plan.basePath() + path,
              cookieValue,
              body.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw LoadFailure.of(step, e);
    }
    if (r.status() / 100 != 2) {
      throw LoadFailure.http(step, r.status(), r.body());
    }
    return r;
  }

  private LoadHttp.Response exchange(String method, String path, String cookieValue, byte[] body)
      throws IOException {
    List<String> headers =
        body == null
            ? List.of("Cookie", RcarClient.COOKIE + "=" + cookieValue)
            : cookieValue == null
                ? List.of("Content-Type", KbsHttp.JSON_TYPE)
                : List.of(
                    "Content-Type",
                    KbsHttp.JSON_TYPE,
                    "Cookie",
                    RcarClient.COOKIE + "=" + cookieValue);
    return connection.exchange(method, path, headers, body);
  }

  private static JsonNode json(String step, LoadHttp.Response r) throws LoadFailure {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || !n.isObject()) {
        throw new LoadFailure(step + ": NotJson", null, null);
      }
      return n;
    } catch (IOException e) {
      throw new LoadFailure(step + ": NotJson", null, null);
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    cookie = null;
  }
}
