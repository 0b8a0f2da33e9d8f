package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.AmdRootStoreException;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import io.trustee.kbs.sim.Fault;
import io.trustee.kbs.sim.Generation;
import io.trustee.kbs.sim.Tcb;
import io.trustee.kbs.util.Bytes;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier against evidence from {@link AzSnpVtpmSimulator} (its own test AMD chain). */
class SimulatedEvidenceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] INIT_DATA_DIGEST = sha256("algorithm = \"sha256\"\nversion = \"0.1.0\"\n");

  static AzSnpVtpmSimulator sim;
  @TempDir static Path certsDir;
  static AzSnpVtpmVerifier verifier;
  static byte[] reportData;

  /** Fault → the check that must name it. */
  static final Map<Fault, String> EXPECTED =
      Map.of(
          Fault.WRONG_NONCE, "nonce mismatch",
          Fault.PCR_CHANGED_AFTER_QUOTE, "pcr-digest mismatch",
          Fault.QUOTE_SIGNED_BY_OTHER_AK, "quote signature invalid",
          Fault.USER_DATA_MISMATCH, "user-data mismatch",
          Fault.VARIABLE_DATA_NOT_BOUND, "hcl variable data not bound to snp report",
          Fault.REPORT_SIGNED_BY_OTHER_KEY, "report signature invalid",
          Fault.TCB_MISMATCH, "tcb mismatch",
          Fault.VMPL_1, "vmpl not 0",
          Fault.VCEK_SIGNED_BY_ROGUE_ASK, "vcek not signed by ask");

  @BeforeAll
  static void setUp() throws Exception {
    sim = AzSnpVtpmSimulator.builder().initDataDigest(INIT_DATA_DIGEST).build();
    sim.writeChainTo(certsDir);
    verifier = new AzSnpVtpmVerifier(AmdRootStore.load(certsDir, true));
    reportData = sha256("runtime data");
    reportData = MessageDigest.getInstance("SHA-384").digest(reportData);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes("UTF-8"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void simulatedEvidenceVerifiesWithTheSimulatorsChain(int version) throws Exception {
    JsonNode claims =
        verifier
            .verify(
                new EvidenceInput(
                    json(sim.evidence(version, reportData)), reportData, INIT_DATA_DIGEST))
            .claims();

    assertThat(claims.get("report_data").asText()).isEqualTo(Bytes.toHex(reportData));
    assertThat(claims.get("measurement").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(sim.measurement()));
    assertThat(claims.get("init_data").asText())
        .isEqualTo(Bytes.toHex(AzSnpVtpmSimulator.initDataPcr8(INIT_DATA_DIGEST)));
    assertThat(claims.get("tpm").get("pcr23").asText()).isEqualTo(Bytes.toHex(sim.pcrs().get(23)));
    assertThat(claims.get("reported_tcb_snp").asText()).isEqualTo("24");
    assertThat(claims.get("reported_tcb_microcode").asText()).isEqualTo("219");
    assertThat(claims.get("policy_abi_minor").asText()).isEqualTo("31");
    assertThat(claims.get("platform_smt_enabled").asText()).isEqualTo("true");
    assertThat(claims.size()).isEqualTo(16);
  }

  @Test
  void unpinnedRootsShowInTheVerifier() {
    assertThat(verifier.usesUnpinnedRoots()).isTrue();
  }

  @Test
  void theSimulatorsArkIsRefusedWhenOnlyPinnedRootsAreAllowed() {
    assertThatThrownBy(() -> AmdRootStore.load(certsDir, false))
        .isInstanceOf(AmdRootStoreException.class)
        .hasMessageContaining("not AMD's official ARK");
  }

  @Test
  void simulatedEvidenceIsRefusedByTheOfficialRoots() throws Exception {
    AzSnpVtpmVerifier pinned =
        new AzSnpVtpmVerifier(AmdRootStore.load(TestVectors.path("amd"), false));
    assertThatThrownBy(
            () ->
                pinned.verify(
                    new EvidenceInput(json(sim.evidenceV2(reportData)), reportData, null)))
        .isInstanceOfSatisfying(
            BadEvidenceException.class,
            e -> assertThat(e.check()).isEqualTo("vcek not signed by ask"));
  }

  /** Guest-policy faults verify; it is the attestation policy that must not trust them. */
  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"DEBUG_ALLOWED", "MIGRATE_MA_ALLOWED"})
  void everyFaultIsRefusedWithItsNamedCheck(Fault fault) throws Exception {
    String evidence = sim.evidenceV2(reportData, fault);
    assertThatThrownBy(() -> verifier.verify(new EvidenceInput(json(evidence), reportData, null)))
        .isInstanceOfSatisfying(
            BadEvidenceException.class, e -> assertThat(e.check()).isEqualTo(EXPECTED.get(fault)));
  }

  @Test
  void theDefaultGuestPolicyForbidsDebugAndMigrationAgents() throws Exception {
    JsonNode claims =
        verifier
            .verify(new EvidenceInput(json(sim.evidenceV2(reportData)), reportData, null))
            .claims();
    assertThat(claims.get("policy_debug_allowed").asText()).isEqualTo("false");
    assertThat(claims.get("policy_migrate_ma").asText()).isEqualTo("false");
  }

  @Test
  void guestPolicyFaultsVerifyAndShowInTheClaims() throws Exception {
    JsonNode debug =
        verifier
            .verify(
                new EvidenceInput(
                    json(sim.evidenceV2(reportData, Fault.DEBUG_ALLOWED)), reportData, null))
            .claims();
    assertThat(debug.get("policy_debug_allowed").asText()).isEqualTo("true");
    assertThat(debug.get("policy_migrate_ma").asText()).isEqualTo("false");
    JsonNode migrate =
        verifier
            .verify(
                new EvidenceInput(
                    json(sim.evidenceV2(reportData, Fault.MIGRATE_MA_ALLOWED)), reportData, null))
            .claims();
    assertThat(migrate.get("policy_debug_allowed").asText()).isEqualTo("false");
    assertThat(migrate.get("policy_migrate_ma").asText()).isEqualTo("true");
  }

  @Test
  void otherInitDataIsRefused() throws Exception {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    new EvidenceInput(
                        json(sim.evidenceV2(reportData)), reportData, sha256("other init data"))))
        .hasMessageStartingWith("init-data mismatch");
  }

  @Test
  void evidenceForOneNonceIsRefusedForAnother() throws Exception {
    byte[] other = reportData.clone();
    other[47] ^= 1;
    assertThatThrownBy(
            () -> verifier.verify(new EvidenceInput(json(sim.evidenceV2(reportData)), other, null)))
        .hasMessageStartingWith("nonce mismatch");
  }

  /** Genoa shares Milan's TCB layout and CPUID family; Turin has its own layout (FMC first). */
  @ParameterizedTest
  @EnumSource(
      value = Generation.class,
      names = {"GENOA", "TURIN"})
  void genoaAndTurinEvidenceVerifyWithTheirOwnChainAndTcbLayout(
      Generation generation, @TempDir Path dir) throws Exception {
    AzSnpVtpmSimulator simulated =
        AzSnpVtpmSimulator.builder().generation(generation).tcb(new Tcb(7, 1, 5, 70, 3)).build();
    assertThat(simulated.writeChainTo(dir).getFileName().toString())
        .isEqualTo(generation.fileName() + "_cert_chain.pem");
    AzSnpVtpmVerifier v = new AzSnpVtpmVerifier(AmdRootStore.load(dir, true));
    JsonNode claims =
        v.verify(new EvidenceInput(json(simulated.evidenceV2(reportData)), reportData, null))
            .claims();
    assertThat(claims.get("reported_tcb_bootloader").asText()).isEqualTo("7");
    assertThat(claims.get("reported_tcb_tee").asText()).isEqualTo("1");
    assertThat(claims.get("reported_tcb_snp").asText()).isEqualTo("5");
    assertThat(claims.get("reported_tcb_microcode").asText()).isEqualTo("70");
    // the Milan chain does not cover Genoa or Turin evidence
    assertThatThrownBy(
            () ->
                verifier.verify(
                    new EvidenceInput(json(simulated.evidenceV2(reportData)), reportData, null)))
        .hasMessageStartingWith("no trusted amd chain");
  }
}
