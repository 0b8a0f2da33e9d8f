package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunbookDocumentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final String D3 = "3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969";
  static final String D11 = "5d3a" + "0".repeat(56) + "1234";

  static Map<String, JsonNode> map(RunbookDocument.Result r) {
    return r.values().stream()
        .collect(Collectors.toMap(ReferenceValue::name, ReferenceValue::value));
  }

  @Test
  void mapsTheRunbookDocument() throws Exception {
    String doc =
        "[{\"name\":\"azure-vtpm-snp\",\"pcrs\":{\"03\":\""
            + D3
            + "\",\"8\":\"0x"
            + D3.toUpperCase()
            + "\",\"11\":\"sha256:"
            + D11
            + "\"}},"
            + "{\"name\":\"container-images\",\"images\":["
            + "{\"image\":\"quay.io/example/app:1.4\",\"digest\":\"sha256:"
            + D3
            + "\"},"
            + "{\"image\":\"registry.example.com:5000/team/db\",\"digest\":\"sha256:"
            + D11
            + "\"}]},"
            + "{\"name\":\"az-snp-vtpm\",\"pcrs\":{\"11\":[\""
            + D3
            + "\",\""
            + D11
            + "\"]},"
            + "\"note\":\"rotated 2026-11\"},"
            + "{\"name\":\"my-tee\",\"pcrs\":{\"4\":\""
            + D3
            + "\"}}]";
    RunbookDocument.Result r = RunbookDocument.toReferenceValues(JSON.readTree(doc), NOW);
    Map<String, JsonNode> m = map(r);
    assertThat(m.get("snp_pcr03")).isEqualTo(JSON.readTree("[\"" + D3 + "\"]"));
    assertThat(m.get("snp_pcr08")).isEqualTo(JSON.readTree("[\"" + D3 + "\"]"));
    assertThat(m.get("snp_pcr11")).isEqualTo(JSON.readTree("[\"" + D11 + "\",\"" + D3 + "\"]"));
    assertThat(m.get("my_tee_pcr04")).isNotNull();
    assertThat(m.get("container_images"))
        .isEqualTo(
            JSON.readTree("[\"quay.io/example/app:1.4\",\"registry.example.com:5000/team/db\"]"));
    assertThat(m.get("container_image_digests"))
        .isEqualTo(JSON.readTree("[\"sha256:" + D3 + "\",\"sha256:" + D11 + "\"]"));
    assertThat(m.get("container_image_refs"))
        .isEqualTo(
            JSON.readTree(
                "[\"quay.io/example/app@sha256:"
                    + D3
                    + "\","
                    + "\"registry.example.com:5000/team/db@sha256:"
                    + D11
                    + "\"]"));
    assertThat(m.get("az-snp-vtpm.note")).isEqualTo(JSON.readTree("\"rotated 2026-11\""));
    assertThat(r.warnings()).singleElement().asString().contains("'note'");
    assertThat(r.values())
        .allSatisfy(
            v -> assertThat(v.expiration()).isEqualTo(Instant.parse("2027-11-29T12:00:00Z")));
  }

  @Test
  void rejectsBadGroupsNamingTheField() {
    String[][] cases = {
      {"{}", "$"},
      {"[{\"pcrs\":{}}]", "[0].name"},
      {"[{\"name\":\"tpm\",\"pcrs\":{\"24\":\"" + D3 + "\"}}]", "[0].pcrs.24"},
      {"[{\"name\":\"tpm\",\"pcrs\":{\"x\":\"" + D3 + "\"}}]", "[0].pcrs.x"},
      {"[{\"name\":\"tpm\",\"pcrs\":{\"1\":\"abcd\"}}]", "[0].pcrs.1"},
      {"[{\"name\":\"tpm\",\"pcrs\":{\"1\":\"" + D3 + "00\"}}]", "[0].pcrs.1"},
      {"[{\"name\":\"c\",\"images\":[{\"image\":\"a\"}]}]", "[0].images[0].digest"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> RunbookDocument.toReferenceValues(JSON.readTree(c[0]), NOW))
          .as(c[0])
          .isInstanceOf(InvalidReferenceValueException.class)
          .extracting(e -> ((InvalidReferenceValueException) e).field())
          .isEqualTo(c[1]);
    }
  }

  @Test
  void prefixes() {
    assertThat(RunbookDocument.pcrPrefix("azure-vtpm-snp")).isEqualTo("snp");
    assertThat(RunbookDocument.pcrPrefix("az-tdx-vtpm")).isEqualTo("tdx");
    assertThat(RunbookDocument.pcrPrefix("azure-vtpm-tdx")).isEqualTo("tdx");
    assertThat(RunbookDocument.pcrPrefix("tpm")).isEqualTo("tpm");
    assertThat(RunbookDocument.pcrPrefix("gcp-sev-snp")).isEqualTo("gcp_sev_snp");
  }
}
