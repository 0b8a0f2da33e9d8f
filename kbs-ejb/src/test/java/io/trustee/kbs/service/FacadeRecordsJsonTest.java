package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trustee.kbs.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The admin façades return records; their JSON (written by the web layer with {@link Json}) keeps
 * the member names and order the endpoints had when the façades built Jackson trees by hand.
 */
class FacadeRecordsJsonTest {

  static String json(Object o) throws Exception {
    return Json.mapper().writeValueAsString(o);
  }

  @Test
  void kekStatus() throws Exception {
    Map<String, Long> secrets = new LinkedHashMap<>();
    secrets.put("k2", 3L);
    secrets.put("k1", 1L);
    assertThat(
            json(
                new KekStatus("k2", List.of("k2", "k1"), secrets, new TreeMap<>(Map.of("k2", 1L)))))
        .isEqualTo(
            "{\"active_kek\":\"k2\",\"known_keks\":[\"k2\",\"k1\"],"
                + "\"secrets_by_kek\":{\"k2\":3,\"k1\":1},\"signing_keys_by_kek\":{\"k2\":1}}");
  }

  @Test
  void kekRewrapReport() throws Exception {
    assertThat(
            json(
                new KekRewrapReport(
                    "k2",
                    100,
                    new KekRewrapReport.Secrets(1, 4, 2, 1, 0, 1),
                    new KekRewrapReport.SigningKeys(2, 1, 1, 0, 0),
                    List.of("default/key/x"))))
        .isEqualTo(
            "{\"active_kek\":\"k2\",\"batch_size\":100,\"secrets\":{\"batches\":1,"
                + "\"examined\":4,\"rewrapped\":2,\"already_current\":1,\"changed_concurrently\":0,"
                + "\"failed\":1},\"signing_keys\":{\"examined\":2,\"rewrapped\":1,\"already_current\":1,"
                + "\"changed_concurrently\":0,\"failed\":0},\"failures\":[\"default/key/x\"]}");
  }

  @Test
  void tokenKeyRingOmitsRetiredAtOfUnretiredKeys() throws Exception {
    assertThat(
            json(
                new TokenKeyRingView(
                    "b",
                    "PT5M",
                    List.of(
                        new TokenKeyRingView.Key(
                            "b",
                            "ES256",
                            "active",
                            "generated",
                            "k1",
                            "2026-01-02T00:00:00Z",
                            "2026-01-02T00:00:00Z",
                            null),
                        new TokenKeyRingView.Key(
                            "a",
                            "ES256",
                            "verifying",
                            "file",
                            "k1",
                            "2026-01-01T00:00:00Z",
                            "2026-01-01T00:00:00Z",
                            "2026-01-02T00:00:00Z")))))
        .isEqualTo(
            "{\"active\":\"b\",\"retired_keys_verify_for\":\"PT5M\",\"keys\":["
                + "{\"kid\":\"b\",\"alg\":\"ES256\",\"state\":\"active\",\"source\":\"generated\","
                + "\"kek_id\":\"k1\",\"created_at\":\"2026-01-02T00:00:00Z\","
                + "\"activated_at\":\"2026-01-02T00:00:00Z\"},"
                + "{\"kid\":\"a\",\"alg\":\"ES256\",\"state\":\"verifying\",\"source\":\"file\","
                + "\"kek_id\":\"k1\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"activated_at\":\"2026-01-01T00:00:00Z\",\"retired_at\":\"2026-01-02T00:00:00Z\"}]}");
  }

  @Test
  void referenceValues() throws Exception {
    assertThat(
            json(
                List.of(
                    new ReferenceValueListing(
                        "snp_pcr11", "2027-01-01T00:00:00Z", false, TextNode.valueOf("ab")))))
        .isEqualTo(
            "[{\"name\":\"snp_pcr11\",\"expiration\":\"2027-01-01T00:00:00Z\","
                + "\"expired\":false,\"value\":\"ab\",\"source\":\"api\"}]");
    assertThat(
            json(
                List.of(
                    new ReferenceValueVersion(
                        "2026-01-01T00:00:00Z",
                        "stored",
                        "api",
                        "0.1.0",
                        "2027-01-01T00:00:00Z",
                        IntNode.valueOf(7)))))
        .isEqualTo(
            "[{\"recorded_at\":\"2026-01-01T00:00:00Z\",\"event\":\"stored\","
                + "\"source\":\"api\",\"version\":\"0.1.0\",\"expiration\":\"2027-01-01T00:00:00Z\","
                + "\"value\":7}]");
  }
}
