package io.trustee.kbs.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base64UrlTest {
  @Test
  void decodesUnpaddedUrlAlphabet() {
    assertThat(Base64Url.decodeStrict("AQAB")).containsExactly(1, 0, 1);
    assertThat(Base64Url.decodeStrict("-_8")).containsExactly(0xfb, 0xff);
    assertThat(new String(Base64Url.decodeStrict("aGk"), StandardCharsets.US_ASCII))
        .isEqualTo("hi");
    assertThat(Base64Url.decodeStrict("")).isEmpty();
  }

  @Test
  void rejectsPadding() {
    assertThatThrownBy(() -> Base64Url.decodeStrict("aGk="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Base64Url.PADDED);
  }

  @Test
  void rejectsStandardAlphabetAndImpossibleLengths() {
    assertThatThrownBy(() -> Base64Url.decodeStrict("+/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("is not base64url");
    assertThatThrownBy(() -> Base64Url.decodeStrict("AQABA"))
        .hasMessageStartingWith("is not base64url");
    assertThatThrownBy(() -> Base64Url.decodeStrict("AQ AB"))
        .hasMessageStartingWith("is not base64url");
  }
}
