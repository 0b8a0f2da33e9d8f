package io.trustee.kbs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmEvidence;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.attestation.azsnpvtpm.HclVariableData;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.snp.VcekExtensions;
import io.trustee.kbs.attestation.tpm.TpmsAttest;
import io.trustee.kbs.attestation.tpm.TpmtSignature;
import io.trustee.kbs.config.KbsConfigFile;
import io.trustee.kbs.eventlog.EventLog;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.rvps.CorimExtractor;
import io.trustee.kbs.token.CompactJws;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed seed corpus is what the bounded fuzz runs start from, so it must stay real-shaped:
 * every target has seeds, and every {@code valid-*} seed is accepted by its parser (a seed that no
 * longer parses would leave the fuzzer to rediscover the whole structure).
 */
class FuzzSeedCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;

  static Stream<String> targets() {
    return Stream.of(
        "HclReportFuzzTest",
        "SnpReportFuzzTest",
        "TpmsAttestFuzzTest",
        "TpmtSignatureFuzzTest",
        "VcekExtensionsFuzzTest",
        "EventLogFuzzTest",
        "CorimFuzzTest",
        "JwkFuzzTest",
        "AttestationBodyFuzzTest",
        "AuthRequestFuzzTest",
        "CompactJwsFuzzTest",
        "KbsConfigFuzzTest");
  }

  /**
   * Regenerates the corpus into the source tree: {@code mvn -o -q test -pl kbs-ejb -am
   * -Dtest=FuzzSeedCorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.writeSeeds=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
  void writeSeeds() throws Exception {
    FuzzSeedCorpus.main(new String[] {"src/test/resources/io/trustee/kbs/fuzz"});
  }

  @ParameterizedTest
  @MethodSource("targets")
  void everyValidSeedParses(String target) throws Exception {
    String dir = target + "Inputs/" + FuzzSeedCorpus.methodOf(target);
    URL url = FuzzSeedCorpusTest.class.getResource(dir);
    assertThat(url).as("seed directory " + dir).isNotNull();
    List<Path> seeds;
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      seeds = s.filter(p -> p.getFileName().toString().startsWith("valid-")).toList();
    }
    assertThat(seeds).as("valid seeds of " + target).isNotEmpty();
    for (Path seed : seeds) {
      accept(target, Files.readAllBytes(seed));
    }
  }

  private void accept(String target, byte[] d) throws Exception {
    switch (target) {
      case "HclReportFuzzTest" -> {
        HclReport h = HclReport.parse(d);
        HclVariableData.parse(h.variableData());
        SnpAttestationReport.parse(h.hwReport());
      }
      case "SnpReportFuzzTest" -> SnpAttestationReport.parse(d);
      case "TpmsAttestFuzzTest" -> assertThat(TpmsAttest.parse(d).isQuote()).isTrue();
      case "TpmtSignatureFuzzTest" ->
          assertThat(TpmtSignature.parse(d).rawSignature()).hasSize(256);
      case "VcekExtensionsFuzzTest" -> assertThat(VcekExtensions.parse(d).hwId()).isPresent();
      case "EventLogFuzzTest" -> assertThat(EventLog.parse(d).replay()).isNotEmpty();
      case "CorimFuzzTest" -> assertThat(new CorimExtractor().extract(d, NOW)).isNotEmpty();
      case "JwkFuzzTest" -> {
        ObjectNode body = JSON.createObjectNode();
        body.set("tee-pubkey", JSON.readTree(d));
        body.putObject("tee-evidence").putObject("primary_evidence");
        AttestationBody.parse(body, ProtocolVersion.V0_3_0).teePubkey().toJavaKey();
      }
      case "AttestationBodyFuzzTest" -> {
        ProtocolVersion v = ProtocolVersion.values()[d[0]];
        AttestationBody b = AttestationBody.parse(JSON.readTree(rest(d)), v);
        b.teePubkey().toJavaKey();
        AzSnpVtpmEvidence.parse(b.primaryEvidence());
      }
      case "AuthRequestFuzzTest" -> AuthRequest.parse(JSON.readTree(d));
      case "CompactJwsFuzzTest" -> CompactJws.parse(new String(d, StandardCharsets.UTF_8));
      case "KbsConfigFuzzTest" -> {
        String name = List.of("kbs-config.toml", "kbs-config.json", "kbs-config").get(d[0]);
        Path f = tmp.resolve(name);
        Files.write(f, rest(d));
        KbsConfigFile.load(f);
      }
      default -> throw new AssertionError("no acceptance check for " + target);
    }
  }

  private static byte[] rest(byte[] d) {
    return Arrays.copyOfRange(d, 1, d.length);
  }
}
