package io.trustee.kbs.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogSafeTest {

  @Test
  void plainValuesAreUnchanged() {
    assertThat(LogSafe.escape("az-snp-vtpm")).isEqualTo("az-snp-vtpm");
    assertThat(LogSafe.escape("default/key/disk-key?x=1 ok"))
        .isEqualTo("default/key/disk-key?x=1 ok");
    assertThat(LogSafe.escape("Grüße €")).isEqualTo("Grüße €");
    assertThat(LogSafe.escape("emoji 😀 stays")).isEqualTo("emoji 😀 stays");
  }

  @Test
  void crLfAndTabAreEscaped() {
    assertThat(LogSafe.escape("x\nattestation failed: forged"))
        .isEqualTo("x\\nattestation failed: forged");
    assertThat(LogSafe.escape("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
  }

  @Test
  void theBackslashIsEscapedSoAnEscapeCannotBeFaked() {
    // a literal backslash-n sent by a client must not look like an escaped newline
    assertThat(LogSafe.escape("a\\nb")).isEqualTo("a\\\\nb");
    assertThat(LogSafe.escape("a\nb")).isNotEqualTo(LogSafe.escape("a\\nb"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u0000", "\u0007", "\u000b", "\u000c", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028",
        "\u2029", "\u202e", "\u2066", "\u200f", "\ufeff", "\ud800"
      })
  void otherControlAndLineBreakingCharactersBecomeUnicodeEscapes(String c) {
    String out = LogSafe.escape("a" + c + "b");
    assertThat(out).isEqualTo(String.format("a\\u%04x", (int) c.charAt(0)) + "b");
    assertThat(out.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)).isTrue();
  }

  @Test
  void noEscapedValueContainsALineBreakForAnyChar() {
    for (int c = 0; c <= 0xffff; c++) {
      String out = LogSafe.escape("a" + (char) c + "b");
      assertThat(out).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c");
    }
  }

  @Test
  void longValuesAreCutAndSayHowLongTheyWere() {
    String long1 = "A".repeat(5000);
    String out = LogSafe.escape(long1);
    assertThat(out).startsWith("A".repeat(LogSafe.MAX_CHARS)).endsWith("…(5000 chars)");
    assertThat(out).hasSize(LogSafe.MAX_CHARS + "…(5000 chars)".length());
    assertThat(LogSafe.escape("abcdef", 3)).isEqualTo("abc…(6 chars)");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String out = LogSafe.escape("ab😀", 3);
    assertThat(out).isEqualTo("ab…(4 chars)");
  }

  @Test
  void nullIsPrintedAsNull() {
    assertThat(LogSafe.escape(null)).isEqualTo("null");
  }

  @Test
  void sessionRefIsAShortSha256AndNeverTheId() throws Exception {
    String id = "0123456789abcdef0123456789abcdef";
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 12);

    assertThat(LogSafe.sessionRef(id)).isEqualTo("session#" + expected).doesNotContain(id);
    assertThat(LogSafe.sessionRef(id)).matches("session#[0-9a-f]{12}");
    assertThat(LogSafe.sessionRef(id)).isNotEqualTo(LogSafe.sessionRef(id.replace('0', '1')));
  }

  @Test
  void noSessionIsADash() {
    assertThat(LogSafe.sessionRef(null)).isEqualTo("session#-");
    assertThat(LogSafe.sessionRef("")).isEqualTo("session#-");
    assertThat(LogSafe.sessionRef("-")).isEqualTo("session#-");
  }
}
