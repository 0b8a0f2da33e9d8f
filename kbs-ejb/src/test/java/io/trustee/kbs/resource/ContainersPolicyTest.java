package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainersPolicyTest {
  private static final String GPG =
      "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"kbs:///default/gpg-keys/quay-io\"}";

  private static void valid(String json) {
    assertThatCode(() -> ContainersPolicy.validate(json.getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
  }

  private static InvalidContainersPolicyException invalid(String json) {
    try {
      ContainersPolicy.validate(json.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidContainersPolicyException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void acceptsRejectByDefaultWithSignedRegistries() {
    valid(
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{"
            + "\"quay.io\":["
            + GPG
            + "],"
            + "\"registry.redhat.io\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
            + "\"keyPaths\":[\"/a\",\"/b\"],\"signedIdentity\":{\"type\":\"matchRepository\"}}],"
            + "\"docker.io/library/busybox\":[{\"type\":\"insecureAcceptAnything\"}],"
            + "\"\":[{\"type\":\"signedBy\",\"keyType\":\"signedByGPGKeys\",\"keyData\":\"AAEC\"}]}}}");
  }

  @Test
  void acceptsTheUpstreamInsecureExample() {
    valid("{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
  }

  @Test
  void acceptsSigstoreAndIdentityForms() {
    valid(
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyData\":\"AAEC\","
            + "\"rekorPublicKeyPath\":\"/r\",\"signedIdentity\":{\"type\":\"remapIdentity\","
            + "\"prefix\":\"quay.io/a\",\"signedPrefix\":\"quay.io/b\"}}]}");
    valid(
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":\"/ca\"},"
            + "\"signedIdentity\":{\"type\":\"exactReference\",\"dockerReference\":\"quay.io/a:1\"}}]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "default missing                | {\"transports\":{}}                                   | $",
        "default not an array           | {\"default\":{\"type\":\"reject\"}}                  | $.default",
        "default empty                  | {\"default\":[]}                                      | $.default",
        "unknown top-level member       | {\"default\":[{\"type\":\"reject\"}],\"x\":1}         | $.x",
        "requirement without type       | {\"default\":[{}]}                                    | $.default[0]",
        "unknown requirement type       | {\"default\":[{\"type\":\"accept\"}]}                 | $.default[0].type",
        "type not a string              | {\"default\":[{\"type\":1}]}                          | $.default[0].type",
        "reject with extra member       | {\"default\":[{\"type\":\"reject\",\"keyPath\":\"/k\"}]} | $.default[0].keyPath",
        "signedBy without keyType       | {\"default\":[{\"type\":\"signedBy\",\"keyPath\":\"/k\"}]} | $.default[0]",
        "signedBy unknown keyType       | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPG\",\"keyPath\":\"/k\"}]} | $.default[0].keyType",
        "signedBy without key           | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\"}]} | $.default[0]",
        "signedBy two key sources       | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"keyData\":\"AAEC\"}]} | $.default[0]",
        "keyPaths empty                 | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[]}]} | $.default[0].keyPaths",
        "keyData not base64             | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyData\":\"not base64!\"}]} | $.default[0].keyData",
        "unknown identity type          | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"any\"}}]} | $.default[0].signedIdentity.type",
        "exactReference without ref     | {\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"exactReference\"}}]} | $.default[0].signedIdentity",
        "sigstore without key           | {\"default\":[{\"type\":\"sigstoreSigned\"}]}         | $.default[0]",
        "transports not an object       | {\"default\":[{\"type\":\"reject\"}],\"transports\":[]} | $.transports",
        "scope with empty requirements  | {\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"quay.io\":[]}}} | $.transports.docker[\"quay.io\"]",
        "scope requirement wrong        | {\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"quay.io\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\"}]}}} | $.transports.docker[\"quay.io\"][0]",
      })
  void namesTheJsonPathOfTheError(String why, String json, String path) {
    InvalidContainersPolicyException e = invalid(json);
    assertThat(e.jsonPath()).as(why).isEqualTo(path);
    assertThat(e.getMessage()).startsWith(path + ": ");
  }

  @Test
  void refusesMalformedJsonWithItsPosition() {
    InvalidContainersPolicyException e = invalid("{\"default\": [\n  {\"type\": \"reject\"},\n]}");
    assertThat(e.jsonPath()).isEqualTo("$");
    assertThat(e.getMessage()).contains("not valid JSON").contains("line 3");
  }

  @Test
  void refusesDuplicateMembersTrailingContentAndNonObjects() {
    assertThat(invalid("{\"default\":[{\"type\":\"reject\"}],\"default\":[]}").getMessage())
        .contains("Duplicate field");
    assertThat(invalid("{\"default\":[{\"type\":\"reject\"}]} {}").getMessage())
        .contains("not valid JSON");
    assertThat(invalid("[]").getMessage()).isEqualTo("$: must be a JSON object");
    assertThat(invalid("").getMessage()).startsWith("$: ");
  }

  @Test
  void aSecurityPolicyIsTheTypeSegment() {
    assertThat(ContainersPolicy.isSecurityPolicy(ResourcePath.parse("default/security-policy/osc")))
        .isTrue();
    assertThat(ContainersPolicy.isSecurityPolicy(ResourcePath.parse("security-policy/keys/osc")))
        .isFalse();
    assertThat(ContainersPolicy.isSecurityPolicy(ResourcePath.parse("default/gpg-keys/quay-io")))
        .isFalse();
  }
}
