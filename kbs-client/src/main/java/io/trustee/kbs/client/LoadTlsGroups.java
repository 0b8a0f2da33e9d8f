package io.trustee.kbs.client;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.Locale;
import java.util.Set;

/**
 * Limits the TLS key-exchange groups a load guest offers ({@code --tls-groups}), through the
 * socket's {@link AlgorithmConstraints} (JDK 17 has no per-socket named-group setting). JDK 17's
 * client sends a key share for x25519 <em>and</em> one for secp256r1 in every ClientHello, so each
 * handshake pays a P-256 key generation the server never uses; a confidential-container guest
 * (rustls) sends only x25519. With {@code x25519} only that one share is made, and the server does
 * the same work as before (it picks x25519 either way). Everything that is not a named group of the
 * key exchange is permitted here; the JDK's own {@code jdk.tls.disabledAlgorithms} still apply on
 * top. Immutable and thread-safe.
 */
final class LoadTlsGroups implements AlgorithmConstraints {
  /** The TLS named groups JDK 17 knows for key exchange. */
  static final Set<String> KNOWN =
      Set.of(
          "x25519",
          "x448",
          "secp256r1",
          "secp384r1",
          "secp521r1",
          "ffdhe2048",
          "ffdhe3072",
          "ffdhe4096",
          "ffdhe6144",
          "ffdhe8192");

  private final Set<String> allowed;

  private LoadTlsGroups(Set<String> allowed) {
    this.allowed = allowed;
  }

  /** {@code default} (null: the JDK's list) or a comma-separated list of known groups. */
  static LoadTlsGroups parse(String text) {
    if (text == null || text.isBlank() || "default".equals(text.trim())) {
      return null;
    }
    java.util.Set<String> groups = new java.util.LinkedHashSet<>();
    for (String g : text.split(",")) {
      String name = g.trim().toLowerCase(Locale.ROOT);
      if (!KNOWN.contains(name)) {
        throw new CliException(
            "--tls-groups: unknown group '"
                + g.trim()
                + "' (expected default or some of "
                + KNOWN
                + ")");
      }
      groups.add(name);
    }
    return new LoadTlsGroups(Set.copyOf(groups));
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters p) {
    if (algorithm != null && primitives.contains(CryptoPrimitive.KEY_AGREEMENT)) {
      String name = algorithm.toLowerCase(Locale.ROOT);
      return !KNOWN.contains(name) || allowed.contains(name);
    }
    return true;
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
    return true;
  }

  @Override
  public boolean permits(
      Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters p) {
    return permits(primitives, algorithm, p);
  }

  @Override
  public String toString() {
    return "TLS groups " + allowed;
  }
}
