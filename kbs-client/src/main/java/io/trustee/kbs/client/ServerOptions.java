package io.trustee.kbs.client;

import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * The server options every HTTP command shares: {@code --url} (or {@code KBS_URL}, see {@link
 * CliEnvironment}; checked when a command first needs it, so that a missing URL names both), and
 * TLS trust from {@code --cacert} (or {@code KBS_CACERT}) (PEM certificates to trust instead of the
 * JDK's CA list) or {@code --insecure-tls} (no certificate or host-name check at all; for labs with
 * a throw-away self-signed certificate only, because anyone on the path can then read the admin
 * token or impersonate the KBS).
 */
final class ServerOptions {
  /** The error when neither {@code --url} nor {@code KBS_URL} is given. */
  static final String NO_URL = "no KBS URL: give --url URL or set KBS_URL";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "KBS base URL, e.g. https://kbs.example:8080 (default: $KBS_URL)")
  String url;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description = "PEM CA certificate(s) to trust (default: $KBS_CACERT)")
  Path cacert;

  @Option(
      names = "--insecure-tls",
      description = "do not verify the server certificate (labs only)")
  boolean insecureTls;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "connect and request timeout (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** The HTTP helper for these options. */
  KbsHttp http() {
    return new KbsHttp(baseUri(), client(), Duration.ofSeconds(timeoutSeconds));
  }

  URI baseUri() {
    if (url == null) {
      throw new CliException(NO_URL);
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new CliException("--url: not a URL: " + url);
    }
    if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
      throw new CliException("--url: scheme must be https or http, got " + url);
    }
    if (u.getHost() == null) {
      throw new CliException("--url: no host in " + url);
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new CliException("--url: must not carry a query or fragment");
    }
    return u;
  }

  HttpClient client() {
    if (timeoutSeconds <= 0) {
      throw new CliException("--timeout: must be positive");
    }
    if (cacert != null && insecureTls) {
      throw new CliException("--cacert and --insecure-tls exclude each other");
    }
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(timeoutSeconds))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (cacert != null) {
      b.sslContext(trusting(cacert));
    } else if (insecureTls) {
      b.sslContext(InsecureTrust.sslContext());
    }
    return b.build();
  }

  private static SSLContext trusting(Path file) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagersFor(file), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new CliException("--cacert " + file + ": cannot build a TLS context", e);
    }
  }

  /**
   * The trust managers these options select, built once: the {@code --cacert} certificates, the
   * {@code --insecure-tls} accept-all manager, or the JDK's CA list. {@code kbs-client load} hands
   * them to a fresh {@link SSLContext} per simulated guest; passing them explicitly matters there,
   * because an {@code SSLContext} initialised without trust managers loads the JDK's CA file again.
   */
  TrustManager[] trustManagers() {
    if (cacert != null && insecureTls) {
      throw new CliException("--cacert and --insecure-tls exclude each other");
    }
    if (cacert != null) {
      return trustManagersFor(cacert);
    }
    if (insecureTls) {
      return InsecureTrust.trustManagers();
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new CliException("cannot load the JDK's CA certificates", e);
    }
  }

  private static TrustManager[] trustManagersFor(Path file) {
    List<X509Certificate> certs;
    try {
      certs = Pem.readCertificates(file);
    } catch (PemException e) {
      throw new CliException("--cacert " + file + ": " + e.getMessage(), e);
    }
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        ks.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new CliException("--cacert " + file + ": cannot build a trust store", e);
    }
  }
}
