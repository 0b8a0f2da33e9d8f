package io.trustee.kbs.as;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Hash algorithms for runtime data and init data ({@code attestation-service.md} §1.1, §3.2).
 * {@code sm3} is a valid upstream name but not supported here: it is refused with a clear message
 * rather than silently replaced. Immutable and thread-safe.
 */
public enum HashAlgorithm {
  SHA256("SHA-256"),
  SHA384("SHA-384"),
  SHA512("SHA-512");

  private final String jcaName;

  HashAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** Default for runtime data. */
  public static final HashAlgorithm DEFAULT_RUNTIME = SHA384;

  /** Case-insensitive {@code sha256|sha384|sha512}; {@code sm3} and others are refused. */
  public static HashAlgorithm parse(String name, String field)
      throws InvalidAttestationRequestException {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "sha256" -> SHA256;
      case "sha384" -> SHA384;
      case "sha512" -> SHA512;
      case "sm3" ->
          throw new InvalidAttestationRequestException(
              field,
              "sm3 is not supported by this attestation service (use sha256, sha384 or sha512)");
      default ->
          throw new InvalidAttestationRequestException(
              field, "unknown hash algorithm '" + name + "' (sha256, sha384 or sha512)");
    };
  }

  public byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance(jcaName).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " missing from the JDK", e);
    }
  }
}
