package io.trustee.kbs.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulates an Azure confidential VM on AMD SEV-SNP with the paravisor vTPM and produces {@code
 * az-snp-vtpm} evidence ({@code azsnpvtpm-verification.md} §2–§5) for any report data: an HCL
 * report holding a version-3 SNP report signed by a simulated VCEK, HCL variable data with the AK
 * and user-data, and a TPM2 quote over PCR 0–23 (SHA-256) signed by the AK.
 *
 * <pre>{@code
 * AzSnpVtpmSimulator sim = AzSnpVtpmSimulator.builder().pcr(8, initDataPcr8(digest)).build();
 * sim.writeChainTo(certsDir);                       // milan_cert_chain.pem: trust it with
 *                                                   // kbs.amd.allow-unpinned-roots=true
 * String evidence = sim.evidenceV2(reportData);     // tee-evidence.primary_evidence
 * String bad = sim.evidenceV2(reportData, Fault.WRONG_NONCE);
 * }</pre>
 *
 * <p>Creating a simulator generates two RSA-4096 keys (ARK, ASK), an RSA-2048 AK and a P-384 VCEK:
 * reuse one instance per test class. The byte layouts are written by {@link AzureWireFormat}.
 * Evidence generation is thread-safe (each call signs with fresh JCA objects; the TPM clock is an
 * atomic counter), so one instance can feed a load test.
 */
public final class AzSnpVtpmSimulator {
  static final int PCR_COUNT = 24;
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestAmdChain chain;
  private final SecureRandom random;
  private final KeyPair vcekKeys;
  private final X509Certificate vcek;
  private final KeyPair akKeys;
  private final List<byte[]> pcrs;
  private final byte[] measurement;
  private final byte[] chipId;
  private final byte[] hostData;
  private final Tcb tcb;
  private final long policy;
  private final long platformInfo;
  private final AtomicLong clock = new AtomicLong(1_000_000);
  // created lazily, only for the faults that need them
  private KeyPair otherAk; // guarded by this
  private KeyPair otherVcekKey; // guarded by this
  private X509Certificate rogueVcek; // guarded by this

  private AzSnpVtpmSimulator(Builder b) {
    this.random = b.random;
    this.chain = TestAmdChain.generate(b.generation, random);
    this.vcekKeys = ec384(random);
    this.akKeys = TestAmdChain.rsa(2048, random);
    this.pcrs = b.pcrs.stream().map(byte[]::clone).toList();
    this.measurement = b.measurement.clone();
    this.chipId = b.chipId != null ? b.chipId.clone() : randomBytes(64);
    this.hostData = b.hostData.clone();
    this.tcb = b.tcb;
    this.policy = b.policy;
    this.platformInfo = b.platformInfo;
    this.vcek = chain.issueVcek(vcekKeys.getPublic(), tcb, chipId, false);
  }

  /** A Milan simulator with default PCRs (PCR 8 zero, others distinct), measurement and TCB. */
  public static AzSnpVtpmSimulator create() {
    return builder().build();
  }

