package io.trustee.kbs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmEvidence;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.attestation.azsnpvtpm.HclVariableData;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.ProductGeneration;
import io.trustee.kbs.attestation.snp.ReportSignatureVerifier;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.snp.VcekChainVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.attestation.tpm.AttestationKey;
import io.trustee.kbs.attestation.tpm.QuoteChecks;
import io.trustee.kbs.attestation.tpm.TpmQuote;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full {@code az-snp-vtpm} verification (fresh evidence for each call from a pool of 64
 * simulated evidences with distinct report data; the VCEK chain verdict is cached, as in a running
 * server; the report-signature verdict cache off, except in {@code
 * fullVerificationReportVerdictCached}) and each crypto step on its own, including the P-384 report
 * signature with the JDK and with Bouncy Castle.
 *
 * <p>Build: {@code mvn -q -o -pl kbs-sim,kbs-ejb,kbs-bench package -DskipTests}; run: {@code java
 * -jar kbs-bench/target/benchmarks.jar AzSnp -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AzSnpVtpmVerifyBenchmark {
  private static final int POOL = 64;

  private Path certsDir;
  private AzSnpVtpmVerifier verifierBc;
  private AzSnpVtpmVerifier verifierBcCached;
  private AzSnpVtpmVerifier verifierJdk;
  private AmdRootStore roots;
  private EvidenceInput[] inputs;
  private int next;
  private JsonNode evidenceJson;
  private SnpAttestationReport report;
  private PublicKey vcekKey;
  private X509Certificate vcek;
  private TpmQuote quote;
  private AttestationKey ak;
  private VcekChainVerifier cachedChain;
  private final ReportSignatureVerifier ecdsaJdk =
      new ReportSignatureVerifier(ReportSignatureVerifier.Backend.JDK);
  private final ReportSignatureVerifier ecdsaBc =
      new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    AzSnpVtpmSimulator sim = AzSnpVtpmSimulator.create();
    certsDir = Files.createTempDirectory("kbs-bench-amd");
    sim.writeChainTo(certsDir);
    roots = AmdRootStore.load(certsDir, true);
    VcekChainVerifier chain = new VcekChainVerifier(roots);
    verifierBc =
        new AzSnpVtpmVerifier(
            chain,
            Clock.systemUTC(),
            new AzSnpVtpmVerifier.Options(true, ReportSignatureVerifier.Backend.BOUNCY_CASTLE, 0));
    verifierBcCached =
        new AzSnpVtpmVerifier(
            chain,
            Clock.systemUTC(),
            new AzSnpVtpmVerifier.Options(
                true,
                ReportSignatureVerifier.Backend.BOUNCY_CASTLE,
                AzSnpVtpmVerifier.DEFAULT_REPORT_VERDICT_CACHE));
    verifierJdk =
        new AzSnpVtpmVerifier(
            chain,
            Clock.systemUTC(),
            new AzSnpVtpmVerifier.Options(true, ReportSignatureVerifier.Backend.JDK, 0));
    ObjectMapper json = new ObjectMapper();
    inputs = new EvidenceInput[POOL];
    for (int i = 0; i < POOL; i++) {
      byte[] reportData = new byte[48];
      reportData[0] = (byte) i;
      reportData[47] = (byte) (i * 7);
      inputs[i] = new EvidenceInput(json.readTree(sim.evidenceV2(reportData)), reportData, null);
    }
    evidenceJson = inputs[0].evidence();
    AzSnpVtpmEvidence ev = AzSnpVtpmEvidence.parse(evidenceJson);
    HclReport hcl = HclReport.parse(ev.hclReport());
    report = SnpAttestationReport.parse(hcl.hwReport());
    vcek = ev.vcek();
    vcekKey = vcek.getPublicKey();
    quote = ev.quote();
    ak = HclVariableData.parse(hcl.variableData()).attestationKey();
    cachedChain = new VcekChainVerifier(roots);
    verifierBc.verify(inputs[0]); // warms the chain cache
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try (Stream<Path> files = Files.walk(certsDir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private EvidenceInput nextInput() {
    next = (next + 1) % POOL;
    return inputs[next];
  }

  /**
   * Full verification with the default (Bouncy Castle) ECDSA back-end, cached chain, no verdict
   * cache.
   */
  @Benchmark
  public TeeClaims fullVerification() throws BadEvidenceException {
    return verifierBc.verify(nextInput());
  }

  /**
   * Full verification with the report-signature verdict cache (the 64 reports of the pool are
   * remembered after their first round): what a VM that re-sends the same report costs.
   */
  @Benchmark
  public TeeClaims fullVerificationReportVerdictCached() throws BadEvidenceException {
    return verifierBcCached.verify(nextInput());
  }

  /** Full verification with the JDK's ECDSA, cached chain. */
  @Benchmark
  public TeeClaims fullVerificationJdkEcdsa() throws BadEvidenceException {
    return verifierJdk.verify(nextInput());
  }

  @Benchmark
  public SnpAttestationReport ecdsaP384ReportSignatureJdk() throws BadEvidenceException {
    ecdsaJdk.verify(report, vcekKey);
    return report;
  }

  @Benchmark
  public SnpAttestationReport ecdsaP384ReportSignatureBouncyCastle() throws BadEvidenceException {
    ecdsaBc.verify(report, vcekKey);
    return report;
  }

  /** RSASSA-PKCS1-v1_5 SHA-256 with the 2048-bit AK over the 161-byte TPMS_ATTEST. */
  @Benchmark
  public TpmQuote quoteSignatureRsa2048() throws BadEvidenceException {
    QuoteChecks.verifySignature(quote.message(), quote.signature(), ak);
    return quote;
  }

  /** VCEK signed by the ASK: RSASSA-PSS SHA-384 with RSA-4096, no cache (new verifier). */
  @Benchmark
  public VcekChainVerifier vcekChainUncachedRsaPss4096() throws BadEvidenceException {
    VcekChainVerifier v = new VcekChainVerifier(roots);
    v.verify(vcek, ProductGeneration.MILAN, java.time.Instant.now());
    return v;
  }

  /** The same with the verdict cached: a SHA-384 fingerprint and a map lookup. */
  @Benchmark
  public VcekChainVerifier vcekChainCached() throws BadEvidenceException {
    cachedChain.verify(vcek, ProductGeneration.MILAN, java.time.Instant.now());
    return cachedChain;
  }

  /** JSON evidence to typed structures: base64url/hex decoding, X.509 parsing, HCL, SNP, JWK. */
  @Benchmark
  public HclVariableData parseEvidence() throws BadEvidenceException {
    AzSnpVtpmEvidence ev = AzSnpVtpmEvidence.parse(evidenceJson);
    HclReport hcl = HclReport.parse(ev.hclReport());
    SnpAttestationReport.parse(hcl.hwReport());
    return HclVariableData.parse(hcl.variableData());
  }
}
