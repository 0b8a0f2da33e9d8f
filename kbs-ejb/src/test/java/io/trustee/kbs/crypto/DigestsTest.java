package io.trustee.kbs.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {
  @Test
  void digests() {
    assertThat(Bytes.toHex(Digests.sha256(new byte[0])))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Digests.sha384(new byte[0])).hasSize(48);
    assertThat(Bytes.toHex(Digests.sha384("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                + "8086072ba1e7cc2358baeca134c825a7");
  }
}
