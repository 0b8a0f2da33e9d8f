package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceValueTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesTheUpstreamRecordFormat() throws Exception {
    ReferenceValue rv =
        new ReferenceValue(
            "measurement",
            JSON.readTree("[\"agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe\"]"),
            Instant.parse("2027-08-21T10:15:30.789Z"),
            null);
    assertThat(JSON.writeValueAsString(rv.toJson()))
        .isEqualTo(
            "{\"version\":\"0.1.0\",\"name\":\"measurement\",\"expiration\":\"2027-08-21T10:15:30Z\","
                + "\"value\":[\"agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe\"]}");
    assertThat(ReferenceValue.fromJson(rv.toJson(), "$", null)).isEqualTo(rv);
  }

  @Test
  void defaultExpiryIsTwelveCalendarMonthsAtSecondPrecision() {
    assertThat(ReferenceValue.defaultExpiration(Instant.parse("2024-02-29T23:59:59.999Z")))
        .isEqualTo(Instant.parse("2025-02-28T23:59:59Z"));
    assertThat(
            ReferenceValue.withDefaultExpiry(
                    "x", JSON.createArrayNode(), Instant.parse("2026-11-29T18:00:00Z"))
                .expiration())
        .isEqualTo(Instant.parse("2027-11-29T18:00:00Z"));
  }

  @Test
  void expirationMustHaveTheExactShape() {
    for (String bad :
        List.of(
            "2027-08-21T10:15:30.5Z",
            "2027-08-21T10:15:30+00:00",
            "2027-08-21 10:15:30Z",
            "2027-13-21T10:15:30Z")) {
      assertThatThrownBy(() -> ReferenceValue.parseExpiration(bad, "[0].expiration"))
          .isInstanceOf(InvalidReferenceValueException.class)
          .hasMessageStartingWith("[0].expiration:")
          .extracting(e -> ((InvalidReferenceValueException) e).field())
          .isEqualTo("[0].expiration");
    }
  }

  @Test
  void rejectsRecordsWithMissingFieldsOrOtherVersion() throws Exception {
    assertThatThrownBy(
            () ->
                ReferenceValue.fromJson(
                    JSON.readTree("{\"name\":\"a\",\"expiration\":\"2027-01-01T00:00:00Z\"}"),
                    "$",
                    null))
        .hasMessage("$.value: missing");
    assertThatThrownBy(
            () ->
                ReferenceValue.fromJson(
                    JSON.readTree(
                        "{\"version\":\"0.2.0\",\"name\":\"a\",\"expiration\":\"2027-01-01T00:00:00Z\","
                            + "\"value\":1}"),
                    "$",
                    null))
        .hasMessageContaining("$.version: version unmatched");
  }

  @Test
  void valueIsCopiedInAndOut() throws Exception {
    var arr = JSON.createArrayNode().add("a");
    ReferenceValue rv = ReferenceValue.withDefaultExpiry("n", arr, Instant.now());
    arr.add("b");
    ((com.fasterxml.jackson.databind.node.ArrayNode) rv.value()).add("c");
    assertThat(rv.value()).hasSize(1);
  }

  @Test
  void repositoryReplacesAndKeepsHistory() throws Exception {
    InMemoryReferenceValueRepository repo = new InMemoryReferenceValueRepository();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    ReferenceValue v1 = ReferenceValue.withDefaultExpiry("tcb_snp", JSON.readTree("[\"24\"]"), t);
    ReferenceValue v2 = v1.withValue(JSON.readTree("[\"24\",\"25\"]"));
    repo.store(v1);
    repo.store(v2);
    repo.store(ReferenceValue.withDefaultExpiry("abi_major", JSON.readTree("[\"0\"]"), t));
    assertThat(repo.findByName("tcb_snp")).contains(v2);
    assertThat(repo.findAll())
        .extracting(ReferenceValue::name)
        .containsExactly("abi_major", "tcb_snp");
    assertThat(repo.delete("tcb_snp")).isTrue();
    assertThat(repo.delete("tcb_snp")).isFalse();
    assertThat(repo.findByName("tcb_snp")).isEmpty();
    // oldest first; the deletion is recorded with the value it removed
    assertThat(repo.history("tcb_snp"))
        .extracting(ReferenceValueHistoryEntry::value)
        .containsExactly(v1, v2, v2);
    assertThat(repo.history("tcb_snp"))
        .extracting(ReferenceValueHistoryEntry::event)
        .containsExactly(
            ReferenceValueHistoryEntry.Event.STORED,
            ReferenceValueHistoryEntry.Event.STORED,
            ReferenceValueHistoryEntry.Event.DELETED);
  }
}
