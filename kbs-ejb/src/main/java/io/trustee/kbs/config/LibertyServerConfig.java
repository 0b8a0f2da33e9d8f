package io.trustee.kbs.config;

import io.trustee.kbs.config.KbsConfig.HttpServer;
import io.trustee.kbs.config.KbsConfig.Layout;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.crypto.SecretFiles;
import io.trustee.kbs.crypto.TlsKeystores;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Turns the {@code [http_server]} keys of an upstream kbs-config (F: top-level keys; kbs-config.md
 * §2.1, §6.1, §6.2) into a Liberty configuration dropin, run by the launcher {@code bin/kbs} before
 * Liberty starts, because Liberty binds its listener and loads its keystore before the application
 * can read the file.
 *
 * <p>The dropin ({@code configDropins/overrides/kbs-config-file.xml}) sets the server.xml variables
 * {@code kbs.host}, {@code kbs.http.port}, {@code kbs.https.port} and {@code kbs.max-request-bytes}
 * (which feeds {@code httpOptions maxMessageSize}), overrides {@code defaultSSLConfig}'s {@code
 * sslProtocol} and, when they map to JSSE names, {@code enabledCiphers}, and for HTTPS points
 * {@code defaultKeyStore} at {@code <data>/tls/operator.p12}, a PKCS#12 copy of the operator's PEM
 * {@code private_key} + {@code certificate} under a fresh random password (also written,
 * owner-only, to {@code operator.p12.password}). Both files are rewritten on every start, so a
 * rotated certificate takes effect on restart.
 *
 * <p>Only one listen address is supported: Liberty's {@code defaultHttpEndpoint} has one host and
 * one port per scheme. Several {@code sockets} are accepted only when they are the same port on the
 * wildcard addresses ({@code 0.0.0.0} and {@code [::]}, both Liberty's {@code *}); anything else
 * fails with an error naming the key rather than silently leaving an address unserved.
 *
 * <p>Stateless and thread-safe; {@link #generate} writes the keystore files, {@link #main} also the
 * dropin.
 */
public final class LibertyServerConfig {
  /** The keystore built from the operator's PEM pair, under {@code <data>/tls/}. */
  public static final String KEYSTORE_FILE = "operator.p12";

  /** Its password, owner-only, next to it. */
  public static final String PASSWORD_FILE = "operator.p12.password";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String USAGE =
      "usage: LibertyServerConfig <kbs-config file> <dropin xml to write> <data dir>";

  private LibertyServerConfig() {}

  /** The dropin text, a one-line description of the listener, and warnings for the operator. */
  public record Dropin(String xml, String summary, List<String> warnings) {
    public Dropin {
      warnings = List.copyOf(warnings);
    }
  }

  /** The one address Liberty listens on. */
  record Listener(String host, int port) {}

  /**
   * Arguments: config file, dropin path, data directory. Exit status 0 on success (summary on
   * stdout, warnings on stderr), 1 if the configuration cannot be used (the message names the key),
   * 2 on wrong usage.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 3) {
      err.println(USAGE);
      return 2;
    }
    Path file = Path.of(args[0]);
    try {
      Dropin d = generate(KbsConfigFile.load(file), Path.of(args[2]));
      // Owner-only: for HTTPS the dropin carries the keystore password.
      SecretFiles.writeOwnerOnly(Path.of(args[1]), d.xml().getBytes(StandardCharsets.UTF_8));
      d.warnings().forEach(w -> err.println("kbs: warning: " + w));
      out.println(d.summary());
      return 0;
    } catch (KbsConfigException e) {
      err.println("kbs: " + file + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("kbs: cannot write the Liberty configuration: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Builds the dropin for {@code config}; for HTTPS also (re)writes {@code <dataDir>/tls/} {@value
   * #KEYSTORE_FILE} and {@value #PASSWORD_FILE}, for plain HTTP deletes them.
   *
   * @throws KbsConfigException naming the key at fault (bad sockets, unusable PEM files,
   *     contradictory TLS settings)
   * @throws IOException if the keystore cannot be written
   */
  public static Dropin generate(KbsConfig config, Path dataDir)
      throws KbsConfigException, IOException {
    HttpServer http = config.httpServer();
    String prefix = config.layout() == Layout.F ? "" : "http_server.";
    List<String> warnings = new ArrayList<>();
    Listener listener = listener(http.sockets(), prefix + "sockets");
    Document doc = newDocument();
    Element server = doc.createElement("server");
    doc.appendChild(server);
    server.appendChild(
        doc.createComment(
            " Written by bin/kbs from the operator's kbs-config file at every start; do not edit. "));
    variable(server, "kbs.host", listener.host());
    variable(server, "kbs.http.port", http.insecureHttp() ? listener.port() : -1);
    variable(server, "kbs.https.port", http.insecureHttp() ? -1 : listener.port());
    variable(server, "kbs.max-request-bytes", http.payloadRequestSizeBytes());
    Path tls = dataDir.resolve("tls");
    String scheme = http.insecureHttp() ? "http" : "https";
    String summary = "kbs: listener          " + scheme + "://" + hostPort(listener);
    if (http.insecureHttp()) {
      Files.deleteIfExists(tls.resolve(KEYSTORE_FILE));
      Files.deleteIfExists(tls.resolve(PASSWORD_FILE));
      summary += " (plain HTTP, insecure_http = true)";
    } else {
      String password = writeKeystore(http, prefix, tls);
      Element ks = doc.createElement("keyStore");
      ks.setAttribute("id", "defaultKeyStore");
      ks.setAttribute("location", tls.resolve(KEYSTORE_FILE).toAbsolutePath().toString());
      ks.setAttribute("type", "PKCS12");
      ks.setAttribute("password", password);
      server.appendChild(ks);
      List<String> protocols = protocols(http, prefix, warnings);
      Element ssl = doc.createElement("ssl");
      ssl.setAttribute("id", "defaultSSLConfig");
      ssl.setAttribute("keyStoreRef", "defaultKeyStore");
      ssl.setAttribute("sslProtocol", String.join(",", protocols));
      Optional<List<String>> ciphers = ciphers(http, prefix, protocols, warnings);
      ciphers.ifPresent(c -> ssl.setAttribute("enabledCiphers", String.join(" ", c)));
      server.appendChild(ssl);
      summary +=
          " ("
              + String.join(",", protocols)
              + ", certificate "
              + http.certificate().orElseThrow()
              + ")";
    }
    return new Dropin(serialize(doc), summary, warnings);
  }

  static Listener listener(List<String> sockets, String key) throws KbsConfigException {
    Set<Listener> distinct = new LinkedHashSet<>();
    for (String socket : sockets) {
      // Already checked by ServerSectionReader.checkSockets: "<host>:<port>", IPv6 in brackets.
      int colon = socket.lastIndexOf(':');
      String host = socket.substring(0, colon);
      int port = Integer.parseInt(socket.substring(colon + 1));
      if (port == 0) {
        throw new KbsConfigException(key, "port 0 (any free port) is not supported: " + socket);
      }
      boolean bracketed = host.startsWith("[");
      if (bracketed) {
        host = host.substring(1, host.length() - 1);
      }
      if ((bracketed || IPV4.matcher(host).matches()) && isWildcard(host, key)) {
        host = "*";
      }
      distinct.add(new Listener(host, port));
    }
    if (distinct.size() != 1) {
      throw new KbsConfigException(
          key,
          "Liberty serves the KBS on one address, but "
              + sockets
              + " asks for "
              + distinct.size()
              + " (only 0.0.0.0:<port> and [::]:<port> with the same port may be combined)");
    }
    return distinct.iterator().next();
  }

  private static boolean isWildcard(String ipLiteral, String key) throws KbsConfigException {
    try {
      // A literal: no name lookup happens.
      return InetAddress.getByName(ipLiteral).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      throw new KbsConfigException(key, "not an IP address: " + ipLiteral, e);
    }
  }

  /**
   * Protocol range: {@code modern} is TLS 1.3 only, every other profile TLS 1.2–1.3 (JSSE here
   * offers nothing older, so {@code old} gets a warning); explicit min/max override the profile, as
   * upstream does, with upstream's warning when the profile is not {@code custom}.
   */
  static List<String> protocols(HttpServer http, String prefix, List<String> warnings)
      throws KbsConfigException {
    String profile = http.tlsProfile().orElse("intermediate");
    if (profile.equals("old")) {
      warnings.add(
          prefix + "tls_profile = \"old\": TLS 1.0 and 1.1 are not offered, the minimum is 1.2");
    }
    if ((http.tlsMinVersion().isPresent() || http.tlsMaxVersion().isPresent())
        && !profile.equals("custom")) {
      warnings.add(
          prefix
              + "tls_min_version/tls_max_version override tls_profile = \""
              + profile
              + "\" (set tls_profile = \"custom\" to silence this)");
    }
    String min = http.tlsMinVersion().orElse(profile.equals("modern") ? "1.3" : "1.2");
    String max = http.tlsMaxVersion().orElse("1.3");
    if (min.compareTo(max) > 0) {
      throw new KbsConfigException(
          prefix + "tls_max_version",
          "TLS "
              + max
              + " is below the minimum TLS "
              + min
              + " of tls_profile = \""
              + profile
              + "\"");
    }
    List<String> out = new ArrayList<>();
    for (String v : List.of("1.2", "1.3")) {
      if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
        out.add("TLSv" + v);
      }
    }
    return out;
  }

  /** {@code tls_ciphers} as JSSE names, or empty (JSSE defaults) with a warning. */
  static Optional<List<String>> ciphers(
      HttpServer http, String prefix, List<String> protocols, List<String> warnings)
      throws KbsConfigException {
    if (http.tlsCiphers().isEmpty()) {
      return Optional.empty();
    }
    List<String> unmapped = new ArrayList<>();
    Optional<List<String>> jsse =
        OpenSslCipherNames.toJsse(http.tlsCiphers().get(), supportedSuites(), unmapped);
    if (jsse.isEmpty()) {
      warnings.add(
          prefix
              + "tls_ciphers is ignored (the JVM's default suites are used): no JSSE suite for "
              + (unmapped.isEmpty() ? "an empty list" : String.join(", ", unmapped)));
      return Optional.empty();
    }
    boolean usable =
        jsse.get().stream()
            .anyMatch(
                c -> protocols.contains(OpenSslCipherNames.isTls13(c) ? "TLSv1.3" : "TLSv1.2"));
    if (!usable) {
      throw new KbsConfigException(
          prefix + "tls_ciphers", "no suite in the list can be used with " + protocols);
    }
    return jsse;
  }

  private static Set<String> supportedSuites() {
    try {
      return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  /** Writes the keystore and its password file; returns the password. */
  private static String writeKeystore(HttpServer http, String prefix, Path tls)
      throws KbsConfigException, IOException {
    // ServerSectionReader has already required both paths and checked that the files exist.
    Path key = http.privateKey().orElseThrow();
    Path cert = http.certificate().orElseThrow();
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] p12;
    try {
      p12 = TlsKeystores.pkcs12FromPem(key, cert, "kbs", password.toCharArray());
    } catch (PemException e) {
      String at = e.source().equals(cert.toString()) ? "certificate" : "private_key";
      throw new KbsConfigException(prefix + at, e.getMessage(), e);
    }
    SecretFiles.writeOwnerOnly(
        tls.resolve(PASSWORD_FILE), password.getBytes(StandardCharsets.US_ASCII));
    SecretFiles.writeOwnerOnly(tls.resolve(KEYSTORE_FILE), p12);
    return password;
  }

  private static String hostPort(Listener l) {
    return (l.host().contains(":") ? "[" + l.host() + "]" : l.host()) + ":" + l.port();
  }

  private static void variable(Element server, String name, Object value) {
    Element v = server.getOwnerDocument().createElement("variable");
    v.setAttribute("name", name);
    v.setAttribute("value", String.valueOf(value));
    server.appendChild(v);
  }

  private static Document newDocument() {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML support in the JVM", e);
    }
  }

  /** The DOM serializer escapes every attribute value ({@code & < > "}). */
  private static String serialize(Document doc) {
    try {
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialize the Liberty dropin", e);
    }
  }
}
