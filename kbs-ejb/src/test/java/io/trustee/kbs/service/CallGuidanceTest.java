package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The directions in the errors for the source document's hand-typed calls: each names the path to
 * call instead and the guest flow (AA/CDH, /kbs/v0/auth → attest → resource).
 */
class CallGuidanceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anUnknownKbsPathListsEveryGuestEndpointAndTheGuestFlow() {
    String d = CallGuidance.unknownKbsPath("attestation");

    assertThat(d)
        .startsWith("plugin 'attestation' not found: there is no KBS endpoint /kbs/v0/attestation")
        .contains(
            "POST /kbs/v0/auth",
            "POST /kbs/v0/attest",
            "GET /kbs/v0/resource/<repository>/<type>/<tag>",
            "admin: GET|POST /kbs/v0/attestation-policy",
            "attestation agent (AA)",
            "confidential data hub (CDH)");
  }

  @Test
  void echoedSegmentsAreCutAndPrintable() {
    String d = CallGuidance.unknownKbsPath("x".repeat(500) + "\n\u0000é");

    assertThat(d).contains("x".repeat(128) + "...").doesNotContain("x".repeat(129));
    assertThat(CallGuidance.unknownKbsPath("a\nb\u0000")).contains("'a?b?'");
  }

  @Test
  void aResourceOutsideKbsNamesTheKbsPathAndTheAttestationToken() {
    String d = CallGuidance.resourceOutsideKbs("default/security-policy/osc");

    assertThat(d)
        .startsWith(
            "/resource/default/security-policy/osc is not a KBS path: resources are served at"
                + " /kbs/v0/resource/default/security-policy/osc, and only to a guest that"
                + " attested")
        .contains("attestation token that POST /kbs/v0/attest returns")
        .doesNotContain("exactly three segments");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysecret/key1", "one", ""})
  void aResourcePathWithoutThreeSegmentsIsExplained(String rest) {
    assertThat(CallGuidance.resourceOutsideKbs(rest))
        .contains("/kbs/v0/resource/" + rest)
        .contains("exactly three segments <repository>/<type>/<tag>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"tee\":\"azsnpvtpm\"}", "{}", "[]", "\"x\""})
  void anAttestationBodyWithoutVerificationRequestsGetsDirections(String body) throws Exception {
    assertThat(CallGuidance.attestationApiBody(JSON.readTree(body)))
        .hasValueSatisfying(
            d ->
                assertThat(d)
                    .contains(
                        "POST /attestation is the attestation-service API",
                        "\"verification_requests\"",
                        "{\"tee\":\"azsnpvtpm\"} carries no evidence",
                        "POST /kbs/v0/auth -> POST /kbs/v0/attest"));
    assertThat(CallGuidance.attestationApiBody(null)).isPresent();
  }

  @Test
  void aRealAsRequestIsLeftToTheParser() throws Exception {
    assertThat(CallGuidance.attestationApiBody(JSON.readTree("{\"verification_requests\":[]}")))
        .isEmpty();
  }

  @Test
  void theAsApiReaderAnswersTheSimplifiedCallWithA400ThatGivesDirections() {
    assertThatThrownBy(
            () ->
                AttestationApiService.request(
                    "{\"tee\":\"azsnpvtpm\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            KbsException.class,
            e -> {
              assertThat(e.error()).isEqualTo(KbsError.AttestationError);
              assertThat(e.refusal()).contains(KbsException.Refusal.INVALID_INPUT);
              assertThat(e.detail()).contains("POST /attestation is the attestation-service API");
            });
    // a request in the AS format still gets the parser's field-level error
    assertThatThrownBy(
            () ->
                AttestationApiService.request(
                    "{\"verification_requests\":[{\"tee\":\"sample\"}],\"policy_ids\":[]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            KbsException.class,
            e ->
                assertThat(e.detail())
                    .startsWith("invalid request: ")
                    .contains("verification_requests[0].evidence")
                    .doesNotContain("attestation-service API"));
  }

  @Test
  void onlyTheAsApiPathsGetAHintOnAnAdminRefusal() {
    assertThat(CallGuidance.adminRefusalHint("/attestation"))
        .hasValueSatisfying(h -> assertThat(h).contains("administrators", "POST /kbs/v0/auth"));
    assertThat(CallGuidance.adminRefusalHint("/challenge")).isPresent();
    assertThat(CallGuidance.adminRefusalHint("/kbs/v0/resource-policy")).isEmpty();
  }
}
