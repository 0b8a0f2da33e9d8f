package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one-line "why denied" of the {@code attestation failed} log line. */
class AppraisalLogLineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EXPECTED = "ab12" + "0".repeat(60);
  static final String OBSERVED = "cd34" + "1".repeat(60);

  static ReferenceValueCheck check(
      String claim, String rv, JsonNode observed, Status status, JsonNode registered) {
    return ReferenceValueCheck.of(
        rv,
        Optional.of(
            new ClaimPaths.Mapping(claim, JsonPointer.compile("/v"), ClaimComparison.MEMBER, true)),
        JsonNodeFactory.instance.objectNode().set("v", observed),
        status,
        Optional.ofNullable(registered),
        true);
  }

  static SubmoduleAppraisal sub(
      String name, Map<String, Integer> vector, List<ReferenceValueCheck> checks) {
    return new SubmoduleAppraisal(
        name,
        "az-snp-vtpm",
        "default_cpu",
        new TrustVector(vector),
        JsonNodeFactory.instance.objectNode(),
        List.of(),
        Map.of(),
        checks);
  }

  static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  static JsonNode array(String... values) {
    var a = JsonNodeFactory.instance.arrayNode();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  static AppraisalRecord record(SubmoduleAppraisal... subs) {
    return new AppraisalRecord("default", Instant.EPOCH, List.of(subs));
  }

  @Test
  void aPcrMismatchNamesTheIndexWithExpectedAndObservedDigests() {
    AppraisalRecord r =
        record(
            sub(
                "cpu0",
                Map.of("executables", 97, "hardware", 2),
                List.of(
                    check(
                        "az-snp-vtpm.tpm.pcr04",
                        "snp_pcr04",
                        text(OBSERVED),
                        Status.FOUND,
                        array(EXPECTED)),
                    check(
                        "az-snp-vtpm.tpm.pcr11",
                        "snp_pcr11",
                        text(EXPECTED),
                        Status.FOUND,
                        array(EXPECTED)))));

    assertThat(AppraisalLogLine.describe(r))
        .isEqualTo(
            "status=contraindicated failed=[executables] missing=[] pcr04 expected=["
                + EXPECTED
                + "] observed="
                + OBSERVED);
  }

  @Test
  void otherChecksUseTheClaimPathAndExpiredAndMissingValuesAreMarked() {
    AppraisalRecord r =
        record(
            sub(
                "cpu0",
                Map.of("executables", 33),
                List.of(
                    check(
                        "az-snp-vtpm.measurement",
                        "measurement",
                        text("aa"),
                        Status.EXPIRED,
                        array("aa")),
                    check("az-snp-vtpm.tpm.pcr12", "snp_pcr12", text("bb"), Status.ABSENT, null))));

    assertThat(AppraisalLogLine.describe(r))
        .isEqualTo(
            "status=warning failed=[executables] missing=[snp_pcr12]"
                + " az-snp-vtpm.measurement expected=[aa](expired) observed=aa");
  }

  @Test
  void severalSubmodulesArePrefixedAndTheWorstStatusWins() {
    AppraisalRecord r =
        record(
            sub("cpu0", Map.of("executables", 2), List.of()),
            sub(
                "gpu0",
                Map.of("hardware", 97),
                List.of(check("nvidia.pcr3", "gpu_pcr3", text("x"), Status.FOUND, array("y")))));

    assertThat(AppraisalLogLine.describe(r))
        .isEqualTo(
            "status=contraindicated failed=[gpu0.hardware] missing=[]"
                + " gpu0.pcr3 expected=[y] observed=x");
  }

  @Test
  void untrustedValuesCannotBreakTheLineOrItsGroupsAndAreCut() {
    String forged = "x\nattestation failed: forged, a b";
    String huge = "f".repeat(10_000);
    AppraisalRecord r =
        record(
            sub(
                "cpu0",
                Map.of("executables", 33),
                List.of(
                    check(
                        "az-snp-vtpm.tpm.pcr11",
                        "snp_pcr11",
                        text(forged),
                        Status.FOUND,
                        array("1", "2", "3", "4", "5", "6", huge)),
                    check("sample.svn", "svn", text(huge), Status.FOUND, array("0")))));

    String line = AppraisalLogLine.describe(r);

    assertThat(line)
        .doesNotContain("\n")
        .contains(
            "pcr11 expected=[1,2,3,4,+3 more] observed="
                + "x\\nattestation\\u0020failed:\\u0020forged\\u002c\\u0020a\\u0020b")
        .contains("sample.svn expected=[0] observed=" + "f".repeat(160) + "…(10000\\u0020chars)");
    assertThat(line.length()).isLessThan(1000);
  }

  @Test
  void atMostSixteenComparisonsAreWritten() {
    List<ReferenceValueCheck> checks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      checks.add(
          check("az-snp-vtpm.tpm.pcr" + i, "snp_pcr" + i, text("o"), Status.FOUND, array("e")));
    }
    String line = AppraisalLogLine.describe(record(sub("cpu0", Map.of("executables", 33), checks)));

    assertThat(line).contains("pcr15 expected=[e] observed=o +4 more").doesNotContain("pcr16");
  }

  @Test
  void aSpaceInsideAValueIsEscapedWithoutAmbiguity() throws Exception {
    // a literal backslash-u sequence in the input stays distinguishable from the escape
    JsonNode v = JSON.readTree("\"\\\\u0020 \"");
    AppraisalRecord r =
        record(
            sub(
                "cpu0",
                Map.of("executables", 33),
                List.of(check("c.pcr1", "r", v, Status.FOUND, array("e")))));

    assertThat(AppraisalLogLine.describe(r)).endsWith("observed=\\\\u0020\\u0020");
  }
}
