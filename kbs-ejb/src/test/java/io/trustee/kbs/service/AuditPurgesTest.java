package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.audit.AuditActor;
import io.trustee.kbs.audit.AuditChain;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditHead;
import io.trustee.kbs.audit.AuditOutcome;
import io.trustee.kbs.audit.AuditQuery;
import io.trustee.kbs.audit.AuditRecord;
import io.trustee.kbs.audit.AuditRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge exports before it deletes, moves the anchor, and refuses a broken batch. */
class AuditPurgesTest {
  @TempDir Path dir;

  /** The port in memory, with the same contract as the JPA repository (no locking needed). */
  static final class MemoryRepository implements AuditRepository {
    final TreeMap<Long, AuditEvent> rows = new TreeMap<>();
    AuditHead head = AuditHead.EMPTY;

    @Override
    public void createHeadIfAbsent() {}

    @Override
    public boolean headExists() {
      return true;
    }

    @Override
    public AuditHead head() {
      return head;
    }

    @Override
    public AuditEvent append(AuditRecord record) {
      AuditEvent e = AuditChain.next(head, record);
      rows.put(e.seq(), e);
      head = head.after(e);
      return e;
    }

    @Override
    public List<AuditEvent> find(AuditQuery query) {
      return List.copyOf(rows.descendingMap().values());
    }

    @Override
    public List<AuditEvent> range(long afterSeq, long throughSeq, int max) {
      return rows.subMap(afterSeq, false, throughSeq, true).values().stream().limit(max).toList();
    }

    @Override
    public long maxSeq() {
      return rows.isEmpty() ? 0 : rows.lastKey();
    }

    @Override
    public Purgeable lockPurgeable(Instant before, int max) {
      List<AuditEvent> out = new ArrayList<>();
      for (AuditEvent e : range(head.anchorSeq(), head.lastSeq(), max)) {
        if (!e.record().time().isBefore(before)) {
          break;
        }
        out.add(e);
      }
      return new Purgeable(head, out);
    }

    @Override
    public void purgeThrough(AuditEvent last) {
      rows.headMap(last.seq(), true).clear();
      head = head.purgedThrough(last);
    }
  }

  private static AuditRecord at(long second) {
    return new AuditRecord(
        Instant.ofEpochSecond(second),
        AuditActor.admin("ed25519:aa", Optional.empty()),
        AuditActions.KEY_ROTATE,
        "token-signing-key",
        AuditOutcome.SUCCESS,
        200,
        "r" + second);
  }

  @Test
  void oldEventsAreExportedThenDeletedAndTheChainStillVerifiesFromTheAnchor() throws Exception {
    MemoryRepository repo = new MemoryRepository();
    for (long s = 1; s <= 5; s++) {
      repo.append(at(s * 100));
    }
    AuditPurges purges = new AuditPurges();
    purges.repository = repo;
    int n = purges.olderThan(Instant.ofEpochSecond(301), Optional.of(dir));
    assertThat(n).isEqualTo(3);
    assertThat(Files.readAllLines(dir.resolve("audit-1-3.jsonl"))).hasSize(3);
    assertThat(repo.rows.keySet()).containsExactly(4L, 5L);
    assertThat(repo.head.anchorSeq()).isEqualTo(3);
    assertThat(AuditChain.verify(repo.head, repo.rows.values()).intact()).isTrue();
    // nothing more is old enough
    assertThat(purges.olderThan(Instant.ofEpochSecond(301), Optional.of(dir))).isZero();
    // the log is the export target without a directory
    assertThat(purges.olderThan(Instant.ofEpochSecond(10_000), Optional.empty())).isEqualTo(2);
    assertThat(repo.rows).isEmpty();
    assertThat(AuditChain.verify(repo.head, List.of()).intact()).isTrue();
  }

  @Test
  void aBrokenBatchIsNotPurged() {
    MemoryRepository repo = new MemoryRepository();
    for (long s = 1; s <= 3; s++) {
      repo.append(at(s));
    }
    AuditEvent two = repo.rows.get(2L);
    repo.rows.put(2L, new AuditEvent(2, at(99), two.prevHash(), two.hash()));
    AuditPurges purges = new AuditPurges();
    purges.repository = repo;
    assertThatThrownBy(() -> purges.olderThan(Instant.ofEpochSecond(1000), Optional.of(dir)))
        .hasMessageContaining("audit chain broken at event 2");
    assertThat(repo.rows).hasSize(3);
    assertThat(repo.head.anchorSeq()).isZero();
  }

  @Test
  void aFailedExportDeletesNothing() throws Exception {
    MemoryRepository repo = new MemoryRepository();
    repo.append(at(1));
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    AuditPurges purges = new AuditPurges();
    purges.repository = repo;
    assertThatThrownBy(() -> purges.olderThan(Instant.ofEpochSecond(1000), Optional.of(notADir)))
        .hasMessageContaining("audit export");
    assertThat(repo.rows).hasSize(1);
  }
}
