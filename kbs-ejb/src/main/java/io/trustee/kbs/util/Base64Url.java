package io.trustee.kbs.util;

import java.util.Base64;

/**
 * The one strict base64url decoder (RFC 4648 §5 alphabet, no padding) used wherever the protocol
 * says "b64url without padding": upstream's decoder rejects {@code '='}, so do we. Stateless and
 * thread-safe.
 */
public final class Base64Url {
  /** Message of the exception for input that contains {@code '='}. */
  public static final String PADDED = "base64url must not be padded";

  private Base64Url() {}

  /**
   * Decodes unpadded base64url.
   *
   * @throws IllegalArgumentException {@link #PADDED} if {@code s} contains {@code '='}, or {@code
   *     "is not base64url: <reason>"} for characters outside the URL-safe alphabet or an impossible
   *     length
   */
  public static byte[] decodeStrict(String s) {
    if (s.indexOf('=') >= 0) {
      throw new IllegalArgumentException(PADDED);
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64url: " + e.getMessage(), e);
    }
  }
}
