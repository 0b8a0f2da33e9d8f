package io.trustee.kbs.attestation.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.as.ClaimPaths;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.TeeName;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.RunbookDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TeeRegistryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** A TEE as a new package would add it: name, alias, claims, PCR bank, runbook groups. */
  static class NewTee implements EvidenceVerifierFactory {
    private final EvidenceScheme scheme;
    private final PcrBank pcrs;

    NewTee(String name, Set<String> aliases, PcrBank pcrs) {
      this.scheme = new EvidenceScheme(name, aliases, "cpu");
      this.pcrs = pcrs;
    }

    NewTee() {
      this(
          "az-new-vtpm",
          Set.of("aznewvtpm"),
          new PcrBank("new", "tpm.pcr", Set.of("azure-vtpm-new", "az-new-vtpm")));
    }

    @Override
    public EvidenceScheme scheme() {
      return scheme;
    }

    @Override
    public List<ClaimMapping> claimMappings() {
      return List.of(
          ClaimMapping.measurement("mr_new", "quote.body.mr_new"),
          ClaimMapping.equal("new_svn", "svn"));
    }

    @Override
    public Optional<PcrBank> pcrBank() {
      return Optional.ofNullable(pcrs);
    }

    @Override
    public VerifierOffer create(VerifierSettings settings) {
      return VerifierOffer.none();
    }
  }

  static TeeRegistry installedPlus(EvidenceVerifierFactory extra) {
    List<EvidenceVerifierFactory> all = new ArrayList<>(TeeRegistry.installed().factories());
    all.add(extra);
    return new TeeRegistry(all);
  }

  @Test
  void installedRegistryKnowsEveryUpstreamTee() {
    TeeRegistry tees = TeeRegistry.installed();
    assertThat(tees.names())
        .containsExactlyInAnyOrder(
            "az-snp-vtpm",
            "az-tdx-vtpm",
            "snp",
            "tdx",
            "sgx",
            "cca",
            "csv",
            "se",
            "hygondcu",
            "tpm",
            "nvidia",
            "sample",
            "sampledevice");
    assertThat(TeeName.KNOWN).isEqualTo(tees.names());
    assertThat(tees.canonicalName("azsnpvtpm")).contains("az-snp-vtpm");
    assertThat(tees.canonicalName("aztdxvtpm")).contains("az-tdx-vtpm");
    assertThat(tees.canonicalName("AZ-SNP-VTPM")).isEmpty();
    assertThat(tees.canonicalName(null)).isEmpty();
    assertThat(tees.runbookGroupOfPcrPrefix("snp")).contains("az-snp-vtpm");
    assertThat(tees.runbookGroupOfPcrPrefix("tdx")).contains("az-tdx-vtpm");
    assertThat(tees.runbookGroupOfPcrPrefix("tpm")).contains("tpm");
    assertThat(tees.runbookGroupOfPcrPrefix("gcp")).isEmpty();
  }

  @Test
  void aNewFactoryBecomesKnownEverywhere() throws Exception {
    TeeRegistry tees = installedPlus(new NewTee());

    // name parsing, with the alias
    assertThat(TeeName.normalize("aznewvtpm", tees).value()).isEqualTo("az-new-vtpm");
    assertThat(TeeName.normalize("az-new-vtpm", tees).value()).isEqualTo("az-new-vtpm");
    assertThat(TeeName.normalize("azsnpvtpm", tees).value()).isEqualTo("az-snp-vtpm");
    assertThatThrownBy(() -> TeeName.normalize("aznewvtpm")).isInstanceOf(ProtocolException.class);

    // claim paths: the table and the PCR bank
    assertThat(ClaimPaths.forName(tees, "az-new-vtpm", "mr_new").orElseThrow().pointer())
        .hasToString("/az-new-vtpm/quote/body/mr_new");
    assertThat(ClaimPaths.forName(tees, "az-new-vtpm", "new_svn").orElseThrow().comparison())
        .isEqualTo(ClaimComparison.EQUALS);
    ClaimPaths.Mapping pcr = ClaimPaths.forName(tees, "az-new-vtpm", "new_pcr07").orElseThrow();
    assertThat(pcr.path()).isEqualTo("az-new-vtpm.tpm.pcr07");
    assertThat(pcr.measurement()).isTrue();
    assertThat(ClaimPaths.forName(tees, "az-new-vtpm", "new_pcr24")).isEmpty();
    assertThat(ClaimPaths.forName(tees, "az-new-vtpm", "snp_pcr07")).isEmpty();
    assertThat(ClaimPaths.forName(tees, "az-snp-vtpm", "new_pcr07")).isEmpty();
    assertThat(ClaimPaths.forName("az-new-vtpm", "mr_new")).isEmpty();
    assertThat(tees.referenceValueNames("az-new-vtpm"))
        .startsWith("mr_new", "new_svn", "new_pcr00")
        .endsWith("new_pcr23")
        .hasSize(2 + 24);

    // runbook groups
    assertThat(RunbookDocument.pcrPrefix(tees, "azure-vtpm-new")).isEqualTo("new");
    assertThat(RunbookDocument.pcrPrefix("azure-vtpm-new")).isEqualTo("azure_vtpm_new");
    assertThat(tees.runbookGroupOfPcrPrefix("new")).contains("az-new-vtpm");
    String doc = "[{\"name\":\"azure-vtpm-new\",\"pcrs\":{\"3\":\"" + "ab".repeat(32) + "\"}}]";
    assertThat(names(RunbookDocument.toReferenceValues(JSON.readTree(doc), NOW, tees)))
        .containsExactly("new_pcr03");
    assertThat(names(RunbookDocument.toReferenceValues(JSON.readTree(doc), NOW)))
        .containsExactly("azure_vtpm_new_pcr03");
  }

  private static List<String> names(RunbookDocument.Result r) {
    return r.values().stream().map(ReferenceValue::name).toList();
  }

  @Test
  void refusesTwoTeesAnsweringToTheSameName() {
    assertThatThrownBy(() -> installedPlus(new NewTee("az-new-vtpm", Set.of("azsnpvtpm"), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("azsnpvtpm");
    assertThatThrownBy(() -> installedPlus(new NewTee("sample", Set.of(), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sample");
    assertThatThrownBy(() -> installedPlus(new NewTee("tdx2", Set.of("tdx"), null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesSharedPcrPrefixesAndRunbookGroups() {
    assertThatThrownBy(
            () ->
                installedPlus(
                    new NewTee("x", Set.of(), new PcrBank("snp", "tpm.pcr", Set.of("x")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PCR prefix snp");
    assertThatThrownBy(
            () ->
                installedPlus(
                    new NewTee("x", Set.of(), new PcrBank("x", "tpm.pcr", Set.of("tpm")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbook group tpm");
  }

  @Test
  void refusesAReferenceValueMappedTwice() {
    EvidenceVerifierFactory twice =
        new NewTee() {
          @Override
          public List<ClaimMapping> claimMappings() {
            return List.of(ClaimMapping.member("svn", "svn"), ClaimMapping.member("svn", "other"));
          }
        };
    assertThatThrownBy(() -> new TeeRegistry(List.of(twice)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("svn");
  }
}