  /** A Milan simulator with the given 24 PCR values and 48-byte launch measurement. */
  public static AzSnpVtpmSimulator create(List<byte[]> pcrs, byte[] measurement) {
    return builder().pcrs(pcrs).measurement(measurement).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** SHA-256(32 zero bytes || digest): PCR 8 after the guest extends the init-data digest once. */
  public static byte[] initDataPcr8(byte[] initDataDigest) {
    return AzureWireFormat.sha256(new byte[32], initDataDigest);
  }

  // ------------------------------------------------------------------ public outputs

  /** The test chain (ARK, ASK) of this simulator. */
  public TestAmdChain chain() {
    return chain;
  }

  /** The test ARK as PEM (trust it only with {@code kbs.amd.allow-unpinned-roots=true}). */
  public String testArkPem() {
    return chain.arkPem();
  }

  /** Writes {@code <generation>_cert_chain.pem} (ASK, ARK) into {@code dir}; returns the file. */
  public Path writeChainTo(Path dir) throws IOException {
    return chain.writeTo(dir);
  }

  public X509Certificate vcek() {
    return vcek;
  }

  public Generation generation() {
    return chain.generation();
  }

  /** The 64-byte CHIP_ID (and VCEK hwID). */
  public byte[] chipId() {
    return chipId.clone();
  }

  public byte[] measurement() {
    return measurement.clone();
  }

  public List<byte[]> pcrs() {
    return pcrs.stream().map(byte[]::clone).toList();
  }

  public Tcb tcb() {
    return tcb;
  }

  /** v2 evidence JSON text for {@code reportData} (1..64 bytes), with optional faults. */
  public String evidenceV2(byte[] reportData, Fault... faults) {
    return evidence(2, reportData, faults);
  }

  /**
   * Evidence JSON text of the given version: 2 (user-data carries the report data), 1 (same shape,
   * user-data zero) or 0 (byte arrays and a PEM VCEK).
   */
  public String evidence(int version, byte[] reportData, Fault... faults) {
    try {
      return JSON.writeValueAsString(evidenceJson(version, reportData, faults));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SNP guest POLICY bits (AMD SEV-SNP ABI, Table 9). */
  public static final long POLICY_MIGRATE_MA = 1L << 18;

  public static final long POLICY_DEBUG = 1L << 19;

  /** The configured guest policy with the bits the faults ask for. */
  private long guestPolicy(Set<Fault> f) {
    long p = policy;
    if (f.contains(Fault.DEBUG_ALLOWED)) {
      p |= POLICY_DEBUG;
    }
    if (f.contains(Fault.MIGRATE_MA_ALLOWED)) {
      p |= POLICY_MIGRATE_MA;
    }
    return p;
  }

  /** Like {@link #evidence} but as a Jackson tree. */
  public ObjectNode evidenceJson(int version, byte[] reportData, Fault... faults) {
    Objects.requireNonNull(reportData, "reportData");
    if (reportData.length == 0 || reportData.length > 64) {
      throw new IllegalArgumentException("report data must have 1..64 bytes");
    }
    if (version < 0 || version > 2) {
      throw new IllegalArgumentException("version must be 0, 1 or 2");
    }
    Set<Fault> f =
        faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(List.of(faults));

    byte[] userData = new byte[64];
    if (version == 2) {
      System.arraycopy(reportData, 0, userData, 0, reportData.length);
    }
    if (f.contains(Fault.USER_DATA_MISMATCH)) {
      userData[0] ^= 1;
    }
    RSAPublicKey ak = (RSAPublicKey) akKeys.getPublic();
    byte[] variableData = AzureWireFormat.variableData(ak, userData);
    byte[] snpReportData = AzureWireFormat.sha256(variableData);
    if (f.contains(Fault.VARIABLE_DATA_NOT_BOUND)) {
      snpReportData[0] ^= 1;
    }
    Tcb reported = f.contains(Fault.TCB_MISMATCH) ? tcb.withSnp(tcb.snp() - 1) : tcb;
    AzureWireFormat.SnpFields fields =
        new AzureWireFormat.SnpFields(
            chain.generation(),
            chain.generation().packTcb(reported),
            guestPolicy(f),
            f.contains(Fault.VMPL_1) ? 1 : 0,
            platformInfo,
            snpReportData,
            measurement,
            hostData,
            randomBytes(32),
            chipId);
    PrivateKey reportSigner =
        f.contains(Fault.REPORT_SIGNED_BY_OTHER_KEY)
            ? otherVcekKey().getPrivate()
            : vcekKeys.getPrivate();
    byte[] hcl =
        AzureWireFormat.hclReport(AzureWireFormat.snpReport(fields, reportSigner), variableData);

    byte[] nonce = reportData.clone();
    if (f.contains(Fault.WRONG_NONCE)) {
      nonce[0] ^= 1;
    }
    byte[] message = AzureWireFormat.tpmsAttest(ak, nonce, clock.incrementAndGet(), pcrs);
    PrivateKey akSigner =
        f.contains(Fault.QUOTE_SIGNED_BY_OTHER_AK) ? otherAk().getPrivate() : akKeys.getPrivate();
    byte[] signature = AzureWireFormat.sign("SHA256withRSA", akSigner, message);
    List<byte[]> sentPcrs = new ArrayList<>(pcrs());
    if (f.contains(Fault.PCR_CHANGED_AFTER_QUOTE)) {
      sentPcrs.get(23)[0] ^= 1;
    }
    X509Certificate cert = f.contains(Fault.VCEK_SIGNED_BY_ROGUE_ASK) ? rogueVcek() : vcek;
    byte[] der;
    try {
      der = cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }

    ObjectNode ev = JSON.createObjectNode();
    if (version == 0) {
      ObjectNode q = ev.putObject("quote");
      q.set("signature", byteArray(signature));
      q.set("message", byteArray(message));
      ArrayNode a = q.putArray("pcrs");
      sentPcrs.forEach(p -> a.add(byteArray(p)));
      ev.set("report", byteArray(hcl));
      ev.put("vcek", TestAmdChain.pem(cert));
      return ev;
    }
    ev.put("version", version);
    ObjectNode q = ev.putObject("tpm_quote");
    q.put("signature", HEX.formatHex(signature));
    q.put("message", HEX.formatHex(message));
    ArrayNode a = q.putArray("pcrs");
    sentPcrs.forEach(p -> a.add(HEX.formatHex(p)));
    ev.put("hcl_report", Base64.getUrlEncoder().encodeToString(hcl));
    ev.put("vcek", Base64.getUrlEncoder().encodeToString(der));
    return ev;
  }

  // ------------------------------------------------------------------ helpers

  private synchronized KeyPair otherAk() {
    if (otherAk == null) {
      otherAk = TestAmdChain.rsa(2048, random);
    }
    return otherAk;
  }

  private synchronized KeyPair otherVcekKey() {
    if (otherVcekKey == null) {
      otherVcekKey = ec384(random);
    }
    return otherVcekKey;
  }

  private synchronized X509Certificate rogueVcek() {
    if (rogueVcek == null) {
      rogueVcek = chain.issueVcek(vcekKeys.getPublic(), tcb, chipId, true);
    }
    return rogueVcek;
  }

  private static KeyPair ec384(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-384 key generation unavailable", e);
    }
  }

  private static ArrayNode byteArray(byte[] b) {
    ArrayNode a = JSON.createArrayNode();
    for (byte x : b) {
      a.add(x & 0xff);
    }
    return a;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Settings of a simulated VM. Not thread-safe; build once. */
  public static final class Builder {
    private Generation generation = Generation.MILAN;
    private List<byte[]> pcrs = defaultPcrs();
    private byte[] measurement = sha384("kbs-sim launch measurement");
    private byte[] chipId;
    private byte[] hostData = new byte[32];
    private Tcb tcb = Tcb.azureSample();
    // ABI 0.31, SMT allowed, reserved bit 17; DEBUG (19) and MIGRATE_MA (18) clear, so that
    // simulated guests pass the default attestation policy
    private long policy = 0x3001FL;
    private long platformInfo = 0x25L; // SMT enabled, ECC, alias-check complete
    private SecureRandom random = new SecureRandom();

    private Builder() {}

    private static List<byte[]> defaultPcrs() {
      List<byte[]> p = new ArrayList<>();
      for (int i = 0; i < PCR_COUNT; i++) {
        p.add(
            i == 8
                ? new byte[32]
                : AzureWireFormat.sha256(("kbs-sim pcr " + i).getBytes(StandardCharsets.UTF_8)));
      }
      return p;
    }

    private static byte[] sha384(String s) {
      try {
        return MessageDigest.getInstance("SHA-384").digest(s.getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    public Builder generation(Generation g) {
      this.generation = Objects.requireNonNull(g);
      return this;
    }

    /** All 24 PCR values (SHA-256 bank, 32 bytes each). */
    public Builder pcrs(List<byte[]> values) {
      if (values.size() != PCR_COUNT || values.stream().anyMatch(v -> v.length != 32)) {
        throw new IllegalArgumentException("need 24 PCR values of 32 bytes");
      }
      this.pcrs = values.stream().map(byte[]::clone).toList();
      return this;
    }

    /** One PCR value. */
    public Builder pcr(int index, byte[] value) {
      if (value.length != 32) {
        throw new IllegalArgumentException("PCR values have 32 bytes");
      }
      List<byte[]> copy = new ArrayList<>(pcrs);
      copy.set(index, value.clone());
      this.pcrs = List.copyOf(copy);
      return this;
    }

    /** Binds an init-data digest (32 bytes, SHA-256 TOML) through PCR 8. */
    public Builder initDataDigest(byte[] digest) {
      return pcr(8, initDataPcr8(digest));
    }

    public Builder measurement(byte[] value) {
      if (value.length != 48) {
        throw new IllegalArgumentException("MEASUREMENT has 48 bytes");
      }
      this.measurement = value.clone();
      return this;
    }

    public Builder chipId(byte[] value) {
      if (value.length != 64) {
        throw new IllegalArgumentException("CHIP_ID has 64 bytes");
      }
      this.chipId = value.clone();
      return this;
    }

    public Builder hostData(byte[] value) {
      if (value.length != 32) {
        throw new IllegalArgumentException("HOST_DATA has 32 bytes");
      }
      this.hostData = value.clone();
      return this;
    }

    public Builder tcb(Tcb value) {
      if (value.snp() == 0) {
        throw new IllegalArgumentException("SNP SPL must be at least 1 (TCB_MISMATCH lowers it)");
      }
      this.tcb = Objects.requireNonNull(value);
      return this;
    }

    public Builder policy(long value) {
      this.policy = value;
      return this;
    }

    public Builder platformInfo(long value) {
      this.platformInfo = value;
      return this;
    }

    public Builder random(SecureRandom value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }

    public AzSnpVtpmSimulator build() {
      return new AzSnpVtpmSimulator(this);
    }
  }
}
