package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferenceValueServiceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final String MEASUREMENT =
      "agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe";

  final InMemoryReferenceValueRepository repo = new InMemoryReferenceValueRepository();
  final ReferenceValueService service =
      new ReferenceValueService(
          repo, ProvenanceVerifier.unsignedAllowed(), Clock.fixed(NOW, ZoneOffset.UTC));

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String message(String type, String payloadText) {
    ObjectNode m = JSON.createObjectNode();
    m.put("version", "0.1.0").put("type", type).put("payload", b64(payloadText));
    return m.toString();
  }

  /** The sample payload of rvps.md §5 that makes the v1 test evidence affirming. */
  static String affirmingSamplePayload() {
    return "{\"measurement\":[\""
        + MEASUREMENT
        + "\"],"
        + "\"snp_pcr11\":[\""
        + "0".repeat(64)
        + "\"],"
        + "\"tcb_bootloader\":[\"4\"],\"tcb_tee\":[\"0\"],\"tcb_snp\":[\"24\"],"
        + "\"tcb_microcode\":[\"219\"],\"smt_enabled\":[\"true\"],\"tsme_enabled\":[\"false\"],"
        + "\"abi_major\":[\"0\"],\"abi_minor\":[\"31\"],\"single_socket\":[\"false\"],"
        + "\"smt_allowed\":[\"true\"]}";
  }

  @Test
  void registersSampleMessage() throws Exception {
    List<ReferenceValue> stored = service.register(message("sample", affirmingSamplePayload()));
    assertThat(stored).hasSize(12);
    assertThat(service.query("measurement")).contains(JSON.readTree("[\"" + MEASUREMENT + "\"]"));
    assertThat(service.find("tcb_snp").orElseThrow().expiration())
        .isEqualTo(Instant.parse("2027-11-29T12:00:00Z"));
    assertThat(service.list()).hasSize(12);
  }

  @Test
  void versionIsOptionalButOnlyZeroOneZero() throws Exception {
    String noVersion = "{\"type\":\"sample\",\"payload\":\"" + b64("{\"svn\":[1]}") + "\"}";
    assertThat(service.register(noVersion)).extracting(ReferenceValue::name).containsExactly("svn");
    String other = "{\"version\":\"0.2.0\",\"type\":\"sample\",\"payload\":\"\"}";
    assertThatThrownBy(() -> service.register(other))
        .isInstanceOf(InvalidReferenceValueException.class)
        .hasMessageContaining("version: version unmatched");
  }

  @Test
  void rejectsBadMessagesAndStoresNothing() {
    List<String> bad =
        List.of(
            "not json",
            "{\"type\":\"intoto\",\"payload\":\"e30=\"}",
            "{\"type\":\"sample\",\"provenance\":\"e30=\"}",
            "{\"type\":\"sample\",\"payload\":\"%%%\"}",
            "{\"type\":\"sample\",\"payload\":\"" + b64("[1,2]") + "\"}",
            "{\"type\":\"sample\"}",
            "{\"type\":\"sample\",\"payload\":42}");
    List<String> fields =
        List.of("body", "type", "provenance", "payload", "payload", "payload", "payload");
    for (int i = 0; i < bad.size(); i++) {
      String body = bad.get(i);
      assertThatThrownBy(() -> service.register(body))
          .as(body)
          .isInstanceOf(InvalidReferenceValueException.class)
          .extracting(e -> ((InvalidReferenceValueException) e).field())
          .isEqualTo(fields.get(i));
    }
    assertThat(service.list()).isEmpty();
  }

  @Test
  void registersRunbookArrayAndRunbookMessage() throws Exception {
    String runbook =
        "[{\"name\":\"azure-vtpm-snp\",\"pcrs\":{\"11\":\"" + "AB".repeat(32) + "\"}}]";
    assertThat(service.register(runbook))
        .extracting(ReferenceValue::name)
        .containsExactly("snp_pcr11");
    assertThat(service.query("snp_pcr11")).contains(JSON.readTree("[\"" + "ab".repeat(32) + "\"]"));
    assertThat(
            service.register(
                message(
                    "runbook",
                    "[{\"name\":\"tpm\",\"pcrs\":{\"7\":\"" + "cd".repeat(32) + "\"}}]")))
        .extracting(ReferenceValue::name)
        .containsExactly("tpm_pcr07");
  }

  @Test
  void requireSignedRefusesUnsignedMessageAndBareRunbook() throws Exception {
    KeyPair key = ProvenanceVerifierTest.ec("secp256r1");
    ReferenceValueService strict =
        new ReferenceValueService(
            repo, ProvenanceVerifierTest.verifier(true, key), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> strict.register(message("sample", "{\"svn\":[1]}")))
        .isInstanceOf(UnsignedProvenanceException.class);
    assertThatThrownBy(() -> strict.register("[{\"name\":\"tpm\",\"pcrs\":{}}]"))
        .isInstanceOf(UnsignedProvenanceException.class)
        .hasMessageContaining("bare runbook");
    RegistrationMessage m =
        new RegistrationMessage(null, "sample", b64("{\"svn\":[1]}"), Optional.empty());
    String sig = ProvenanceVerifierTest.sign(m, JWSAlgorithm.ES256, key.getPrivate());
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "sample").put("payload", m.payload()).put("signature", sig);
    assertThat(strict.register(body.toString()))
        .extracting(ReferenceValue::name)
        .containsExactly("svn");
    body.put("payload", b64("{\"svn\":[0]}"));
    assertThatThrownBy(() -> strict.register(body.toString()))
        .isInstanceOf(ProvenanceException.class);
    assertThat(strict.query("svn")).contains(JSON.readTree("[1]"));
  }

  @Test
  void expiredValuesAreReturnedByQueryButNotToAppraisal() throws Exception {
    repo.store(
        new ReferenceValue(
            "tcb_snp", JSON.readTree("[\"24\"]"), Instant.parse("2026-01-01T00:00:00Z"), null));
    repo.store(
        new ReferenceValue(
            "tcb_tee", JSON.readTree("[\"0\"]"), Instant.parse("2027-01-01T00:00:00Z"), null));

    assertThat(service.query("tcb_snp")).isPresent();
    ReferenceValueLookupResult expired = service.lookupForAppraisal("tcb_snp");
    assertThat(expired.status()).isEqualTo(ReferenceValueLookupResult.Status.EXPIRED);
    assertThat(expired.valueForPolicy()).isEmpty();
    assertThat(service.lookupForAppraisal("tcb_tee").valueForPolicy())
        .contains(JSON.readTree("[\"0\"]"));
    assertThat(service.lookupForAppraisal("nope").status())
        .isEqualTo(ReferenceValueLookupResult.Status.ABSENT);
    assertThat(service.expired()).extracting(ReferenceValue::name).containsExactly("tcb_snp");
  }

  @Test
  void deleteAndHistory() throws Exception {
    service.register(message("sample", "{\"svn\":[1]}"));
    service.register(message("sample", "{\"svn\":[1,2]}"));
    assertThat(service.history("svn")).hasSize(2);
    assertThat(service.delete("svn")).isTrue();
    assertThat(service.query("svn")).isEmpty();
    // newest first: the deletion (of the last value), then the two stores
    assertThat(service.history("svn"))
        .extracting(ReferenceValueHistoryEntry::event)
        .containsExactly(
            ReferenceValueHistoryEntry.Event.DELETED,
            ReferenceValueHistoryEntry.Event.STORED,
            ReferenceValueHistoryEntry.Event.STORED);
    assertThat(service.history("svn").get(0).value().value()).isEqualTo(JSON.readTree("[1,2]"));
    assertThat(service.history("svn").get(0).source()).isEmpty();
    assertThat(service.history("nope")).isEmpty();
  }
}
