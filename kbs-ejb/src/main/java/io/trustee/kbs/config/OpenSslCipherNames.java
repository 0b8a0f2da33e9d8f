package io.trustee.kbs.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps an OpenSSL cipher list ({@code http_server.tls_ciphers}, kbs-config.md §2.1) to JSSE suite
 * names. Only single suite names are understood: the AEAD and CBC-SHA2 ECDHE/DHE suites of TLS 1.2
 * (OpenSSL spelling, e.g. {@code ECDHE-ECDSA-AES128-GCM-SHA256}) and the TLS 1.3 suites, whose
 * OpenSSL and IANA/JSSE names are the same. Names already in IANA form ({@code TLS_...}) pass
 * through. Keywords and operators ({@code HIGH}, {@code !aNULL}, {@code @STRENGTH}) select suites
 * by OpenSSL's own rules, which JSSE cannot reproduce, so a list containing any of them does not
 * map at all (kbs-config.md §6.5 lets us ignore it with a warning).
 *
 * <p>Stateless and thread-safe.
 */
final class OpenSslCipherNames {
  private static final Map<String, String> TLS12 =
      Map.ofEntries(
          Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
          Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
          Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
          Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
          Map.entry(
              "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
          Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
          Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
          Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
          Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
          Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
          Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
          Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
          Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"));

  private OpenSslCipherNames() {}

  /**
   * The JSSE names of every element of {@code openSslList} (separated by {@code :}, {@code ,} or
   * spaces), in order and without duplicates, or empty if any element has no JSSE name that {@code
   * supported} contains. The elements that did not map are added to {@code unmapped}.
   */
  static Optional<List<String>> toJsse(
      String openSslList, Set<String> supported, List<String> unmapped) {
    List<String> out = new ArrayList<>();
    for (String name : openSslList.trim().split("[:,\\s]+")) {
      if (name.isEmpty()) {
        continue;
      }
      String jsse = name.startsWith("TLS_") ? name : TLS12.get(name);
      if (jsse == null || !supported.contains(jsse)) {
        unmapped.add(name);
      } else if (!out.contains(jsse)) {
        out.add(jsse);
      }
    }
    return unmapped.isEmpty() && !out.isEmpty() ? Optional.of(List.copyOf(out)) : Optional.empty();
  }

  /** TLS 1.3 suites name no key exchange ({@code TLS_AES_128_GCM_SHA256}); 1.2 suites do. */
  static boolean isTls13(String jsseName) {
    return !jsseName.contains("_WITH_");
  }
}
