package io.trustee.kbs.attestation.tpm;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * The public part of the vTPM attestation key (AK) that signs quotes: an RSA key of at least 2048
 * bits, read from a JWK (the {@code HCLAkPub} entry of the HCL variable data, spec §3.1). Immutable
 * and thread-safe.
 */
public final class AttestationKey {
  static final int MIN_RSA_BITS = 2048;
  private static final String CHECK = "ak public key not found";

  private final RSAPublicKey key;

  private AttestationKey(RSAPublicKey key) {
    this.key = key;
  }

  /** Wraps an RSA public key (e.g. one read from a PEM file written by {@code tpm2_createak}). */
  public static AttestationKey of(RSAPublicKey key) throws BadEvidenceException {
    Objects.requireNonNull(key, "key");
    if (key.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new BadEvidenceException(CHECK, "AK is shorter than " + MIN_RSA_BITS + " bits");
    }
    return new AttestationKey(key);
  }

  /**
   * Parses a JWK in JSON form.
   *
   * @throws BadEvidenceException {@code ak public key not found} if it is not a well-formed RSA
   *     public JWK of at least 2048 bits
   */
  public static AttestationKey fromJwk(String jwkJson) throws BadEvidenceException {
    try {
      JWK jwk = JWK.parse(jwkJson);
      if (!(jwk instanceof RSAKey rsa) || jwk.isPrivate()) {
        throw new BadEvidenceException(CHECK, "HCLAkPub is not an RSA public key");
      }
      return of(rsa.toRSAPublicKey());
    } catch (ParseException | JOSEException | RuntimeException e) {
      throw new BadEvidenceException(CHECK, "HCLAkPub is not a valid JWK: " + e.getMessage());
    }
  }

  public RSAPublicKey publicKey() {
    return key;
  }

  /** Modulus length in bytes; an RSASSA signature has exactly this length. */
  public int signatureLength() {
    return (key.getModulus().bitLength() + 7) / 8;
  }

  @Override
  public String toString() {
    return "AttestationKey[RSA-" + key.getModulus().bitLength() + "]";
  }
}
