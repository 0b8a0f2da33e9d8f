package io.trustee.kbs.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void decodesWellFormedText() {
    assertThat(Utf8.decodeStrict("grüße ✓".getBytes(StandardCharsets.UTF_8))).isEqualTo("grüße ✓");
  }

  @Test
  void rejectsMalformedInputInsteadOfReplacingIt() {
    // a lone continuation byte, an overlong '/', a truncated 3-byte sequence, a UTF-16 surrogate
    for (byte[] bad :
        new byte[][] {
          {(byte) 0x80},
          {(byte) 0xc0, (byte) 0xaf},
          {(byte) 0xe2, (byte) 0x9c},
          {(byte) 0xed, (byte) 0xa0, (byte) 0x80}
        }) {
      assertThatThrownBy(() -> Utf8.decodeStrict(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("is not valid UTF-8");
    }
  }
}
