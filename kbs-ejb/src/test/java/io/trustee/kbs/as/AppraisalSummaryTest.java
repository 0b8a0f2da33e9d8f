package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.store.AppraisalOutline;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.StoredAppraisal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppraisalSummaryTest {
  private static final Instant TO = Instant.parse("2026-12-06T12:00:00Z");
  private static final Instant FROM = TO.minus(Duration.ofHours(1));
  private static final Duration BUCKET = Duration.ofMinutes(5);

  private static AppraisalOutline outline(long id, int minutesAgo, AppraisalStatus s) {
    return new AppraisalOutline(id, TO.minus(Duration.ofMinutes(minutesAgo)), "az-snp-vtpm", s);
  }

  private static StoredAppraisal failed(long id, String earStatus, String claim) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    ObjectNode sub = record.putObject("public_summary").putObject("submods").putObject("cpu0");
    sub.put("ear.status", earStatus);
    sub.putObject("claims").put(claim, 96);
    return new StoredAppraisal(
        id, "s" + id, "t", FROM, "az-snp-vtpm", AppraisalStatus.NOT_AFFIRMING, record);
  }

  private static StoredAppraisal refused(long id, String check) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.putObject("refused").put("check", check);
    return new StoredAppraisal(id, "s", "-", FROM, "az-snp-vtpm", AppraisalStatus.REFUSED, record);
  }

  @Test
  void countsEachOutcomePerBucketAndNamesTheMostFrequentFailures() {
    List<AppraisalOutline> outlines =
        List.of(
            outline(1, 59, AppraisalStatus.AFFIRMING),
            outline(2, 58, AppraisalStatus.NOT_AFFIRMING),
            outline(3, 3, AppraisalStatus.NOT_AFFIRMING),
            outline(4, 2, AppraisalStatus.REFUSED),
            outline(5, 1, AppraisalStatus.NOT_AFFIRMING),
            outline(6, 0, AppraisalStatus.AFFIRMING));
    List<StoredAppraisal> bodies =
        List.of(
            failed(2, "contraindicated", "executables"),
            failed(3, "warning", "hardware"),
            failed(5, "contraindicated", "executables"),
            refused(4, "snp.report.signature"));

    JsonNode s = AppraisalSummary.of(outlines, bodies, FROM, TO, BUCKET, true);

    assertThat(s.path("buckets")).hasSize(12);
    assertThat(s.path("totals").toString())
        .isEqualTo(
            "{\"affirming\":2,\"warning\":1,\"contraindicated\":2,\"refused\":1,"
                + "\"not_affirming\":0}");
    JsonNode first = s.path("buckets").get(0);
    assertThat(first.path("start").asText()).isEqualTo("2026-12-06T11:00:00Z");
    assertThat(first.path("affirming").asLong()).isEqualTo(1);
    assertThat(first.path("contraindicated").asLong()).isEqualTo(1);
    JsonNode last = s.path("buckets").get(11);
    assertThat(last.path("warning").asLong()).isEqualTo(1);
    assertThat(last.path("refused").asLong()).isEqualTo(1);
    assertThat(last.path("contraindicated").asLong()).isEqualTo(1);
    assertThat(last.path("affirming").asLong())
        .as("a record at the end of the window")
        .isEqualTo(1);
    assertThat(s.path("top_failed_claims").toString())
        .isEqualTo(
            "[{\"name\":\"cpu0.executables\",\"count\":2},{\"name\":\"cpu0.hardware\",\"count\":1}]");
    assertThat(s.path("top_refused_checks").get(0).path("name").asText())
        .isEqualTo("snp.report.signature");
    assertThat(s.path("split_complete").asBoolean()).isTrue();
    assertThat(s.path("complete").asBoolean()).isTrue();
  }

  @Test
  void notAffirmingRecordsWithoutABodyAreCountedUnsplitAndSaidSo() {
    JsonNode s =
        AppraisalSummary.of(
            List.of(outline(9, 10, AppraisalStatus.NOT_AFFIRMING)),
            List.of(),
            FROM,
            TO,
            BUCKET,
            false);
    assertThat(s.path("totals").path("not_affirming").asLong()).isEqualTo(1);
    assertThat(s.path("split_complete").asBoolean()).isFalse();
    assertThat(s.path("complete").asBoolean()).isFalse();
  }

  @Test
  void recordsOutsideTheWindowAreLeftOut() {
    JsonNode s =
        AppraisalSummary.of(
            List.of(
                outline(1, 61, AppraisalStatus.AFFIRMING),
                outline(2, -1, AppraisalStatus.AFFIRMING)),
            List.of(),
            FROM,
            TO,
            BUCKET,
            true);
    assertThat(s.path("totals").path("affirming").asLong()).isZero();
  }

  @Test
  void anEmptyWindowIsRefused() {
    assertThatThrownBy(() -> AppraisalSummary.of(List.of(), List.of(), TO, TO, BUCKET, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
