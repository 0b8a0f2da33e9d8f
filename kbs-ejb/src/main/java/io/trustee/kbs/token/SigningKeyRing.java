package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The token signing keys of the KBS, as the database holds them (one row per key): exactly one key
 * signs (the <em>active</em> one), and retired keys keep verifying until every token they signed
 * has expired ({@code retiredAt + grace}, where grace is the token lifetime plus the verifier's
 * leeway). Keys are named by their RFC 7638 thumbprint ({@link SigningKeyMaterial#kid()}), which
 * every token carries in its header.
 *
 * <p>When several keys are not retired (two rotations raced on two replicas), the one activated
 * last wins, ties broken by kid, so every replica picks the same signer from the same rows.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningKeyRing {

  /**
   * One key of the ring.
   *
   * @param kid RFC 7638 thumbprint of {@code publicKey}
   * @param publicKey the verification key (P-256, ES256)
   * @param activatedAt when it became (or will count as) the signing key
   * @param retiredAt when a newer key replaced it; empty while it is a signing candidate
   */
  public record Entry(
      String kid, ECPublicKey publicKey, Instant activatedAt, Optional<Instant> retiredAt) {
    public Entry {
      Objects.requireNonNull(kid, "kid");
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(activatedAt, "activatedAt");
      Objects.requireNonNull(retiredAt, "retiredAt");
      if (!kid.equals(SigningKeyMaterial.thumbprint(publicKey))) {
        throw new IllegalArgumentException("kid " + kid + " is not the thumbprint of its key");
      }
    }

    /** Whether tokens signed by this key may still be valid at {@code now}. */
    public boolean verifiesAt(Instant now, Duration grace) {
      return retiredAt.isEmpty() || retiredAt.get().plus(grace).isAfter(now);
    }
  }

  private static final Comparator<Entry> NEWEST_FIRST =
      Comparator.comparing(Entry::activatedAt).thenComparing(Entry::kid).reversed();

  private final List<Entry> entries;
  private final Entry active;

  /**
   * @throws IllegalArgumentException if no entry is unretired (nothing could sign) or a kid repeats
   */
  public SigningKeyRing(List<Entry> entries) {
    this.entries = entries.stream().sorted(NEWEST_FIRST).toList();
    if (this.entries.stream().map(Entry::kid).distinct().count() != this.entries.size()) {
      throw new IllegalArgumentException("duplicate kid in the signing key ring");
    }
    this.active =
        this.entries.stream()
            .filter(e -> e.retiredAt().isEmpty())
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("the signing key ring has no active key"));
  }

  /** The key that signs new tokens. */
  public Entry active() {
    return active;
  }

  /** Every key, newest first (including retired keys past their grace). */
  public List<Entry> entries() {
    return entries;
  }

  /** The keys that may verify at {@code now}: the active one first, then newest first. */
  public List<Entry> verifying(Instant now, Duration grace) {
    return entries.stream()
        .filter(e -> e == active || e.verifiesAt(now, grace))
        .sorted(Comparator.comparing((Entry e) -> e != active))
        .toList();
  }

  /** The key named {@code kid}, if it may verify at {@code now}. */
  public Optional<Entry> verifier(String kid, Instant now, Duration grace) {
    return verifying(now, grace).stream().filter(e -> e.kid().equals(kid)).findFirst();
  }

  /** The key whose public key is {@code key} (same encoding), if it may verify at {@code now}. */
  public Optional<Entry> verifierFor(ECPublicKey key, Instant now, Duration grace) {
    return verifier(SigningKeyMaterial.thumbprint(key), now, grace);
  }

  /**
   * {@code {"keys":[…]}} for {@code GET /.well-known/jwks.json}: the verifying keys, active first;
   * {@code activeJwk} replaces the active entry (it may carry {@code x5c}/{@code x5u}).
   */
  public ObjectNode publicJwks(Instant now, Duration grace, ObjectNode activeJwk) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode keys = o.putArray("keys");
    for (Entry e : verifying(now, grace)) {
      if (e == active) {
        keys.add(activeJwk.deepCopy());
      } else {
        ObjectNode jwk = EcJwk.toJwk(e.publicKey(), "ES256");
        jwk.put("kid", e.kid());
        keys.add(jwk);
      }
    }
    return o;
  }

  /** Whether {@code kid} is in the ring at all (also past its grace). */
  public boolean contains(String kid) {
    return entries.stream().anyMatch(e -> e.kid().equals(kid));
  }

  @Override
  public String toString() {
    return "SigningKeyRing[active " + active.kid() + ", " + entries.size() + " keys]";
  }
}
