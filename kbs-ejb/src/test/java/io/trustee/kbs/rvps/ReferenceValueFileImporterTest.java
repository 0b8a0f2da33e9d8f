package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.rvps.ReferenceValueFileImporter.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReferenceValueFileImporterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final String TCB_RECORD =
      "{\"version\":\"0.1.0\",\"name\":\"tcb_snp\","
          + "\"expiration\":\"2027-06-30T00:00:00Z\",\"value\":[\"24\",\"25\"]}";

  static ReferenceValueFileImporter.Result parse(String s) throws Exception {
    return ReferenceValueFileImporter.parse(s.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void r1HashValueRecords() throws Exception {
    var r =
        parse(
            "[{\"version\":\"0.1.0\",\"name\":\"snp_pcr11\","
                + "\"expiration\":\"2027-06-30T00:00:00Z\",\"hash-value\":["
                + "{\"alg\":\"sha256\",\"value\":\"3f6ce01a\"},{\"alg\":\"sha256\",\"value\":\"9b2077d4\"}]},"
                + "{\"name\":\"old\",\"expiration\":\"2025-01-01T00:00:00Z\",\"hash-value\":[]}]");
    assertThat(r.format()).isEqualTo(Format.R1_HASH_VALUE);
    assertThat(r.values().get(0).value()).isEqualTo(JSON.readTree("[\"3f6ce01a\",\"9b2077d4\"]"));
    assertThat(r.values().get(0).expiration()).isEqualTo(Instant.parse("2027-06-30T00:00:00Z"));
    assertThat(r.warnings()).singleElement().asString().contains("'old' expired");
  }

  @Test
  void r2ValueRecords() throws Exception {
    var r =
        parse(
            "["
                + TCB_RECORD
                + ",{\"name\":\"smt_enabled\","
                + "\"expiration\":\"2027-06-30T00:00:00Z\",\"value\":[\"true\"]}]");
    assertThat(r.format()).isEqualTo(Format.R2_VALUE);
    assertThat(r.values())
        .extracting(ReferenceValue::name)
        .containsExactly("tcb_snp", "smt_enabled");
  }

  @Test
  void r3InEveryBase64Variant() throws Exception {
    byte[] rec = TCB_RECORD.getBytes(StandardCharsets.UTF_8);
    for (String enc :
        new String[] {
          Base64.getUrlEncoder().encodeToString(rec),
          Base64.getEncoder().encodeToString(rec),
          Base64.getUrlEncoder().withoutPadding().encodeToString(rec)
        }) {
      var r = parse("{\"tcb_snp\":\"" + enc + "\"}");
      assertThat(r.format()).isEqualTo(Format.R3_BASE64);
      assertThat(r.values().get(0).value()).isEqualTo(JSON.readTree("[\"24\",\"25\"]"));
    }
    // the upstream example in kbs-config.md §5.3 (standard alphabet, padded)
    var r =
        parse(
            "{\"tcb_snp\":\"eyJ2ZXJzaW9uIjoiMC4xLjAiLCJuYW1lIjoidGNiX3NucCIsImV4cGlyYXRpb24"
                + "iOiIyMDI3LTA2LTMwVDAwOjAwOjAwWiIsInZhbHVlIjpbIjI0IiwiMjUiXX0=\"}");
    assertThat(r.values().get(0).name()).isEqualTo("tcb_snp");
  }

  @Test
  void r3UnencodedTakesMemberNameAsName() throws Exception {
    var r = parse("{\"svn\":{\"expiration\":\"2027-06-30T00:00:00Z\",\"value\":1}}");
    assertThat(r.format()).isEqualTo(Format.R3_UNENCODED);
    assertThat(r.values().get(0).name()).isEqualTo("svn");
  }

  @Test
  void r4AndSamplePayload() throws Exception {
    var r4 = parse("[{\"name\":\"azure-vtpm-snp\",\"pcrs\":{\"11\":\"" + "a".repeat(64) + "\"}}]");
    assertThat(r4.format()).isEqualTo(Format.R4_RUNBOOK);
    assertThat(r4.explicitExpiry()).isFalse();
    assertThat(r4.values().get(0).name()).isEqualTo("snp_pcr11");
    var sample = parse("{\"tcb_snp\":[\"24\"],\"svn\":1}");
    assertThat(sample.format()).isEqualTo(Format.SAMPLE_PAYLOAD);
    assertThat(sample.values()).hasSize(2);
  }

  @Test
  void emptyMeansNoValues() throws Exception {
    for (String s : new String[] {"", "  \n", "[]", "{}"}) {
      assertThat(parse(s).values()).as(s).isEmpty();
    }
  }

  @Test
  void badFilesNameTheField() {
    String[][] cases = {
      {"[1]", "[0]"},
      {"[{\"name\":\"a\",\"expiration\":\"2027-06-30\",\"value\":1}]", "[0].expiration"},
      {"{\"tcb_snp\":\"***\"}", "tcb_snp"},
      {
        "{\"other\":\"" + Base64.getEncoder().encodeToString(TCB_RECORD.getBytes()) + "\"}",
        "other.name"
      },
      {"[" + TCB_RECORD + "," + TCB_RECORD + "]", "tcb_snp"},
      {"42", "$"},
      {"{\"a\":", "file"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0]))
          .as(c[0])
          .isInstanceOf(InvalidReferenceValueException.class)
          .extracting(e -> ((InvalidReferenceValueException) e).field())
          .isEqualTo(c[1]);
    }
  }
}
