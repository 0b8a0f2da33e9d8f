package io.trustee.kbs.service;

import io.trustee.kbs.runtime.AdminCenterBookmark;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.runtime.KbsSettings.AdminCenterAccess;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Registers the KBS console ({@code /console/}) in Liberty Admin Center's toolbox once Admin Center
 * answers ({@link AdminCenterBookmark}); every 20 s until it succeeds, then never again in this
 * JVM. Nothing happens when Admin Center is off. The request goes to the console listener on
 * loopback, authenticated as the console's {@code admin} user, trusting only the certificate of the
 * KBS's own keystore (that pin replaces the host name check, which loopback cannot pass for a
 * certificate made for the host name). The password is never logged.
 */
@Singleton
public class AdminCenterRegistration {
  private static final Logger LOG = Logger.getLogger(AdminCenterRegistration.class.getName());
  private static final int GIVE_UP_AFTER = 30;

  @Inject KbsSettings settings;

  private boolean done;
  private int attempts;

  @Schedule(hour = "*", minute = "*", second = "*/20", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void register() {
    if (done) {
      return;
    }
    var access = settings.adminCenter();
    if (access.isEmpty()) {
      done = true;
      return;
    }
    URI console = consoleUrl();
    try {
      AdminCenterBookmark.Outcome outcome =
          new AdminCenterBookmark(console).ensure(transport(access.get()));
      done = true;
      LOG.info(
          () ->
              "Admin Center: KBS console bookmark "
                  + outcome.name().toLowerCase(java.util.Locale.ROOT)
                  + " in the toolbox of user admin ("
                  + console
                  + ")");
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (++attempts >= GIVE_UP_AFTER) {
        done = true;
        LOG.log(
            Level.WARNING,
            "Admin Center: the KBS console bookmark could not be registered; add it by hand"
                + " (README 'The KBS console'): {0}",
            e.getMessage());
      } else if (attempts == 1) {
        LOG.log(
            Level.INFO,
            "Admin Center: not answering yet, the KBS console bookmark is retried every 20 s: {0}",
            String.valueOf(e));
      } else {
        LOG.log(Level.FINE, "Admin Center not ready for the console bookmark yet", e);
      }
    }
  }

  /** The console on the KBS listener: the public base URL, else https://localhost:<port>. */
  private URI consoleUrl() {
    return settings
        .publicBaseUrl()
        .map(u -> u.resolve("/console/"))
        .orElseGet(
            () -> URI.create("https://localhost:" + settings.httpsPortOr(8080) + "/console/"));
  }

  private static AdminCenterBookmark.Transport transport(AdminCenterAccess a)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(a.keystore())) {
      ks.load(in, a.keystorePassword().toCharArray());
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    for (String alias : Collections.list(ks.aliases())) {
      Certificate c = ks.getCertificate(alias);
      if (c != null) {
        trust.setCertificateEntry(alias, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + a.password()).getBytes(StandardCharsets.UTF_8));
    return (method, path, body) -> {
      URL url = URI.create("https://127.0.0.1:" + a.port() + path).toURL();
      HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
      c.setSSLSocketFactory(tls.getSocketFactory());
      c.setHostnameVerifier((host, session) -> "127.0.0.1".equals(host));
      c.setConnectTimeout(5000);
      c.setReadTimeout(10000);
      c.setRequestMethod(method);
      c.setRequestProperty("Authorization", basic);
      c.setRequestProperty("Accept", "application/json");
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      if (in != null) {
        try (in) {
          in.transferTo(buf);
        }
      }
      c.disconnect();
      return new AdminCenterBookmark.Response(status, buf.toString(StandardCharsets.UTF_8));
    };
  }
}
