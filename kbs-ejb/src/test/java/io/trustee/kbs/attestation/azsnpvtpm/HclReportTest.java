package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HclReportTest {

  static byte[] hcl() {
    return TestVectors.bytes("az-snp-vtpm/hcl-report.bin");
  }

  static String check(byte[] data) {
    try {
      HclReport.parse(data);
    } catch (BadEvidenceException e) {
      return e.check();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void parsesTheComponentReport() throws Exception {
    HclReport r = HclReport.parse(hcl());
    assertThat(r.headerVersion()).isEqualTo(1);
    assertThat(r.reportType()).isEqualTo(HclReport.REPORT_TYPE_SNP);
    assertThat(r.reportDataHashType()).isEqualTo(HclReport.HASH_TYPE_SHA256);
    assertThat(r.variableData()).hasSize(1110);
    assertThat(r.hwReport()).hasSize(1184);
    assertThat(Bytes.toHex(MessageDigest.getInstance("SHA-256").digest(r.variableData())))
        .isEqualTo("b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac");
    String json = new String(r.variableData(), StandardCharsets.UTF_8);
    assertThat(json).contains("HCLAkPub", "HCLEkPub", "vm-configuration", "user-data");
    assertThat(HclVariableData.parse(r.variableData()).userData()).isEqualTo(new byte[64]);
  }

  @Test
  void parsesTheTdxReportAsType4() throws Exception {
    HclReport r = HclReport.parse(TestVectors.bytes("az-tdx-vtpm/hcl-report.bin"));
    assertThat(r.headerVersion()).isEqualTo(2);
    assertThat(r.reportType()).isEqualTo(HclReport.REPORT_TYPE_TDX);
    assertThat(r.variableData()).hasSize(1201);
  }

  @Test
  void rejectsTruncatedReport() {
    assertThat(check(Arrays.copyOf(hcl(), 0x4D3))).isEqualTo("hcl report malformed");
    assertThat(check(Arrays.copyOf(hcl(), 0x4D4 + 1109))).isEqualTo("hcl report malformed");
    assertThat(check(new byte[0])).isEqualTo("hcl report malformed");
  }

  @Test
  void rejectsVariableDataSizeBeyondTheReport() {
    byte[] r = hcl();
    r[0x4D0] = (byte) 0xFF;
    r[0x4D1] = (byte) 0xFF;
    assertThat(check(r)).isEqualTo("hcl report malformed");
  }

  @Test
  void rejectsReportTypesOtherThanSnpAndTdx() {
    byte[] r = hcl();
    r[0x4C8] = 3;
    assertThat(check(r)).isEqualTo("hcl report type unsupported");
  }

  @Test
  void rejectsWrongSignatureAndNonZeroPadding() {
    byte[] r = hcl();
    r[0] = 'X';
    assertThat(check(r)).isEqualTo("hcl report malformed");
    byte[] p = hcl();
    p[p.length - 1] = 1;
    assertThat(check(p)).isEqualTo("hcl report malformed");
    byte[] longer = Arrays.copyOf(hcl(), 2601);
    longer[2600] = (byte) 0xA5;
    assertThat(check(longer)).isEqualTo("hcl report malformed");
  }

  @Test
  void variableDataWithoutAkIsRejected() {
    assertThatThrownBy(() -> HclVariableData.parse("{\"keys\":[]}".getBytes()))
        .hasMessageStartingWith("ak public key not found");
    assertThatThrownBy(() -> HclVariableData.parse("not json".getBytes()))
        .hasMessageStartingWith("ak public key not found");
    assertThatThrownBy(
            () ->
                HclVariableData.parse(
                    "{\"keys\":[{\"kid\":\"HCLAkPub\",\"kty\":\"RSA\"}]}".getBytes()))
        .hasMessageStartingWith("ak public key not found");
  }
}
