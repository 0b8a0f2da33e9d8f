package io.trustee.kbs.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Writes the byte structures of {@code az-snp-vtpm} evidence, independently of the verifier's
 * parsers: the HCL variable data (spec §3.1), the SNP attestation report (§4, AMD SEV-SNP ABI
 * "ATTESTATION_REPORT"), the HCL report (§3) and the quote's {@code TPMS_ATTEST} (§5, TPM 2.0 Part
 * 2). Stateless and thread-safe.
 */
final class AzureWireFormat {
  static final int SNP_REPORT_SIZE = 0x4A0;
  static final int SNP_SIGNED_SIZE = 0x2A0;
  static final int HCL_REPORT_SIZE = 2600;
  static final int HCL_VARIABLE_DATA = 0x4D4;
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AzureWireFormat() {}

  /** The SNP report fields the simulator sets; everything else is zero. */
  record SnpFields(
      Generation generation,
      long reportedTcb,
      long policy,
      int vmpl,
      long platformInfo,
      byte[] reportData,
      byte[] measurement,
      byte[] hostData,
      byte[] reportId,
      byte[] chipId) {}

  /** HCL variable data JSON, compact, with the AK as the {@code HCLAkPub} JWK. */
  static byte[] variableData(RSAPublicKey ak, byte[] userData) {
    ObjectNode v = JSON.createObjectNode();
    ObjectNode k = v.putArray("keys").addObject();
    k.put("kid", "HCLAkPub");
    k.putArray("key_ops").add("sign");
    k.put("kty", "RSA");
    k.put("e", b64u(unsigned(ak.getPublicExponent())));
    k.put("n", b64u(unsigned(ak.getModulus())));
    ObjectNode vm = v.putObject("vm-configuration");
    vm.put("console-enabled", true);
    vm.put("secure-boot", true);
    vm.put("tpm-enabled", true);
    vm.put("vmUniqueId", "00000000-0000-0000-0000-000000000000");
    v.put("user-data", HEX.formatHex(userData).toUpperCase(Locale.ROOT));
    try {
      return JSON.writeValueAsBytes(v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A version-3 SNP report signed with ECDSA P-384 / SHA-384 over bytes {@code 0x000..0x29F}, r and
   * s stored little-endian in 72-byte fields.
   */
  static byte[] snpReport(SnpFields f, PrivateKey signer) {
    ByteBuffer r = ByteBuffer.allocate(SNP_REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    Generation g = f.generation();
    r.putInt(0x000, 3); // VERSION
    r.putInt(0x004, 0); // GUEST_SVN
    r.putLong(0x008, f.policy());
    r.putInt(0x030, f.vmpl());
    r.putInt(0x034, 1); // SIGNATURE_ALGO: ECDSA P-384 with SHA-384
    r.putLong(0x038, f.reportedTcb()); // CURRENT_TCB
    r.putLong(0x040, f.platformInfo());
    r.putInt(0x048, 0); // KEY_INFO: signed by the VCEK
    r.put(0x050, Arrays.copyOf(f.reportData(), 64));
    r.put(0x090, f.measurement());
    r.put(0x0C0, f.hostData());
    r.put(0x140, f.reportId());
    r.putLong(0x180, f.reportedTcb()); // REPORTED_TCB
    r.put(0x188, (byte) g.cpuidFamily);
    r.put(0x189, (byte) g.cpuidModel);
    r.put(0x18A, (byte) g.cpuidStepping);
    r.put(0x1A0, f.chipId());
    r.putLong(0x1E0, f.reportedTcb()); // COMMITTED_TCB
    r.put(0x1E8, new byte[] {4, 55, 1}); // CURRENT build, minor, major
    r.put(0x1EC, new byte[] {4, 55, 1}); // COMMITTED build, minor, major
    r.putLong(0x1F0, f.reportedTcb()); // LAUNCH_TCB
    byte[] report = r.array();
    byte[] der = sign("SHA384withECDSA", signer, Arrays.copyOf(report, SNP_SIGNED_SIZE));
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    BigInteger sigR = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
    BigInteger sigS = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
    System.arraycopy(littleEndian72(sigR), 0, report, 0x2A0, 72);
    System.arraycopy(littleEndian72(sigS), 0, report, 0x2E8, 72);
    return report;
  }

  /** The HCL report, zero-padded to 2600 bytes like the real ones. */
  static byte[] hclReport(byte[] snpReport, byte[] variableData) {
    int n = variableData.length;
    ByteBuffer h =
        ByteBuffer.allocate(Math.max(HCL_REPORT_SIZE, HCL_VARIABLE_DATA + n))
            .order(ByteOrder.LITTLE_ENDIAN);
    h.put(0, "HCLA".getBytes(StandardCharsets.US_ASCII));
    h.putInt(0x004, 1); // header.version
    h.putInt(0x008, HCL_VARIABLE_DATA + n); // report_size
    h.putInt(0x00C, 2); // request_type
    h.putInt(0x010, 0); // status
    h.put(0x020, snpReport);
    h.putInt(0x4C0, 20 + n); // igvm.data_size
    h.putInt(0x4C4, 1); // igvm.version
    h.putInt(0x4C8, 2); // report_type SNP
    h.putInt(0x4CC, 1); // report_data_hash_type SHA-256
    h.putInt(0x4D0, n);
    h.put(HCL_VARIABLE_DATA, variableData);
    return h.array();
  }

  /** TPMS_ATTEST of a quote over PCR 0..23 of the SHA-256 bank. */
  static byte[] tpmsAttest(RSAPublicKey ak, byte[] nonce, long clock, List<byte[]> quotedPcrs) {
    ByteBuffer m = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
    m.putInt(0xFF544347); // TPM_GENERATED_VALUE
    m.putShort((short) 0x8018); // TPM_ST_ATTEST_QUOTE
    byte[] name = sha256(ak.getModulus().toByteArray());
    m.putShort((short) 34).putShort((short) 0x000B).put(name); // qualifiedSigner
    m.putShort((short) nonce.length).put(nonce); // extraData
    m.putLong(clock).putInt(3).putInt(0).put((byte) 1); // clockInfo
    m.putLong(0x2020031200120003L); // firmwareVersion
    m.putInt(1).putShort((short) 0x000B).put((byte) 3).put(new byte[] {-1, -1, -1});
    MessageDigest md = sha256();
    quotedPcrs.forEach(md::update);
    m.putShort((short) 32).put(md.digest()); // pcrDigest
    return Arrays.copyOf(m.array(), m.position());
  }

  static byte[] sign(String alg, PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(alg + " signing failed", e);
    }
  }

  static byte[] littleEndian72(BigInteger v) {
    byte[] be = unsigned(v);
    byte[] le = new byte[72];
    for (int i = 0; i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static String b64u(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
