package io.trustee.kbs.attestation.snp;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import io.trustee.kbs.util.Bytes;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks that a VCEK is signed by the ASK of its generation (RSASSA-PSS SHA-384, spec §6 step 12,
 * §7.2) and is within its validity period, with the ARK and ASK from an {@link AmdRootStore}
 * (already verified when the store was loaded).
 *
 * <p>Positive verdicts are cached in a bounded LRU map keyed by generation and the SHA-384
 * fingerprint of the VCEK's DER encoding, so a repeat VCEK costs no RSA verification. A changed
 * certificate has a different fingerprint and is verified afresh. Only the signature verdict is
 * cached; the validity period is checked on every call. Negative verdicts are not cached (they
 * would let an attacker evict good entries for free and cost nothing to recompute for the
 * attacker).
 *
 * <p>Thread-safe: the cache is guarded by its own lock.
 */
public final class VcekChainVerifier {
  /** Default number of cached verdicts. */
  public static final int DEFAULT_CACHE_SIZE = 1024;

  private final AmdRootStore roots;
  private final Map<String, Boolean> cache;
  private final VerdictCacheListener listener;
  private final AtomicLong signatureVerifications = new AtomicLong();

  public VcekChainVerifier(AmdRootStore roots) {
    this(roots, DEFAULT_CACHE_SIZE);
  }

  public VcekChainVerifier(AmdRootStore roots, int cacheSize) {
    this(roots, cacheSize, VerdictCacheListener.NONE);
  }

  /** As {@link #VcekChainVerifier(AmdRootStore, int)}, telling {@code listener} of each lookup. */
  public VcekChainVerifier(AmdRootStore roots, int cacheSize, VerdictCacheListener listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
    this.roots = Objects.requireNonNull(roots, "roots");
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be positive");
    }
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /**
   * Verifies the VCEK against the ASK of {@code generation}.
   *
   * @throws BadEvidenceException {@code no trusted amd chain} (generation not configured), {@code
   *     vcek not signed by ask}, {@code vcek outside validity period}
   */
  public void verify(X509Certificate vcek, ProductGeneration generation, Instant now)
      throws BadEvidenceException {
    AmdChain chain =
        roots
            .chain(generation)
            .orElseThrow(
                () ->
                    new BadEvidenceException(
                        "no trusted amd chain",
                        "no chain configured for " + generation.fileName()));
    String key = generation.name() + ':' + Bytes.toHex(AmdSignatures.sha384(vcek));
    boolean cached;
    synchronized (cache) {
      cached = cache.get(key) != null;
    }
    listener.lookup(VerdictCacheListener.VCEK_CHAIN, cached);
    if (!cached) {
      if (!vcek.getIssuerX500Principal().equals(chain.ask().getSubjectX500Principal())) {
        throw new BadEvidenceException(
            "vcek not signed by ask", "issuer is not " + chain.ask().getSubjectX500Principal());
      }
      signatureVerifications.incrementAndGet();
      if (!AmdSignatures.verifyPss(vcek, chain.ask().getPublicKey())) {
        throw new BadEvidenceException(
            "vcek not signed by ask",
            "RSASSA-PSS signature of the " + generation.displayName() + " ASK does not verify");
      }
      synchronized (cache) {
        cache.put(key, Boolean.TRUE);
      }
    }
    if (now.isBefore(vcek.getNotBefore().toInstant())
        || !now.isBefore(vcek.getNotAfter().toInstant())) {
      throw new BadEvidenceException(
          "vcek outside validity period",
          "valid " + vcek.getNotBefore().toInstant() + " to " + vcek.getNotAfter().toInstant());
    }
  }

  /** Number of RSA signature verifications performed so far (for tests and metrics). */
  public long signatureVerifications() {
    return signatureVerifications.get();
  }

  /** Number of cached verdicts. */
  public int cachedVerdicts() {
    synchronized (cache) {
      return cache.size();
    }
  }

  public AmdRootStore roots() {
    return roots;
  }
}
