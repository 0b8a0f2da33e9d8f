package io.trustee.kbs.util;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one strict UTF-8 decoder: malformed or unmappable input is an error, never replaced by U+FFFD
 * (which {@code new String(bytes, UTF_8)} would do silently). Stateless and thread-safe.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8.
   *
   * @throws IllegalArgumentException {@code "is not valid UTF-8"} on malformed input
   */
  public static String decodeStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("is not valid UTF-8", e);
    }
  }
}
