package io.trustee.kbs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmEvidence;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.attestation.azsnpvtpm.HclVariableData;
import io.trustee.kbs.attestation.snp.ReportSignatureVerifier;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.AttestationKey;
import io.trustee.kbs.attestation.tpm.QuoteChecks;
import io.trustee.kbs.attestation.tpm.TpmQuote;
import io.trustee.kbs.broker.JweException;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import io.trustee.kbs.token.EarTokenSigner;
import io.trustee.kbs.token.SigningKeyMaterial;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The crypto one guest handshake cannot avoid (issue #9, point 2), each operation with the JDK's
 * providers ({@code …Jdk}) and with Bouncy Castle ({@code …Bc}) where BC offers it. {@link
 * HandshakeFloor} runs this class and composes the floors; see there for the composition.
 *
 * <ul>
 *   <li>{@code tlsServerP256Jdk}, {@code tlsServerRsa2048Jdk}: one full in-memory TLS 1.3 handshake
 *       between two JSSE engines (X25519, the server certificate's key P-256 ECDSA or RSA-2048).
 *       The primary score is the whole handshake, client included; the floor uses the auxiliary
 *       counters {@code serverCpuNanos}/{@code handshakes}, the server engine's thread CPU per
 *       handshake ({@link TlsHandshakePair}). JSSE only (Bouncy Castle's JSSE provider is not a
 *       dependency).
 *   <li>{@code earSign…}: one ES256 signature (SHA-256 + ECDSA P-256) over the signing input of an
 *       EAR token whose JSON payload is about 1.5 KB, raw JCA; {@code earSignNimbus…} the same
 *       through Nimbus's {@link ECDSASigner} (for comparison).
 *   <li>{@code jwe…}: the resource JWE floor: one ephemeral P-256 key pair, one ECDH agreement with
 *       the TEE key, the Concat KDF (one SHA-256 round), AES-256 key wrap of the CEK, AES-256-GCM
 *       of a 32-byte secret with the protected header as AAD. {@code resourceEncryptor} is the
 *       project's {@link ResourceEncryptor} on the same input, as it is (comparison only).
 *   <li>{@code es256Verify…}: one ES256 verification of that EAR token; {@code
 *       es256VerifyNimbusJdk} through Nimbus's {@link ECDSAVerifier} (comparison).
 *   <li>{@code rsaQuoteVerify…}: the vTPM quote signature, RSASSA-PKCS1-v1_5 SHA-256 with the
 *       2048-bit AK over the TPMS_ATTEST of a simulated az-snp-vtpm evidence ({@code …Jdk} is the
 *       project's {@link QuoteChecks#verifySignature}).
 *   <li>{@code p384ReportVerify…}: the SNP report signature, ECDSA P-384 / SHA-384 over the
 *       report's signed bytes with the VCEK, through the project's {@link ReportSignatureVerifier}
 *       with its JDK and its Bouncy Castle (lightweight API, specialised curve) back-ends.
 *   <li>{@code p256Keygen…}, {@code p256Ecdh…}: the two halves of the JWE's key agreement alone.
 * </ul>
 *
 * <p>Every operation's figure is the benchmark thread's CPU time per operation (auxiliary counters
 * {@code cpuNanos}/{@code ops}, see {@link Cpu}); JMH's primary score, the wall-clock average, is
 * kept for comparison. On an idle machine the two agree; on a shared one the CPU time is the figure
 * that compares with a server's CPU per request.
 *
 * <p>Bouncy Castle runs as a JCA provider instance that is passed explicitly (never registered
 * globally), with keys converted to BC's own key classes during setup so that no per-call key
 * translation is timed. Reusable JCA objects (key-pair generators, signatures, ciphers) are created
 * once per thread, as a tuned server would; keys, nonces and IVs are fresh where the protocol needs
 * them.
 *
 * <p>Build: {@code mvn -pl kbs-bench -am package -DskipTests}; run all with the floor table: {@code
 * java -cp kbs-bench/target/benchmarks.jar io.trustee.kbs.bench.HandshakeFloor}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Djdk.tls.namedGroups=x25519")
public class HandshakeFloorBenchmark {
  /** The AES key-wrap algorithm identifier that goes into the Concat KDF's AlgorithmID. */
  private static final byte[] A256KW = "ECDH-ES+A256KW".getBytes(StandardCharsets.US_ASCII);

  private static final Provider BC = new BouncyCastleProvider();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** The server engine's CPU time and the number of handshakes, summed per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ServerCpu {
    public long serverCpuNanos;
    public long handshakes;

    @Setup(Level.Iteration)
    public void reset() {
      serverCpuNanos = 0;
      handshakes = 0;
    }
  }

  /**
   * The calling thread's CPU time per operation, summed per iteration: the floor counts CPU, not
   * wall time, so that other work on a shared machine inflates it as little as possible. The cost
   * of one pair of clock readings (about a microsecond on Linux) is measured at the start and
   * subtracted.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    public long ops;
    private long overheadNanos;

    @Setup(Level.Trial)
    public void calibrate() {
      int n = 20_000;
      long sum = 0;
      for (int i = 0; i < n; i++) {
        long t = THREADS.getCurrentThreadCpuTime();
        sum += THREADS.getCurrentThreadCpuTime() - t;
      }
      overheadNanos = sum / n;
    }

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      ops = 0;
    }

    long start() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start) {
      cpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime() - start - overheadNanos);
      ops++;
    }
  }

  /** One provider's reusable objects for the P-256 operations. */
  private static final class P256Ops {
    final Provider provider;
    final KeyPairGenerator keyGen;
    final Signature signer;
    final Signature verifier;
    final KeyAgreement ecdh;
    final MessageDigest sha256;
    final Cipher keyWrap;
    final Cipher gcm;
    final PublicKey teeKey;
    final PublicKey tokenPublic;

    P256Ops(Provider provider, PrivateKey tokenPrivate, PublicKey tokenPublic, PublicKey teeKey)
        throws GeneralSecurityException {
      this.provider = provider;
      boolean jdk = provider == null;
      keyGen =
          jdk ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", provider);
      keyGen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      signer = signature(provider);
      signer.initSign(tokenPrivate, new SecureRandom());
      verifier = signature(provider);
      verifier.initVerify(tokenPublic);
      ecdh = jdk ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", provider);
      sha256 =
          jdk
              ? MessageDigest.getInstance("SHA-256")
              : MessageDigest.getInstance("SHA-256", provider);
      keyWrap = jdk ? Cipher.getInstance("AESWrap") : Cipher.getInstance("AESWrap", provider);
      gcm =
          jdk
              ? Cipher.getInstance("AES/GCM/NoPadding")
              : Cipher.getInstance("AES/GCM/NoPadding", provider);
      this.teeKey = teeKey;
      this.tokenPublic = tokenPublic;
    }

    private static Signature signature(Provider provider) throws GeneralSecurityException {
      return provider == null
          ? Signature.getInstance("SHA256withECDSA")
          : Signature.getInstance("SHA256withECDSA", provider);
    }
  }

  /** The two TLS server/client pairs. */
  @State(Scope.Thread)
  public static class Tls {
    TlsHandshakePair p256;
    TlsHandshakePair rsa2048;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      p256 = new TlsHandshakePair(ec.generateKeyPair());
      rsa2048 = new TlsHandshakePair(rsa.generateKeyPair());
      p256.handshake();
      rsa2048.handshake();
      if (!p256.lastHandshake().contains("EC certificate")
          || !rsa2048.lastHandshake().contains("RSA certificate")) {
        throw new IllegalStateException(p256.lastHandshake() + " / " + rsa2048.lastHandshake());
      }
    }
  }

  /** The EAR token, its key, the TEE key and the JWE input, per provider. */
  @State(Scope.Thread)
  public static class P256 {
    final SecureRandom random = new SecureRandom();
    P256Ops jdk;
    P256Ops bc;
    byte[] signingInput;
    byte[] tokenSignatureDer;
    JWSObject token;
    ECDSASigner nimbusSignerJdk;
    ECDSASigner nimbusSignerBc;
    ECDSAVerifier nimbusVerifierJdk;
    ObjectNode earPayload;
    EarTokenSigner earTokenSigner;
    byte[] jweAad;
    byte[] secret;
    TeePublicKey teePublicKey;
    ResourceEncryptor resourceEncryptor;
    KeyPair jdkEphemeral;
    KeyPair bcEphemeral;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      // EAR token: the project's signer over a realistic payload
      SigningKeyMaterial signing = SigningKeyMaterial.generate();
      earTokenSigner = new EarTokenSigner(signing);
      ECPrivateKey signingKey =
          (ECPrivateKey)
              KeyFactory.getInstance("EC")
                  .generatePrivate(new PKCS8EncodedKeySpec(signing.privateKeyPkcs8()));
      earPayload = earPayload();
      token = JWSObject.parse(earTokenSigner.sign(earPayload));
      signingInput = token.getSigningInput();
      tokenSignatureDer = ECDSA.transcodeSignatureToDER(token.getSignature().decode());
      nimbusSignerJdk = new ECDSASigner(signingKey);
      nimbusSignerBc = new ECDSASigner(signingKey);
      nimbusSignerBc.getJCAContext().setProvider(BC);
      nimbusVerifierJdk = new ECDSAVerifier(signing.publicKey());

      // TEE key for the JWE, the header that is the AAD, the secret
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair tee = ec.generateKeyPair();
      ECPublicKey teePub = (ECPublicKey) tee.getPublic();
      String x = B64URL.encodeToString(EcCurves.unsigned(teePub.getW().getAffineX(), 32));
      String y = B64URL.encodeToString(EcCurves.unsigned(teePub.getW().getAffineY(), 32));
      teePublicKey = new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", x, y);
      String header =
          "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\"P-256\","
              + "\"kty\":\"EC\",\"x\":\""
              + x
              + "\",\"y\":\""
              + y
              + "\"}}";
      jweAad =
          B64URL
              .encodeToString(header.getBytes(StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.US_ASCII);
      secret = new byte[32];
      random.nextBytes(secret);
      resourceEncryptor = new ResourceEncryptor(false);

      jdk = new P256Ops(null, signingKey, signing.publicKey(), teePub);
      bc = new P256Ops(BC, toBc(signingKey), toBc(signing.publicKey()), toBc(tee.getPublic()));
      selfCheck();
    }

    @Setup(Level.Iteration)
    public void ephemerals() {
      jdkEphemeral = jdk.keyGen.generateKeyPair();
      bcEphemeral = bc.keyGen.generateKeyPair();
    }

    /** Every benchmark must compute a correct result, or the figures mean nothing. */
    private void selfCheck() throws Exception {
      if (!verify(jdk)
          || !verify(bc)
          || !nimbusVerifierJdk.verify(token.getHeader(), signingInput, token.getSignature())) {
        throw new IllegalStateException("ES256 verification fails on a valid token");
      }
      for (P256Ops ops : new P256Ops[] {jdk, bc}) {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(jdk.tokenPublic);
        v.update(signingInput);
        if (!v.verify(sign(ops))) {
          throw new IllegalStateException("raw ES256 signature does not verify");
        }
      }
      if (jwe(jdk).length != 32 + 16 || jwe(bc).length != 32 + 16) {
        throw new IllegalStateException("unexpected GCM output length");
      }
      resourceEncryptor.encrypt(secret, teePublicKey, ProtocolVersion.CURRENT);
      if (earPayload.toString().length() < 1200) {
        throw new IllegalStateException("EAR payload smaller than intended");
      }
    }

    byte[] sign(P256Ops ops) throws GeneralSecurityException {
      ops.signer.update(signingInput);
      return ops.signer.sign();
    }

    boolean verify(P256Ops ops) throws GeneralSecurityException {
      ops.verifier.update(signingInput);
      return ops.verifier.verify(tokenSignatureDer);
    }

    /** ECDH-ES+A256KW + A256GCM of the 32-byte secret; returns ciphertext‖tag. */
    byte[] jwe(P256Ops ops) throws GeneralSecurityException {
      KeyPair eph = ops.keyGen.generateKeyPair();
      ops.ecdh.init(eph.getPrivate());
      ops.ecdh.doPhase(ops.teeKey, true);
      byte[] z = ops.ecdh.generateSecret();
      // Concat KDF (RFC 7518 §4.6.2), 256-bit output = one SHA-256 round: counter ‖ Z ‖
      // len(AlgorithmID) ‖ AlgorithmID ‖ len(PartyUInfo)=0 ‖ len(PartyVInfo)=0 ‖ keydatalen
      MessageDigest md = ops.sha256;
      md.update(new byte[] {0, 0, 0, 1});
      md.update(z);
      md.update(ByteBuffer.allocate(4).putInt(A256KW.length).array());
      md.update(A256KW);
      md.update(new byte[8]);
      md.update(new byte[] {0, 0, 1, 0});
      SecretKey kek = new SecretKeySpec(md.digest(), "AES");
      byte[] cekBytes = new byte[32];
      random.nextBytes(cekBytes);
      SecretKey cek = new SecretKeySpec(cekBytes, "AES");
      ops.keyWrap.init(Cipher.WRAP_MODE, kek);
      byte[] wrapped = ops.keyWrap.wrap(cek);
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      ops.gcm.init(Cipher.ENCRYPT_MODE, cek, new GCMParameterSpec(128, iv));
      ops.gcm.updateAAD(jweAad);
      byte[] sealed = ops.gcm.doFinal(secret);
      if (wrapped.length != 40) {
        throw new IllegalStateException("wrapped CEK has " + wrapped.length + " bytes");
      }
      return sealed;
    }
  }

  /** The vTPM quote and the SNP report of one simulated az-snp-vtpm evidence. */
  @State(Scope.Thread)
  public static class Snp {
    byte[] quoteMessage;
    byte[] quoteSignature;
    AttestationKey ak;
    PublicKey akBc;
    SnpAttestationReport report;
    PublicKey vcekKey;
    final ReportSignatureVerifier reportJdk =
        new ReportSignatureVerifier(ReportSignatureVerifier.Backend.JDK);
    final ReportSignatureVerifier reportBc =
        new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      AzSnpVtpmSimulator sim = AzSnpVtpmSimulator.create();
      byte[] reportData = new byte[48];
      new SecureRandom().nextBytes(reportData);
      JsonNode evidence = new ObjectMapper().readTree(sim.evidenceV2(reportData));
      AzSnpVtpmEvidence ev = AzSnpVtpmEvidence.parse(evidence);
      HclReport hcl = HclReport.parse(ev.hclReport());
      report = SnpAttestationReport.parse(hcl.hwReport());
      vcekKey = ev.vcek().getPublicKey();
      TpmQuote quote = ev.quote();
      quoteMessage = quote.message();
      quoteSignature = quote.signature();
      ak = HclVariableData.parse(hcl.variableData()).attestationKey();
      akBc = toBc(ak.publicKey());
      // all four must succeed on valid evidence
      QuoteChecks.verifySignature(quoteMessage, quoteSignature, ak);
      if (!rsaBc()) {
        throw new IllegalStateException("quote signature does not verify with BC");
      }
      reportJdk.verify(report, vcekKey);
      reportBc.verify(report, vcekKey);
    }

    boolean rsaBc() throws GeneralSecurityException {
      Signature s = Signature.getInstance("SHA256withRSA", BC);
      s.initVerify(akBc);
      s.update(quoteMessage);
      return s.verify(quoteSignature);
    }
  }

  private static PublicKey toBc(PublicKey k) throws GeneralSecurityException {
    return KeyFactory.getInstance(k.getAlgorithm(), BC)
        .generatePublic(new X509EncodedKeySpec(k.getEncoded()));
  }

  private static PrivateKey toBc(PrivateKey k) throws GeneralSecurityException {
    return KeyFactory.getInstance(k.getAlgorithm(), BC)
        .generatePrivate(new PKCS8EncodedKeySpec(k.getEncoded()));
  }

  /**
   * An EAR payload shaped like the attestation service's for an az-snp-vtpm guest (one submodule,
   * trust vector, annotated evidence with the TEE claims, the TEE public key in the runtime data),
   * about 1.5 KB of JSON.
   */
  static ObjectNode earPayload() throws java.io.IOException {
    long iat = Instant.now().getEpochSecond();
    String json =
        """
        {"eat_profile":"tag:github.com,2024:confidential-containers/Trustee","iat":%d,
         "ear.verifier-id":{"build":"kbs-java 0.1.0","developer":"https://confidentialcontainers.org"},
         "submods":{"cpu0":{"ear.status":"affirming",
          "ear.trustworthiness-vector":{"instance-identity":2,"configuration":2,"executables":3,
           "file-system":2,"hardware":2,"runtime-opaque":2,"storage-opaque":2,"sourced-data":2},
          "ear.appraisal-policy-id":"default_cpu",
          "ear.veraison.annotated-evidence":{"az-snp-vtpm":{
            "policy_abi_major":"0","policy_abi_minor":"31","policy_smt_allowed":"true",
            "policy_migrate_ma":"false","policy_debug_allowed":"false",
            "policy_single_socket":"false","reported_tcb_bootloader":"4","reported_tcb_tee":"0",
            "reported_tcb_snp":"24","reported_tcb_microcode":"219","platform_tsme_enabled":"false",
            "platform_smt_enabled":"true",
            "measurement":"agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe",
            "report_data":"6368616c6c656e67656368616c6c656e67656368616c6c656e67656368616c6c656e6765",
            "tpm":{
             "pcr00":"e15c44796beabf46abcec7c57e590942041e47497e4ec27571c8b7664f48dced",
             "pcr04":"4b9b8fe6f1ab6cd2b8dc0a05c5b1e9a63c2c0a7a0b7b59b1d1e2c4ec8f1c7a2d",
             "pcr07":"b3a56a06c03a65277d0a787fcabc1e293eaa5d6dd79398f2dda741f7b874c65d",
             "pcr08":"0000000000000000000000000000000000000000000000000000000000000000",
             "pcr11":"0000000000000000000000000000000000000000000000000000000000000000"}},
           "init_data":"0000000000000000000000000000000000000000000000000000000000000000",
           "runtime_data_claims":{"nonce":"d2hhdCBhIG5pY2Ugbm9uY2UgaXMgdGhpcw",
            "tee-pubkey":{"kty":"EC","crv":"P-256","alg":"ECDH-ES+A256KW",
             "x":"WKn-ZIGevcwGIyyrzFoZNBdaq9_TsqzGl96oc0CWuis",
             "y":"y77t-RvAHRKTsSGdIYUfweuOvwrvDD-Q3Hv5J0fSKbE"}}}}},
         "exp":%d,"iss":"kbs"}"""
            .formatted(iat, iat + 300);
    return (ObjectNode) new ObjectMapper().readTree(json);
  }

  // ------------------------------------------------------------------ TLS 1.3 server side

  @Benchmark
  public long tlsServerP256Jdk(Tls tls, ServerCpu cpu) throws SSLException {
    return count(cpu, tls.p256.handshake());
  }

  @Benchmark
  public long tlsServerRsa2048Jdk(Tls tls, ServerCpu cpu) throws SSLException {
    return count(cpu, tls.rsa2048.handshake());
  }

  private static long count(ServerCpu cpu, long nanos) {
    cpu.serverCpuNanos += nanos;
    cpu.handshakes++;
    return nanos;
  }

  // ------------------------------------------------------------------ EAR signature

  @Benchmark
  public byte[] earSignJdk(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = s.sign(s.jdk);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public byte[] earSignBc(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = s.sign(s.bc);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public Base64URL earSignNimbusJdk(P256 s, Cpu cpu) throws JOSEException {
    long t = cpu.start();
    Base64URL r = s.nimbusSignerJdk.sign(s.token.getHeader(), s.signingInput);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public Base64URL earSignNimbusBc(P256 s, Cpu cpu) throws JOSEException {
    long t = cpu.start();
    Base64URL r = s.nimbusSignerBc.sign(s.token.getHeader(), s.signingInput);
    cpu.stop(t);
    return r;
  }

  /**
   * The project's signer as it is: payload serialisation + Nimbus ES256 (on Bouncy Castle since
   * issue #9) + compact serialisation.
   */
  @Benchmark
  public String earTokenSigner(P256 s, Cpu cpu) {
    long t = cpu.start();
    String r = s.earTokenSigner.sign(s.earPayload);
    cpu.stop(t);
    return r;
  }

  // ------------------------------------------------------------------ resource JWE

  @Benchmark
  public byte[] jweJdk(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = s.jwe(s.jdk);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public byte[] jweBc(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = s.jwe(s.bc);
    cpu.stop(t);
    return r;
  }

  /** The project's JWE as it is (Nimbus building blocks, Bouncy Castle's P-256 since issue #9). */
  @Benchmark
  public ObjectNode resourceEncryptor(P256 s, Cpu cpu) throws JweException {
    long t = cpu.start();
    ObjectNode r = s.resourceEncryptor.encrypt(s.secret, s.teePublicKey, ProtocolVersion.CURRENT);
    cpu.stop(t);
    return r;
  }

  // ------------------------------------------------------------------ P-256 primitives

  @Benchmark
  public KeyPair p256KeygenJdk(P256 s, Cpu cpu) {
    long t = cpu.start();
    KeyPair r = s.jdk.keyGen.generateKeyPair();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public KeyPair p256KeygenBc(P256 s, Cpu cpu) {
    long t = cpu.start();
    KeyPair r = s.bc.keyGen.generateKeyPair();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public byte[] p256EcdhJdk(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = ecdh(s.jdk, s.jdkEphemeral);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public byte[] p256EcdhBc(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    byte[] r = ecdh(s.bc, s.bcEphemeral);
    cpu.stop(t);
    return r;
  }

  private static byte[] ecdh(P256Ops ops, KeyPair eph) throws GeneralSecurityException {
    ops.ecdh.init(eph.getPrivate());
    ops.ecdh.doPhase(ops.teeKey, true);
    return ops.ecdh.generateSecret();
  }

  // ------------------------------------------------------------------ ES256 verification

  @Benchmark
  public boolean es256VerifyJdk(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    boolean r = s.verify(s.jdk);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public boolean es256VerifyBc(P256 s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    boolean r = s.verify(s.bc);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public boolean es256VerifyNimbusJdk(P256 s, Cpu cpu) throws JOSEException {
    long t = cpu.start();
    boolean r =
        s.nimbusVerifierJdk.verify(s.token.getHeader(), s.signingInput, s.token.getSignature());
    cpu.stop(t);
    return r;
  }

  // ------------------------------------------------------------------ az-snp-vtpm evidence

  /** The project's quote check (JDK {@code SHA256withRSA}). */
  @Benchmark
  public byte[] rsaQuoteVerifyJdk(Snp s, Cpu cpu) throws BadEvidenceException {
    long t = cpu.start();
    QuoteChecks.verifySignature(s.quoteMessage, s.quoteSignature, s.ak);
    cpu.stop(t);
    return s.quoteSignature;
  }

  @Benchmark
  public boolean rsaQuoteVerifyBc(Snp s, Cpu cpu) throws GeneralSecurityException {
    long t = cpu.start();
    boolean r = s.rsaBc();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public SnpAttestationReport p384ReportVerifyJdk(Snp s, Cpu cpu) throws BadEvidenceException {
    long t = cpu.start();
    s.reportJdk.verify(s.report, s.vcekKey);
    cpu.stop(t);
    return s.report;
  }

  @Benchmark
  public SnpAttestationReport p384ReportVerifyBc(Snp s, Cpu cpu) throws BadEvidenceException {
    long t = cpu.start();
    s.reportBc.verify(s.report, s.vcekKey);
    cpu.stop(t);
    return s.report;
  }
}
