package io.trustee.kbs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the simulator's output with independent code (JDK crypto, hand-written offsets), so a
 * verifier bug and a simulator bug cannot cancel out.
 */
class AzSnpVtpmSimulatorTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] REPORT_DATA = new byte[48];
  static AzSnpVtpmSimulator sim;

  @BeforeAll
  static void setUp() {
    Arrays.fill(REPORT_DATA, (byte) 0x5A);
    sim = AzSnpVtpmSimulator.create();
  }

  static JsonNode ev(Fault... faults) throws Exception {
    return new ObjectMapper().readTree(sim.evidenceV2(REPORT_DATA, faults));
  }

  static byte[] hcl(JsonNode ev) {
    return Base64.getUrlDecoder().decode(ev.get("hcl_report").asText());
  }

  static String variableData(byte[] hcl) {
    int n = ByteBuffer.wrap(hcl, 0x4D0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return new String(hcl, 0x4D4, n, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void evidenceV2HasTheAzureShapeAndEveryBindingHolds() throws Exception {
    JsonNode ev = ev();
    assertThat(ev.get("version").asInt()).isEqualTo(2);
    byte[] hcl = hcl(ev);
    assertThat(hcl).hasSize(2600);
    assertThat(new String(hcl, 0, 4)).isEqualTo("HCLA");
    String vars = variableData(hcl);
    JsonNode varJson = new ObjectMapper().readTree(vars);
    assertThat(varJson.get("user-data").asText())
        .isEqualTo(HEX.formatHex(Arrays.copyOf(REPORT_DATA, 64)).toUpperCase());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(vars.getBytes("UTF-8"));
    assertThat(Arrays.copyOfRange(hcl, 0x20 + 0x50, 0x20 + 0x70)).isEqualTo(digest);

    // quote: signature under the AK of the variable data, extraData, pcrDigest
    JsonNode ak = varJson.get("keys").get(0);
    PublicKey akKey =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(ak.get("n").asText())),
                    new BigInteger(1, Base64.getUrlDecoder().decode(ak.get("e").asText()))));
    byte[] msg = HEX.parseHex(ev.get("tpm_quote").get("message").asText());
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(akKey);
    rsa.update(msg);
    assertThat(rsa.verify(HEX.parseHex(ev.get("tpm_quote").get("signature").asText()))).isTrue();
    assertThat(msg).hasSize(161);
    assertThat(Arrays.copyOfRange(msg, 44, 92)).isEqualTo(REPORT_DATA);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ev.get("tpm_quote").get("pcrs").forEach(p -> md.update(HEX.parseHex(p.asText())));
    assertThat(Arrays.copyOfRange(msg, 129, 161)).isEqualTo(md.digest());

    // SNP report: ECDSA P-384 over 0x000..0x29F with the VCEK; VCEK -> ASK -> ARK (PSS)
    X509Certificate vcek =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        Base64.getUrlDecoder().decode(ev.get("vcek").asText())));
    byte[] report = Arrays.copyOfRange(hcl, 0x20, 0x20 + 1184);
    Signature ecdsa = Signature.getInstance("SHA384withECDSA");
    ecdsa.initVerify(vcek.getPublicKey());
    ecdsa.update(report, 0, 0x2A0);
    assertThat(
            ecdsa.verify(
                new DERSequence(
                        new ASN1Integer[] {
                          new ASN1Integer(le(report, 0x2A0)), new ASN1Integer(le(report, 0x2E8))
                        })
                    .getEncoded()))
        .isTrue();
    vcek.verify(sim.chain().ask().getPublicKey());
    sim.chain().ask().verify(sim.chain().ark().getPublicKey());
    sim.chain().ark().verify(sim.chain().ark().getPublicKey());
    assertThat(vcek.getSigAlgName()).isEqualTo("RSASSA-PSS");
    assertThat(vcek.getSerialNumber()).isZero();
    assertThat(vcek.getSubjectX500Principal().getName()).contains("CN=SEV-VCEK");
    assertThat(report[0x188]).isEqualTo((byte) 0x19);
    assertThat(Arrays.copyOfRange(report, 0x1A0, 0x1E0)).isEqualTo(sim.chipId());
    // raw 64-byte hwID extension (legacy encoding): extnValue OCTET STRING 04 40 || 64 bytes
    byte[] hwId = vcek.getExtensionValue("1.3.6.1.4.1.3704.1.4");
    assertThat(Arrays.copyOfRange(hwId, 2, 66)).isEqualTo(sim.chipId());
  }

  private static BigInteger le(byte[] b, int off) {
    byte[] be = new byte[72];
    for (int i = 0; i < 72; i++) {
      be[i] = b[off + 71 - i];
    }
    return new BigInteger(1, be);
  }

  @Test
  void faultsChangeWhatTheyName() throws Exception {
    byte[] msg = HEX.parseHex(ev(Fault.WRONG_NONCE).get("tpm_quote").get("message").asText());
    assertThat(Arrays.copyOfRange(msg, 44, 92)).isNotEqualTo(REPORT_DATA);
    assertThat(ev(Fault.PCR_CHANGED_AFTER_QUOTE).get("tpm_quote").get("pcrs").get(23).asText())
        .isNotEqualTo(HEX.formatHex(sim.pcrs().get(23)));
    byte[] vmpl = hcl(ev(Fault.VMPL_1));
    assertThat(vmpl[0x20 + 0x30]).isEqualTo((byte) 1);
  }

  @Test
  void olderVersionsHaveZeroUserDataAndV0UsesByteArraysAndPem() throws Exception {
    JsonNode v1 = new ObjectMapper().readTree(sim.evidence(1, REPORT_DATA));
    assertThat(variableData(hcl(v1))).contains("\"user-data\":\"" + "0".repeat(128) + "\"");
    JsonNode v0 = new ObjectMapper().readTree(sim.evidence(0, REPORT_DATA));
    assertThat(v0.has("version")).isFalse();
    assertThat(v0.get("report").size()).isEqualTo(2600);
    assertThat(v0.get("vcek").asText()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void writesTheChainForAServerToTrust(@TempDir Path dir) throws Exception {
    Path file = sim.writeChainTo(dir);
    assertThat(file.getFileName().toString()).isEqualTo("milan_cert_chain.pem");
    var certs =
        CertificateFactory.getInstance("X.509").generateCertificates(Files.newInputStream(file));
    assertThat(certs).hasSize(2);
    assertThat(sim.testArkPem()).contains("BEGIN CERTIFICATE");
  }

  @Test
  void refusesReportDataItCannotCarry() {
    assertThatThrownBy(() -> sim.evidenceV2(new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.evidenceV2(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
