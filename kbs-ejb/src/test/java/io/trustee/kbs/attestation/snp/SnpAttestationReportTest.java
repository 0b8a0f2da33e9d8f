package io.trustee.kbs.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.Bytes;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnpAttestationReportTest {

  static byte[] hclSnpReport() {
    return Arrays.copyOfRange(TestVectors.bytes("az-snp-vtpm/hcl-report.bin"), 0x20, 0x20 + 1184);
  }

  @Test
  void parsesTheSnpReportInsideTheHclReport() throws Exception {
    SnpAttestationReport r = SnpAttestationReport.parse(hclSnpReport());
    assertThat(r.version()).isEqualTo(2);
    assertThat(r.vmpl()).isZero();
    assertThat(r.policy()).isEqualTo(0x3001FL);
    assertThat(r.platformInfo()).isEqualTo(1);
    assertThat(Bytes.toHex(r.measurement()))
        .isEqualTo(
            "9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308"
                + "b459d5ef1a12e0c22944eb386d17c315");
    assertThat(Bytes.toHex(Arrays.copyOf(r.reportData(), 32)))
        .isEqualTo("b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac");
    assertThat(r.reportedTcb(ProductGeneration.MILAN))
        .isEqualTo(new TcbVersion(3, 0, 8, 115, null));
    assertThat(r.committedTcbRaw()).isEqualTo(r.reportedTcbRaw());
    assertThat(r.generation()).isEmpty();
    assertThat(r.signedBytes()).hasSize(0x2A0);
  }

  @Test
  void parsesTheBareMetalSamples() throws Exception {
    SnpAttestationReport v2 = SnpAttestationReport.parse(TestVectors.bytes("snp/test-report.bin"));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.reportedTcb(ProductGeneration.MILAN))
        .isEqualTo(new TcbVersion(3, 0, 8, 115, null));
    assertThat(Bytes.toHex(v2.hostData())).isEqualTo("00".repeat(32));

    SnpAttestationReport vlek =
        SnpAttestationReport.parse(TestVectors.bytes("snp/test-vlek-report.bin"));
    assertThat(vlek.version()).isEqualTo(3);
    assertThat(vlek.vmpl()).isEqualTo(1);
    assertThat(vlek.keyInfo()).isEqualTo(4);
    assertThat(vlek.generation()).contains(ProductGeneration.MILAN);
    assertThat(vlek.reportedTcb(ProductGeneration.MILAN))
        .isEqualTo(new TcbVersion(4, 0, 24, 217, null));
  }

  @ParameterizedTest
  @EnumSource(ReportSignatureVerifier.Backend.class)
  void signatureOfTheSampleReportVerifiesWithItsVcek(ReportSignatureVerifier.Backend backend)
      throws Exception {
    X509Certificate vcek = certificate("snp/test-vcek.der");
    byte[] raw = TestVectors.bytes("snp/test-report.bin");
    new ReportSignatureVerifier(backend)
        .verify(SnpAttestationReport.parse(raw), vcek.getPublicKey());

    raw[42] ^= 1;
    assertThatThrownBy(
            () ->
                new ReportSignatureVerifier(backend)
                    .verify(SnpAttestationReport.parse(raw), vcek.getPublicKey()))
        .hasMessageStartingWith("report signature invalid");
  }

  @ParameterizedTest
  @EnumSource(ReportSignatureVerifier.Backend.class)
  void hclComponentReportVerifiesWithTheComponentVcekAndMatchesItsTcb(
      ReportSignatureVerifier.Backend backend) throws Exception {
    java.util.List<X509Certificate> pem = TestVectors.certificates("az-snp-vtpm/vcek.pem");
    SnpAttestationReport r = SnpAttestationReport.parse(hclSnpReport());
    new ReportSignatureVerifier(backend).verify(r, pem.get(0).getPublicKey());
    VcekExtensions ext = VcekExtensions.parse(pem.get(0).getEncoded());
    TcbVersion tcb = r.reportedTcb(ProductGeneration.MILAN);
    assertThat(ext.bootLoader()).hasValue(tcb.bootLoader());
    assertThat(ext.tee()).hasValue(tcb.tee());
    assertThat(ext.snp()).hasValue(tcb.snp());
    assertThat(ext.microcode()).hasValue(tcb.microcode());
    assertThat(r.vmpl()).isZero();
    // the ASK and ARK that follow the VCEK in vcek.pem are the built-in Milan ones
    java.util.List<X509Certificate> builtIn =
        TestVectors.certificates("amd/milan_ask_ark_asvk.pem");
    assertThat(pem.get(1)).isEqualTo(builtIn.get(0));
    assertThat(pem.get(2)).isEqualTo(builtIn.get(1));
  }

  @Test
  void vlekSampleReportVerifiesWithTheVlek() throws Exception {
    SnpAttestationReport r =
        SnpAttestationReport.parse(TestVectors.bytes("snp/test-vlek-report.bin"));
    ReportSignatureVerifier.defaultVerifier()
        .verify(r, certificate("snp/test-vlek.der").getPublicKey());
  }

  @ParameterizedTest
  @EnumSource(ReportSignatureVerifier.Backend.class)
  void rejectsOutOfRangeSignatureComponentsBeforeCrypto(ReportSignatureVerifier.Backend backend)
      throws Exception {
    X509Certificate vcek = certificate("snp/test-vcek.der");
    byte[] zero = TestVectors.bytes("snp/test-report.bin");
    Arrays.fill(zero, 0x2A0, 0x2A0 + 72, (byte) 0);
    assertThatThrownBy(
            () ->
                new ReportSignatureVerifier(backend)
                    .verify(SnpAttestationReport.parse(zero), vcek.getPublicKey()))
        .hasMessageContaining("out of range");
    byte[] huge = TestVectors.bytes("snp/test-report.bin");
    huge[0x2E8 + 71] = 1; // s >= n
    assertThatThrownBy(
            () ->
                new ReportSignatureVerifier(backend)
                    .verify(SnpAttestationReport.parse(huge), vcek.getPublicKey()))
        .hasMessageContaining("out of range");
  }

  static X509Certificate certificate(String file) throws Exception {
    return (X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(TestVectors.bytes(file)));
  }

  @Test
  void rejectsTruncatedReport() {
    byte[] r = Arrays.copyOf(hclSnpReport(), 1183);
    assertThatThrownBy(() -> SnpAttestationReport.parse(r))
        .isInstanceOf(BadEvidenceException.class)
        .hasMessageStartingWith("snp report malformed");
  }

  @Test
  void rejectsOverlongReport() {
    byte[] r = Arrays.copyOf(hclSnpReport(), 1185);
    assertThatThrownBy(() -> SnpAttestationReport.parse(r))
        .hasMessageStartingWith("snp report malformed");
  }

  @Test
  void rejectsVersionZeroAndOne() {
    for (int v = 0; v < 2; v++) {
      byte[] r = hclSnpReport();
      r[0] = (byte) v;
      assertThatThrownBy(() -> SnpAttestationReport.parse(r)).hasMessageContaining("VERSION");
    }
  }

  @Test
  void rejectsMaskedChipIdOnVersion2() {
    byte[] r = hclSnpReport();
    Arrays.fill(r, 0x1A0, 0x1E0, (byte) 0);
    assertThatThrownBy(() -> SnpAttestationReport.parse(r)).hasMessageContaining("masked CHIP_ID");
  }

  @Test
  void rejectsUnknownCpuOnVersion3ButAcceptsGenoaModelAfWithoutGeneration() throws Exception {
    byte[] r = hclSnpReport();
    r[0] = 3;
    r[0x188] = 0x17;
    assertThatThrownBy(() -> SnpAttestationReport.parse(r)).hasMessageContaining("unknown CPUID");
    r[0x188] = 0x19;
    r[0x189] = (byte) 0xAF;
    assertThat(SnpAttestationReport.parse(r).generation()).isEmpty();
    r[0x189] = (byte) 0xA0;
    assertThat(SnpAttestationReport.parse(r).generation()).contains(ProductGeneration.GENOA);
    r[0x188] = 0x1A;
    r[0x189] = 0x11;
    assertThat(SnpAttestationReport.parse(r).generation()).contains(ProductGeneration.TURIN);
  }

  @Test
  void tcbLayoutDependsOnGeneration() {
    long raw = 0x0807_0000_0000_0201L | (0x06L << 16) | (0x05L << 24);
    assertThat(TcbVersion.decompose(raw, ProductGeneration.MILAN))
        .isEqualTo(new TcbVersion(0x01, 0x02, 0x07, 0x08, null));
    assertThat(TcbVersion.decompose(raw, ProductGeneration.TURIN))
        .isEqualTo(new TcbVersion(0x02, 0x06, 0x05, 0x08, java.util.OptionalInt.of(0x01)));
  }
}
