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

  /** A throw-away certificate carrying the given AMD extensions (value = extnValue contents). */
  static byte[] certWith(java.util.Map<String, byte[]> extensions) throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    java.security.KeyPair kp = g.generateKeyPair();
    org.bouncycastle.asn1.x500.X500Name n = new org.bouncycastle.asn1.x500.X500Name("CN=SEV-VCEK");
    var b =
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            n,
            java.math.BigInteger.ZERO,
            new java.util.Date(),
            new java.util.Date(System.currentTimeMillis() + 86_400_000L),
            n,
            kp.getPublic());
    for (var e : extensions.entrySet()) {
      b.addExtension(
          new org.bouncycastle.asn1.x509.Extension(
              new org.bouncycastle.asn1.ASN1ObjectIdentifier(e.getKey()), false, e.getValue()));
    }
    return b.build(
            new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA384withECDSA")
                .build(kp.getPrivate()))
        .getEncoded();
  }

  @Test
  void rejectsSplAbove255AndNonIntegerSpls() throws Exception {
    String snp = VcekExtensions.ARC + ".3.3";
    byte[] big =
        certWith(java.util.Map.of(snp, new org.bouncycastle.asn1.ASN1Integer(256).getEncoded()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VcekExtensions.parse(big))
        .hasMessageStartingWith("vcek extension malformed")
        .hasMessageContaining("does not fit in a byte");
    byte[] negative =
        certWith(java.util.Map.of(snp, new org.bouncycastle.asn1.ASN1Integer(-1).getEncoded()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VcekExtensions.parse(negative))
        .hasMessageStartingWith("vcek extension malformed");
    byte[] text =
        certWith(java.util.Map.of(snp, new org.bouncycastle.asn1.DERIA5String("8").getEncoded()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VcekExtensions.parse(text))
        .hasMessageContaining("not a DER INTEGER");
  }

  @Test
  void missingSplsAreEmptyAndWrongSizedHwIdIsRejected() throws Exception {
    VcekExtensions none =
        VcekExtensions.parse(
            certWith(
                java.util.Map.of(
                    VcekExtensions.ARC + ".2",
                    new org.bouncycastle.asn1.DERIA5String("Milan-B0").getEncoded())));
    assertThat(none.snp()).isEmpty();
    assertThat(none.hwId()).isEmpty();
    assertThat(none.productName()).hasValue("Milan-B0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VcekExtensions.parse(certWith(java.util.Map.of())))
        .hasMessageContaining("no extensions");
    byte[] shortHwId = certWith(java.util.Map.of(VcekExtensions.ARC + ".4", new byte[63]));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VcekExtensions.parse(shortHwId))
        .hasMessageContaining("hwID has 63 bytes");
    byte[] ucode =
        certWith(
            java.util.Map.of(
                VcekExtensions.ARC + ".3.8", new byte[] {0x02, 0x02, 0x00, (byte) 0xDB}));
    assertThat(VcekExtensions.parse(ucode).microcode()).hasValue(219);
  }
}
