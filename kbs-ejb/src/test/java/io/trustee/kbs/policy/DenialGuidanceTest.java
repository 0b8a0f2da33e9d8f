package io.trustee.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DenialGuidanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  private static final String SAMPLE_CLAIMS =
      "{'submods':{'cpu0':{'ear.status':'warning',"
          + "'ear.veraison.annotated-evidence':{'sample':{'svn':'1'}}}}}";
  private static final String AZURE_CLAIMS =
      "{'submods':{'cpu0':{'ear.status':'warning',"
          + "'ear.veraison.annotated-evidence':{'az-snp-vtpm':{'measurement':'abc'}}}}}";

  @Test
  void theSampleTeeUnderTheBuiltInDefaultPolicyIsToldSoAndNothingElse() throws Exception {
    JsonNode summary =
        json("{'submods':{'cpu0':{'missing_reference_values':['launch_digest','svn']}}}");
    assertThat(DenialGuidance.of(true, json(SAMPLE_CLAIMS), summary, 7L))
        .isEqualTo(
            "; the default resource policy does not release secrets to the sample TEE;"
                + " see README 'Try it'");
  }

  @Test
  void theSampleTeeUnderAnotherPolicyGetsTheReferenceValueGuidanceInstead() throws Exception {
    JsonNode summary =
        json("{'submods':{'cpu0':{'failed_checks':[],'missing_reference_values':['svn']}}}");
    assertThat(DenialGuidance.of(false, json(SAMPLE_CLAIMS), summary, 7L))
        .doesNotContain("sample TEE")
        .contains("reference values not registered: svn", "`kbs-client promote 7`");
  }

  @Test
  void missingReferenceValuesAreNamedWithTheCommandsThatRegisterThem() throws Exception {
    JsonNode summary =
        json(
            "{'submods':{'cpu0':{'failed_checks':[],"
                + "'missing_reference_values':['measurement','snp_pcr11','tcb_snp']},"
                + "'gpu0':{'missing_reference_values':['measurement','gpu_x']}}}");
    assertThat(DenialGuidance.of(false, json(AZURE_CLAIMS), summary, 42L))
        .isEqualTo(
            "; reference values not registered: measurement, snp_pcr11, tcb_snp, gpu_x (an"
                + " administrator registers this guest's measurement and PCRs after review with"
                + " `kbs-client promote 42`, other values with `kbs-client register-rv`)");
  }

  @Test
  void failedChecksPointAtTheAppraisalDiff() throws Exception {
    JsonNode summary =
        json(
            "{'submods':{'cpu0':{'failed_checks':['snp_pcr11 mismatch'],"
                + "'missing_reference_values':[]}}}");
    assertThat(DenialGuidance.of(true, json(AZURE_CLAIMS), summary, 5L))
        .isEqualTo("; expected and observed values: `kbs-client appraisal 5`");
  }

  @Test
  void nothingToSayWithoutAnAppraisalOrWithNothingMissingOrFailed() throws Exception {
    assertThat(DenialGuidance.of(true, json(AZURE_CLAIMS), null, null)).isEmpty();
    assertThat(DenialGuidance.of(false, json("{}"), null, null)).isEmpty();
    JsonNode clean =
        json("{'submods':{'cpu0':{'failed_checks':[],'missing_reference_values':[]}}}");
    assertThat(DenialGuidance.of(false, json(AZURE_CLAIMS), clean, 3L)).isEmpty();
    // a refused appraisal's summary has no submods
    assertThat(DenialGuidance.of(false, json(AZURE_CLAIMS), json("{'refused':'x'}"), 3L)).isEmpty();
  }
}
