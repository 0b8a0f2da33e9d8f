package io.trustee.kbs.client;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS rows of {@code kbs-client doctor}: fetches the server's certificate chain with a
 * handshake that accepts any certificate (so that a bad certificate can be described instead of
 * only refused), then judges it as a client would: validity ({@link #expiry}), the URL's host among
 * the subject alternative names ({@link #hostName}, RFC 6125: DNS names with a left-most {@code *}
 * label, IP addresses compared as addresses) and the trust path to the CA of {@code --cacert} or
 * the JDK ({@link #trust}; not judged with {@code --insecure-tls}, but reported). Stateless.
 */
final class DoctorTls {
  /** A certificate that expires sooner than this is a warning. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  private DoctorTls() {}

  /** The chain the server presents at {@code base} (leaf first). */
  static X509Certificate[] fetchChain(URI base, int timeoutMillis) {
    X509Certificate[][] seen = new X509Certificate[1][];
    TrustManager capture = new InsecureTrustCapture(chain -> seen[0] = chain.clone());
    int port = base.getPort() > 0 ? base.getPort() : 443;
    String host = bareHost(base);
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {capture}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.startHandshake();
      }
    } catch (IOException | GeneralSecurityException e) {
      if (seen[0] == null) {
        throw new CliException(
            "no TLS handshake with " + host + ":" + port + " (" + e.getMessage() + ")", e);
      }
    }
    if (seen[0] == null || seen[0].length == 0) {
      throw new CliException("the server at " + host + ":" + port + " sent no certificate");
    }
    return seen[0];
  }

  static String bareHost(URI base) {
    String host = base.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Validity of the leaf: FAIL when expired or not yet valid, warn within 30 days. */
  static DoctorRow expiry(X509Certificate leaf, Instant now) {
    Instant notAfter = leaf.getNotAfter().toInstant();
    long days = Duration.between(now, notAfter).toDays();
    String subject = leaf.getSubjectX500Principal().getName();
    if (now.isAfter(notAfter)) {
      return DoctorRow.fail(
          "tls certificate", subject + " expired " + notAfter + " (" + -days + " days ago)");
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      return DoctorRow.fail(
          "tls certificate", subject + " not valid before " + leaf.getNotBefore().toInstant());
    }
    String detail = subject + ", expires " + notAfter + " (" + days + " days left)";
    return Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0
        ? DoctorRow.warn("tls certificate", detail + "; renew it soon")
        : DoctorRow.ok("tls certificate", detail);
  }

  /** Whether the URL's host is among the leaf's subject alternative names. */
  static DoctorRow hostName(X509Certificate leaf, String host) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dns.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
          } else if (type == 7) {
            ips.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return DoctorRow.fail("tls host name", "unreadable subject alternative names: " + e);
    }
    Set<String> all = new LinkedHashSet<>(dns);
    all.addAll(ips);
    String names = all.isEmpty() ? "none" : String.join(", ", all);
    boolean ipLiteral = isIpLiteral(host);
    boolean match =
        ipLiteral
            ? ips.stream().anyMatch(ip -> sameAddress(ip, host))
            : dns.stream().anyMatch(d -> dnsMatches(d, IDN.toASCII(host).toLowerCase(Locale.ROOT)));
    if (!match) {
      return DoctorRow.fail(
          "tls host name",
          host
              + " is not in the certificate's subject alternative names ("
              + names
              + "): clients refuse the connection; use a listed name or reissue the certificate");
    }
    return DoctorRow.ok("tls host name", host + " is in the SAN (" + names + ")");
  }

  /**
   * The chain against the trust managers of the options; with {@code --insecure-tls} a warning that
   * it was not checked.
   */
  static DoctorRow trust(X509Certificate[] chain, ServerOptions server) {
    if (server.insecureTls) {
      return DoctorRow.warn(
          "tls trust", "not verified (--insecure-tls): clients need the CA of this certificate");
    }
    String source = server.cacert != null ? "--cacert " + server.cacert : "the JDK's CA list";
    for (TrustManager tm : server.trustManagers()) {
      if (tm instanceof X509TrustManager x) {
        try {
          x.checkServerTrusted(chain, "UNKNOWN");
          return DoctorRow.ok(
              "tls trust",
              "issued by "
                  + chain[chain.length - 1].getIssuerX500Principal().getName()
                  + ", trusted by "
                  + source);
        } catch (CertificateException e) {
          return DoctorRow.fail(
              "tls trust", "not trusted by " + source + " (" + e.getMessage() + ")");
        }
      }
    }
    return DoctorRow.fail("tls trust", "no X.509 trust manager for " + source);
  }

  /** RFC 6125 §6.4: exact, or a left-most {@code *} standing for exactly one label. */
  static boolean dnsMatches(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return false;
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Accepts every chain and hands it to {@code sink} (only used to look at it). */
  private static final class InsecureTrustCapture extends X509ExtendedTrustManager {
    private final Consumer<X509Certificate[]> sink;

    InsecureTrustCapture(Consumer<X509Certificate[]> sink) {
      this.sink = sink;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      sink.accept(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      sink.accept(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      sink.accept(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("server side");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("server side");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("server side");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
