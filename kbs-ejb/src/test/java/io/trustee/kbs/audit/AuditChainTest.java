package io.trustee.kbs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static AuditRecord record(int i) {
    return new AuditRecord(
        Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i),
        AuditActor.admin("ed25519:ab12", Optional.empty()),
        AuditActions.SECRET_SET,
        "repo/key/" + i,
        AuditOutcome.SUCCESS,
        200,
        "req-" + i);
  }

  /** A chain of n events from {@code head}, and the head after them. */
  private static List<AuditEvent> chain(AuditHead head, int from, int n, AuditHead[] out) {
    List<AuditEvent> events = new ArrayList<>();
    AuditHead h = head;
    for (int i = from; i < from + n; i++) {
      AuditEvent e = AuditChain.next(h, record(i));
      events.add(e);
      h = h.after(e);
    }
    out[0] = h;
    return events;
  }

  @Test
  void canonicalEncodingIsJcsWithEveryFieldAndThePreviousHash() {
    AuditRecord r =
        new AuditRecord(
            Instant.ofEpochMilli(1_700_000_000_123L),
            AuditActor.guest("session:0a", Optional.of("azsnpvtpm")),
            AuditActions.SECRET_RELEASE,
            "default/key/a\"b",
            AuditOutcome.DENIED,
            403,
            "abc");
    String canonical =
        new String(AuditChain.canonical(7, r, AuditChain.GENESIS), StandardCharsets.UTF_8);
    assertThat(canonical)
        .isEqualTo(
            "{\"action\":\"secret.release\",\"actor_id\":\"session:0a\",\"actor_issuer\":null,"
                + "\"actor_kind\":\"guest\",\"outcome\":\"denied\",\"prev_hash\":\""
                + AuditChain.GENESIS
                + "\",\"request_id\":\"abc\",\"seq\":7,\"status\":403,"
                + "\"target\":\"default/key/a\\\"b\",\"tee\":\"azsnpvtpm\","
                + "\"time\":1700000000123,\"v\":1}");
    assertThat(AuditChain.hash(7, r, AuditChain.GENESIS)).hasSize(64).matches("[0-9a-f]+");
    // every field counts
    assertThat(AuditChain.hash(8, r, AuditChain.GENESIS))
        .isNotEqualTo(AuditChain.hash(7, r, AuditChain.GENESIS));
    assertThat(AuditChain.hash(7, r, "1".repeat(64)))
        .isNotEqualTo(AuditChain.hash(7, r, AuditChain.GENESIS));
  }

  @Test
  void anIntactChainVerifiesAndMeetsTheHead() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = chain(AuditHead.EMPTY, 1, 5, h);
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.intact()).isTrue();
    assertThat(v.checked()).isEqualTo(5);
    assertThat(events.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
    assertThat(AuditChain.verify(AuditHead.EMPTY, List.of()).intact()).isTrue();
  }

  @Test
  void anEditedRowIsNamed() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    AuditEvent third = events.get(2);
    AuditRecord r = third.record();
    AuditRecord edited =
        new AuditRecord(
            r.time(),
            r.actor(),
            r.action(),
            "other/target/x",
            r.outcome(),
            r.status(),
            r.requestId());
    events.set(2, new AuditEvent(3, edited, third.prevHash(), third.hash()));
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.intact()).isFalse();
    assertThat(v.brokenSeq()).contains(3L);
    assertThat(v.reason()).contains("edited");
    assertThat(v.checked()).isEqualTo(2);
  }

  @Test
  void anEditedRowWithARecomputedHashBreaksTheNextLink() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    AuditEvent third = events.get(2);
    AuditRecord r = third.record();
    AuditRecord edited =
        new AuditRecord(
            r.time(),
            r.actor(),
            r.action(),
            "other/target/x",
            r.outcome(),
            r.status(),
            r.requestId());
    events.set(
        2,
        new AuditEvent(3, edited, third.prevHash(), AuditChain.hash(3, edited, third.prevHash())));
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.brokenSeq()).contains(4L);
    assertThat(v.reason()).contains("previous hash").contains("event 3");
  }

  @Test
  void aDeletedRowIsNamed() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    events.remove(1);
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.brokenSeq()).contains(2L);
    assertThat(v.reason()).contains("event 2 is missing");
  }

  @Test
  void aDeletedLastRowIsNamedFromTheHead() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    events.remove(4);
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.brokenSeq()).contains(5L);
    assertThat(v.reason()).contains("the head records 5");
  }

  @Test
  void aReorderedRowIsNamed() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    // rows 2 and 3 swap their sequence numbers (e.g. UPDATE ... SET SEQ = ...)
    AuditEvent two = events.get(1);
    AuditEvent three = events.get(2);
    events.set(1, new AuditEvent(2, three.record(), three.prevHash(), three.hash()));
    events.set(2, new AuditEvent(3, two.record(), two.prevHash(), two.hash()));
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.brokenSeq()).contains(2L);
    assertThat(v.reason()).contains("moved");
  }

  @Test
  void aReorderedRowWithRecomputedHashesBreaksAtThePreviousHash() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 5, h));
    AuditEvent two = events.get(1);
    AuditEvent three = events.get(2);
    // the forger recomputes each row's own hash but cannot fix the links without rewriting on
    events.set(
        1,
        new AuditEvent(
            2,
            three.record(),
            three.prevHash(),
            AuditChain.hash(2, three.record(), three.prevHash())));
    events.set(
        2,
        new AuditEvent(
            3, two.record(), two.prevHash(), AuditChain.hash(3, two.record(), two.prevHash())));
    ChainVerdict v = AuditChain.verify(h[0], events);
    assertThat(v.brokenSeq()).contains(2L);
    assertThat(v.reason()).contains("replaced or reordered");
  }

  @Test
  void verificationStartsFromThePurgeAnchor() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = chain(AuditHead.EMPTY, 1, 6, h);
    AuditHead purged = h[0].purgedThrough(events.get(2));
    assertThat(purged.anchorSeq()).isEqualTo(3);
    List<AuditEvent> kept = events.subList(3, 6);
    ChainVerdict v = AuditChain.verify(purged, kept);
    assertThat(v.intact()).isTrue();
    assertThat(v.checked()).isEqualTo(3);

    // an event after the anchor removed too
    assertThat(AuditChain.verify(purged, events.subList(4, 6)).brokenSeq()).contains(4L);
    // an anchor that was moved forward without purging does not meet the next event
    AuditHead forged = new AuditHead(3, "f".repeat(64), purged.lastSeq(), purged.lastHash());
    ChainVerdict bad = AuditChain.verify(forged, kept);
    assertThat(bad.brokenSeq()).contains(4L);
    assertThat(bad.reason()).contains("anchor");
    // appends continue after a purge
    AuditEvent seven = AuditChain.next(purged, record(7));
    assertThat(seven.seq()).isEqualTo(7);
    List<AuditEvent> more = new ArrayList<>(kept);
    more.add(seven);
    assertThat(AuditChain.verify(purged.after(seven), more).intact()).isTrue();
  }

  @Test
  void eventsAddedBehindTheHeadAreNamed() {
    AuditHead[] h = new AuditHead[1];
    List<AuditEvent> events = new ArrayList<>(chain(AuditHead.EMPTY, 1, 3, h));
    AuditHead stale = h[0];
    events.add(AuditChain.next(stale, record(9)));
    ChainVerdict v = AuditChain.verify(stale, events);
    assertThat(v.brokenSeq()).contains(4L);
    assertThat(v.reason()).contains("beyond the head");
  }

  @Test
  void recordsRefuseBadActionsStatusesAndRequestIds() {
    AuditActor a = AuditActor.unauthenticated();
    Instant t = Instant.EPOCH;
    assertThatThrownBy(
            () -> new AuditRecord(t, a, "Secret set", "x", AuditOutcome.DENIED, 401, "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRecord(t, a, "secret.set", "x", AuditOutcome.DENIED, 42, "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new AuditRecord(t, a, "secret.set", "x", AuditOutcome.DENIED, 401, "a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AuditOutcome.ofStatus(204)).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(AuditOutcome.ofStatus(403)).isEqualTo(AuditOutcome.DENIED);
    assertThat(AuditOutcome.ofStatus(409)).isEqualTo(AuditOutcome.ERROR);
  }

  @Test
  void requestIdsAreKeptWhenSaneElseGenerated() {
    assertThat(RequestIds.acceptOrGenerate(Optional.of("abc-123_x.y:z")))
        .isEqualTo("abc-123_x.y:z");
    assertThat(RequestIds.acceptOrGenerate(Optional.of("a\r\nInjected: 1")))
        .matches("[0-9a-f-]{36}");
    assertThat(RequestIds.acceptOrGenerate(Optional.of("x".repeat(129)))).hasSize(36);
    assertThat(RequestIds.acceptOrGenerate(Optional.empty())).hasSize(36);
    assertThat(RequestIds.acceptOrGenerate(Optional.of(""))).hasSize(36);
  }
}
