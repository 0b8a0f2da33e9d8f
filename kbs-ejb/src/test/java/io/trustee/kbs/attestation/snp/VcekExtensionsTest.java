package io.trustee.kbs.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.util.Bytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VcekExtensionsTest {

  @Test
  void readsSplsAndRawHwIdOfTheComponentVcek() throws Exception {
    VcekExtensions e =
        VcekExtensions.parse(TestVectors.certificates("az-snp-vtpm/vcek.pem").get(0).getEncoded());
    assertThat(e.bootLoader()).hasValue(3);
    assertThat(e.tee()).hasValue(0);
    assertThat(e.snp()).hasValue(8);
    assertThat(e.microcode()).hasValue(115);
    assertThat(e.fmc()).isEmpty();
    assertThat(e.productName()).hasValueSatisfying(n -> assertThat(n).startsWith("Milan"));
    byte[] chipId =
        Arrays.copyOfRange(
            TestVectors.bytes("az-snp-vtpm/hcl-report.bin"), 0x20 + 0x1A0, 0x20 + 0x1E0);
    assertThat(e.hwId()).hasValueSatisfying(h -> assertThat(h).isEqualTo(chipId));
  }

  @Test
  void readsMicrocodeWithLeadingZeroByte() throws Exception {
    byte[] der =
        java.util.Base64.getUrlDecoder()
            .decode(TestVectors.json("az-snp-vtpm/evidence-v1.json").get("vcek").asText());
    VcekExtensions e = VcekExtensions.parse(der);
    assertThat(e.microcode()).hasValue(219);
    assertThat(e.snp()).hasValue(24);
    assertThat(Bytes.toHex(e.hwId().orElseThrow())).startsWith("66a5a7b4403a3006");
  }

  @Test
  void acceptsBothHwIdEncodings() throws Exception {
    VcekExtensions legacy =
        VcekExtensions.parse(TestVectors.bytes("snp/test-vcek-invalid-legacy.der"));
    VcekExtensions wrapped =
        VcekExtensions.parse(TestVectors.bytes("snp/test-vcek-invalid-new.der"));
    assertThat(legacy.hwId().orElseThrow()).hasSize(64);
    assertThat(wrapped.hwId().orElseThrow()).hasSize(64);
    assertThat(Bytes.toHex(legacy.hwId().orElseThrow())).startsWith("00010203");
  }

  @Test
  void vlekHasNoHwId() throws Exception {
    VcekExtensions e = VcekExtensions.parse(TestVectors.bytes("snp/test-vlek.der"));
    assertThat(e.hwId()).isEmpty();
    assertThat(e.snp()).hasValue(24);
  }
}
