package io.trustee.kbs.persistence.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.audit.AuditActor;
import io.trustee.kbs.audit.AuditChain;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditHead;
import io.trustee.kbs.audit.AuditOutcome;
import io.trustee.kbs.audit.AuditQuery;
import io.trustee.kbs.audit.AuditRecord;
import io.trustee.kbs.audit.AuditRepository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JpaAuditRepository} on EclipseLink (Liberty's JPA provider) and an in-memory H2 database,
 * each call in a transaction of its own as the façades run them: the head row lock keeps appends
 * from concurrent transactions on one chain, the filters and ranges select what they say, a purge
 * moves the anchor, and an unreadable row still names itself.
 */
class JpaAuditRepositoryTest {
  private EntityManagerFactory emf;

  @BeforeEach
  void open() {
    emf =
        Persistence.createEntityManagerFactory(
            "kbs-test",
            Map.of(
                "jakarta.persistence.jdbc.url",
                "jdbc:h2:mem:audit-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000"));
    inTx(
        r -> {
          r.createHeadIfAbsent();
          return null;
        });
  }

  @AfterEach
  void close() {
    emf.close();
  }

  /** Runs {@code work} on a repository bound to a fresh entity manager, in one transaction. */
  private <T> T inTx(Function<AuditRepository, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      JpaAuditRepository repo = new JpaAuditRepository();
      Field f = JpaAuditRepository.class.getDeclaredField("em");
      f.setAccessible(true);
      f.set(repo, em);
      em.getTransaction().begin();
      T out = work.apply(repo);
      em.getTransaction().commit();
      return out;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  private void sql(String statement) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      em.createNativeQuery(statement).executeUpdate();
      em.getTransaction().commit();
    } finally {
      em.close();
    }
  }

  private static AuditRecord record(long second, String action, String actor) {
    return new AuditRecord(
        Instant.ofEpochSecond(second),
        AuditActor.admin(actor, Optional.of("https://idp.example")),
        action,
        "target-" + second,
        AuditOutcome.SUCCESS,
        200,
        "req-" + second);
  }

  private AuditHead head() {
    return inTx(AuditRepository::head);
  }

  private List<AuditEvent> all() {
    return inTx(r -> r.range(0, Long.MAX_VALUE, 10_000));
  }

  @Test
  void appendsChainAndMoveTheHead() {
    for (long s = 1; s <= 3; s++) {
      long t = s;
      inTx(r -> r.append(record(t, AuditActions.SECRET_SET, "alice")));
    }
    AuditHead h = head();
    assertThat(h.lastSeq()).isEqualTo(3);
    List<AuditEvent> events = all();
    assertThat(events).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(events.get(0).record().actor().issuer()).contains("https://idp.example");
    assertThat(AuditChain.verify(h, events).intact()).isTrue();
    assertThat(inTx(AuditRepository::maxSeq)).isEqualTo(3);
    // creating the head again changes nothing
    inTx(
        r -> {
          r.createHeadIfAbsent();
          return null;
        });
    assertThat(head()).isEqualTo(h);
  }

  @Test
  void concurrentAppendsTakeTurnsOnTheHeadRow() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    try {
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    long t = writer * 1000L + i;
                    inTx(r -> r.append(record(t, AuditActions.SECRET_SET, "w" + writer)));
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    AuditHead h = head();
    assertThat(h.lastSeq()).isEqualTo(100);
    assertThat(AuditChain.verify(h, all()).intact()).isTrue();
  }

  @Test
  void findFiltersNewestFirst() {
    inTx(r -> r.append(record(10, AuditActions.SECRET_SET, "alice")));
    inTx(r -> r.append(record(20, AuditActions.SECRET_DELETE, "bob")));
    inTx(r -> r.append(record(30, AuditActions.SECRET_SET, "bob")));
    Function<AuditQuery, List<Long>> seqs =
        q -> inTx(r -> r.find(q)).stream().map(AuditEvent::seq).toList();
    Optional<String> none = Optional.empty();
    assertThat(seqs.apply(new AuditQuery(Optional.empty(), none, none, none, 10)))
        .containsExactly(3L, 2L, 1L);
    assertThat(seqs.apply(new AuditQuery(Optional.empty(), Optional.of("bob"), none, none, 10)))
        .containsExactly(3L, 2L);
    assertThat(
            seqs.apply(
                new AuditQuery(
                    Optional.empty(), none, Optional.of(AuditActions.SECRET_SET), none, 10)))
        .containsExactly(3L, 1L);
    assertThat(
            seqs.apply(
                new AuditQuery(Optional.of(Instant.ofEpochSecond(20)), none, none, none, 10)))
        .containsExactly(3L, 2L);
    assertThat(seqs.apply(new AuditQuery(Optional.empty(), none, none, Optional.of("req-10"), 10)))
        .containsExactly(1L);
    assertThat(seqs.apply(new AuditQuery(Optional.empty(), none, none, none, 1)))
        .containsExactly(3L);
  }

  @Test
  void aPurgeDeletesTheOldPrefixAndMovesTheAnchor() {
    for (long s = 1; s <= 5; s++) {
      long t = s * 100;
      inTx(r -> r.append(record(t, AuditActions.KEY_ROTATE, "alice")));
    }
    int purged =
        inTx(
            r -> {
              AuditRepository.Purgeable p = r.lockPurgeable(Instant.ofEpochSecond(301), 500);
              r.purgeThrough(p.events().get(p.events().size() - 1));
              return p.events().size();
            });
    assertThat(purged).isEqualTo(3);
    AuditHead h = head();
    assertThat(h.anchorSeq()).isEqualTo(3);
    List<AuditEvent> kept = all();
    assertThat(kept).extracting(AuditEvent::seq).containsExactly(4L, 5L);
    assertThat(AuditChain.verify(h, kept).intact()).isTrue();
    // appends continue after the anchor
    inTx(r -> r.append(record(600, AuditActions.KEY_ROTATE, "alice")));
    assertThat(AuditChain.verify(head(), all()).intact()).isTrue();
  }

  @Test
  void rowsEditedThroughSqlAreNamedByVerification() {
    for (long s = 1; s <= 4; s++) {
      long t = s;
      inTx(r -> r.append(record(t, AuditActions.RV_REGISTER, "alice")));
    }
    sql("UPDATE KBS_AUDIT_EVENT SET EVENT_TARGET = 'forged' WHERE SEQ_NO = 2");
    assertThat(AuditChain.verify(head(), all()).brokenSeq()).contains(2L);
    // an edit the record type would refuse still names its row instead of failing the walk
    sql("UPDATE KBS_AUDIT_EVENT SET OUTCOME = 'maybe' WHERE SEQ_NO = 1");
    assertThat(AuditChain.verify(head(), all()).brokenSeq()).contains(1L);
    sql("DELETE FROM KBS_AUDIT_EVENT WHERE SEQ_NO = 1");
    assertThat(AuditChain.verify(head(), all()).reason()).contains("event 1 is missing");
  }
}
