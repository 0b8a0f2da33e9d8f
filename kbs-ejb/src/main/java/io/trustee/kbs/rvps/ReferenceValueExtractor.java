package io.trustee.kbs.rvps;

import java.time.Instant;
import java.util.List;

/**
 * Turns the decoded {@code payload} of a registration message (spec {@code rvps.md} §3) into
 * reference values. Implementations are stateless and thread-safe; they either return every value
 * or throw (nothing is stored then).
 */
public interface ReferenceValueExtractor {

  /** The message {@code type} this extractor handles, e.g. {@code sample}. */
  String type();

  /**
   * @param payload the base64-decoded payload bytes
   * @param now creation time for default expirations
   */
  List<ReferenceValue> extract(byte[] payload, Instant now) throws InvalidReferenceValueException;
}
