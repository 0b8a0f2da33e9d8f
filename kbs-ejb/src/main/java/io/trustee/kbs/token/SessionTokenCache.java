package io.trustee.kbs.token;

import io.trustee.kbs.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The tokens of RCAR sessions that this JVM has already verified (or signed itself), so that a
 * guest fetching several secrets on one session does not pay an ES256 verification per fetch (issue
 * #9: the resource fetch's floor is the JWE alone).
 *
 * <p>Only the session path uses it: the token comes from the session row, which only {@code
 * /attest} writes. The cache lives in this JVM's memory, so a token written into the database by
 * anyone else (another replica, or someone with write access to the database) is verified once,
 * with its signature, before it is remembered. A Bearer token from outside is never looked up here.
 *
 * <p>An entry is keyed by the SHA-256 of the token (a different token, even one byte, misses; the
 * digests are compared in constant time) and holds the verified claims, the signing key's id and
 * the token's {@code exp}. A hit is given only when the key is still trusted ({@code keyTrusted},
 * so a key removed from the ring stops its tokens at once) and the token has not expired (with the
 * verifier's {@link AttestationTokenVerifier#LEEWAY}, as the signature path); an expired entry is
 * dropped. At most {@code maxEntries} entries are kept, the least recently used dropped first; 0
 * turns the cache off.
 *
 * <p>Thread-safe (one lock; an entry is looked up and touched in well under a microsecond).
 */
public final class SessionTokenCache {
  private record Entry(byte[] digest, VerifiedToken token, String kid, Instant exp) {}

  private final int maxEntries;
  private final Map<String, Entry> entries; // guarded by this

  public SessionTokenCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must be 0 (off) or more");
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > SessionTokenCache.this.maxEntries;
          }
        };
  }

  /**
   * Remembers a token whose signature has been verified (or that this server just signed).
   *
   * @param kid the {@code kid} of the key that signed it (checked again on every hit)
   */
  public void remember(String token, VerifiedToken verified, String kid) {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(kid, "kid");
    if (maxEntries == 0) {
      return;
    }
    Optional<Instant> exp = expiry(verified);
    if (exp.isEmpty()) {
      return; // the verifier requires exp: such a token is never served from here
    }
    byte[] digest = digest(token);
    Entry e = new Entry(digest, verified, kid, exp.get());
    synchronized (this) {
      entries.put(key(digest), e);
    }
  }

  /**
   * The verified token if it was remembered, has not expired at {@code now} and its key is still
   * trusted.
   */
  public Optional<VerifiedToken> recall(String token, Instant now, Predicate<String> keyTrusted) {
    if (maxEntries == 0) {
      return Optional.empty();
    }
    byte[] digest = digest(token);
    String key = key(digest);
    Entry e;
    synchronized (this) {
      e = entries.get(key);
      if (e != null && now.isAfter(e.exp().plus(AttestationTokenVerifier.LEEWAY))) {
        entries.remove(key);
        return Optional.empty();
      }
    }
    if (e == null || !MessageDigest.isEqual(e.digest(), digest) || !keyTrusted.test(e.kid())) {
      return Optional.empty();
    }
    return Optional.of(e.token());
  }

  /** Entries held now (for tests and the metrics). */
  public synchronized int size() {
    return entries.size();
  }

  private static Optional<Instant> expiry(VerifiedToken verified) {
    var exp = verified.claims().get("exp");
    if (exp == null || !exp.canConvertToLong()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(exp.longValue()));
  }

  private static byte[] digest(String token) {
    return Digests.sha256(Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8));
  }

  private static String key(byte[] digest) {
    return java.util.HexFormat.of().formatHex(digest);
  }
}
