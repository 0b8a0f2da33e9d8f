package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.SecretFiles;
import io.trustee.kbs.resource.KeyEncryptionKey;
import io.trustee.kbs.token.SigningKeyMaterial;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas (Liberty servers {@code kbs-ra} and {@code kbs-rb}, created by the build's {@code
 * replicas} profile) on ONE PostgreSQL database, sharing only what the README says they share: the
 * database, the token signing key, the admin public key and the key-encryption key (files written
 * here before the first start). Each has its own data directory (TLS keystore) and listener.
 *
 * <p>Before the tests the database is emptied and both servers are started at the same moment, so
 * they race on table creation and on the default-policy insert; both must become ready. The tests
 * then check that the replicas act as one KBS: a session is opened on one and attested or served on
 * the other, and every admin change (secret overwrite and delete, resource policy, reference-value
 * removal) made through one is in force on the other at the very next request. The last test kills
 * one replica with {@code kill -9} while guests keep attesting against the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
  private static final String A = "kbs-ra";
  private static final String B = "kbs-rb";
  private static final URI URL_A = URI.create(System.getProperty("kbs.it.replica-a.url"));
  private static final URI URL_B = URI.create(System.getProperty("kbs.it.replica-b.url"));
  private static final List<Path> DATA_DIRS =
      List.of(
          Path.of(System.getProperty("kbs.it.replica-a.data-dir")),
          Path.of(System.getProperty("kbs.it.replica-b.data-dir")));
  private static final Path KEYS = Path.of(System.getProperty("kbs.it.replicas.keys-dir"));

  private static PrivateKey adminKey;

  @BeforeAll
  static void startBothTogetherOnAnEmptyDatabase() throws Exception {
    adminKey = sharedKeys();
    ItServer.stop(A);
    ItServer.stop(B);
    emptyDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Void> a = pool.submit(start(A));
      Future<Void> b = pool.submit(start(B));
      a.get(240, TimeUnit.SECONDS);
      b.get(240, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    awaitReady(A, URL_A);
    awaitReady(B, URL_B);
  }

  @AfterAll
  static void stopBoth() throws Exception {
    ItServer.stop(A);
    ItServer.stop(B);
  }

  private static Callable<Void> start(String server) {
    return () -> {
      ItServer.start(server);
      return null;
    };
  }

  /** The keys every replica must share (README "With PostgreSQL"), created once per build. */
  private static PrivateKey sharedKeys() throws Exception {
    Files.createDirectories(KEYS);
    Path priv = KEYS.resolve("admin-private.pem");
    if (!Files.exists(priv)) {
      KeyPair kp = Pem.generateEd25519();
      SecretFiles.createOwnerOnly(
          priv, Pem.write(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII));
      Files.writeString(KEYS.resolve("admin-public.pem"), Pem.write(kp.getPublic()));
    }
    SigningKeyMaterial.loadOrCreate(KEYS);
    KeyEncryptionKey.loadOrCreate(KEYS.resolve("kek.b64"));
    return Pem.readPrivateKey(priv);
  }

  private static void emptyDatabase() throws Exception {
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  /** Waits for the KBS readiness check of {@code server} (200 only after start-up committed). */
  private static void awaitReady(String server, URI url) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    int last = -1;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = new KbsHttp(url, DATA_DIRS).get("/health/ready").status();
        if (last == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // keystore not written yet, or not listening yet
      }
      Thread.sleep(500);
    }
    List<String> log = Files.readAllLines(ItServer.messagesLog(server));
    throw new AssertionError(
        server
            + " not ready within 180 s (last status "
            + last
            + "); end of messages.log:\n"
            + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
  }

  private static String adminToken() throws Exception {
    return AdminTokens.token(adminKey, 600);
  }

  private static KbsHttp at(URI url) {
    return new KbsHttp(url, DATA_DIRS);
  }

  private static Map<String, String> adminAuth() throws Exception {
    return Map.of("Authorization", AdminTokens.bearer(adminToken()));
  }

  /** A sample guest that opened its session on {@code authOn} and attested on {@code attestOn}. */
  private static SampleGuest attested(URI authOn, URI attestOn) throws Exception {
    KbsHttp http = at(authOn);
    SampleGuest g = SampleGuest.ec(http);
    KbsHttp.Reply a = g.auth();
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String nonce = a.json().get("nonce").asText();
    KbsHttp.Reply t =
        http.at(attestOn).postJson("/kbs/v0/attest", g.attestationBody(nonce, g.reportData(nonce)));
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    return g;
  }

  private static String fetch(SampleGuest g, URI on, String path) throws Exception {
    KbsHttp.Reply r = g.http.at(on).get("/kbs/v0/resource/" + path);
    assertThat(r.status()).as("GET %s on %s: %s", path, on, r.body()).isEqualTo(200);
    return new String(g.decrypt(r.json()), StandardCharsets.UTF_8);
  }

  private static void put(URI on, String path, String value) throws Exception {
    KbsHttp.Reply r = Admin.putSecret(at(on), adminToken(), path, value);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static void policy(URI on, String rego) throws Exception {
    KbsHttp.Reply r = Admin.setResourcePolicy(at(on), adminToken(), rego);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void bothReplicasStartedTogetherOnTheEmptyDatabaseAreReadyWithOneSchema() throws Exception {
    for (String server : List.of(A, B)) {
      String log = Files.readString(ItServer.messagesLog(server));
      assertThat(log).as(server).contains("KBS ready");
    }
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT COUNT(*), COUNT(ROW_VERSION) FROM KBS_POLICY WHERE KIND = 'ATTESTATION'")) {
      r.next();
      assertThat(r.getLong(1)).as("default attestation policies").isPositive();
      assertThat(r.getLong(2)).as("rows with an optimistic-lock version").isEqualTo(r.getLong(1));
    }
  }

  @Test
  void aSessionOpenedOnAIsAttestedOnBAndServedByBoth() throws Exception {
    put(URL_A, "default/key/repl-flow", "one service");
    policy(URL_B, Admin.ALLOW_ALL);
    SampleGuest g = attested(URL_A, URL_B);
    assertThat(fetch(g, URL_B, "default/key/repl-flow")).isEqualTo("one service");
    assertThat(fetch(g, URL_A, "default/key/repl-flow")).isEqualTo("one service");
  }

  @Test
  void guestRequestsAlternatingBetweenTheReplicasAllSucceed() throws Exception {
    put(URL_B, "default/key/repl-timed", "every time");
    policy(URL_A, Admin.ALLOW_ALL);
    SampleGuest g = attested(URL_B, URL_B);
    // Also the price of reading the database on every request (no shared cache): README "With
    // PostgreSQL" quotes this figure, measured with the shared cache on and off.
    int n = Integer.getInteger("kbs.it.replicas.timed-gets", 200);
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      assertThat(fetch(g, i % 2 == 0 ? URL_A : URL_B, "default/key/repl-timed"))
          .isEqualTo("every time");
    }
    System.out.printf(
        "ReplicasIT: %d resource GETs (alternating A/B) in %d ms%n",
        n, (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  void aSecretOverwrittenOrDeletedViaAIsSeenAtOnceByB() throws Exception {
    policy(URL_A, Admin.ALLOW_ALL);
    String path = "default/key/repl-overwrite";
    put(URL_A, path, "first");
    SampleGuest g = attested(URL_B, URL_B);
    assertThat(fetch(g, URL_B, path)).isEqualTo("first");
    put(URL_A, path, "second");
    assertThat(fetch(g, URL_B, path)).isEqualTo("second");

    KbsHttp.Reply del = at(URL_A).send("DELETE", "/kbs/v0/resource/" + path, null, adminAuth());
    assertThat(del.status()).as(del.body()).isBetween(200, 204);
    KbsHttp.Reply onA = g.http.at(URL_A).get("/kbs/v0/resource/" + path);
    KbsHttp.Reply onB = g.http.at(URL_B).get("/kbs/v0/resource/" + path);
    assertThat(onA.status()).isNotEqualTo(200);
    assertThat(onB.status()).as("B after the delete via A: %s", onB.body()).isEqualTo(onA.status());
    assertThat(onB.errorType()).isEqualTo(onA.errorType());
  }

  @Test
  void resourcePolicyChangesThroughEitherReplicaRuleOnTheOtherAtOnce() throws Exception {
    String path = "default/key/repl-policy";
    put(URL_A, path, "guarded");
    policy(URL_A, Admin.ALLOW_ALL);
    SampleGuest g = attested(URL_B, URL_B);
    assertThat(fetch(g, URL_B, path)).isEqualTo("guarded");

    policy(URL_A, Admin.DENY_ALL);
    KbsHttp.Reply denied = g.http.at(URL_B).get("/kbs/v0/resource/" + path);
    assertThat(denied.status()).as(denied.body()).isEqualTo(401);
    assertThat(denied.errorType()).isEqualTo("PolicyDeny");

    // The change back via B after A's change is neither lost nor refused.
    policy(URL_B, Admin.ALLOW_ALL);
    KbsHttp.Reply text = at(URL_A).get("/kbs/v0/resource-policy?view=text", adminAuth());
    assertThat(text.body()).contains("default allow := true");
    assertThat(fetch(g, URL_A, path)).isEqualTo("guarded");
  }

  @Test
  void concurrentAdminWritesThroughBothReplicasAre200Or409AndNeverLost() throws Exception {
    // The resource policy row: both replicas overwrite it as fast as they can.
    List<String> storedPolicies =
        race(
            (http, value) -> {
              try {
                return Admin.setResourcePolicy(
                    http,
                    adminToken(),
                    "package policy\n\n# " + value + "\ndefault allow := true\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    String onA = at(URL_A).get("/kbs/v0/resource-policy?view=text", adminAuth()).body();
    String onB = at(URL_B).get("/kbs/v0/resource-policy?view=text", adminAuth()).body();
    assertThat(onB).isEqualTo(onA);
    assertThat(storedPolicies).anyMatch(v -> onA.contains("# " + v + "\n"));

    // A secret: the same, read back by a guest.
    String path = "default/key/repl-race";
    List<String> storedSecrets =
        race(
            (http, value) -> {
              try {
                return Admin.putSecret(http, adminToken(), path, value);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    SampleGuest g = attested(URL_A, URL_A);
    String last = fetch(g, URL_A, path);
    assertThat(fetch(g, URL_B, path)).isEqualTo(last);
    assertThat(storedSecrets).contains(last);
  }

  /**
   * Two writers, one per replica, 15 writes each of distinct values. Every answer must be 200
   * (stored) or 409 (nothing stored); returns the values acknowledged with 200.
   */
  private static List<String> race(BiFunction<KbsHttp, String, KbsHttp.Reply> write)
      throws Exception {
    List<String> stored = Collections.synchronizedList(new ArrayList<>());
    List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (URI url : List.of(URL_A, URL_B)) {
        writers.add(
            pool.submit(
                () -> {
                  KbsHttp http = at(url);
                  for (int i = 0; i < 15; i++) {
                    String value = url.getPort() + "-" + i;
                    KbsHttp.Reply r = write.apply(http, value);
                    if (r.status() == 200) {
                      stored.add(value);
                    } else if (r.status() == 409
                        && r.errorType().equals("ConcurrentModification")) {
                      conflicts.incrementAndGet();
                    } else {
                      unexpected.add(r.status() + " " + r.body());
                    }
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(
        "ReplicasIT race: " + stored.size() + " stored, " + conflicts.get() + " refused with 409");
    assertThat(unexpected).isEmpty();
    assertThat(stored).isNotEmpty();
    return stored;
  }

  @Test
  void aReferenceValueRemovedViaAIsNoLongerUsedByBsAppraisal() throws Exception {
    ObjectNode values = KbsHttp.JSON.createObjectNode();
    values.putArray("launch_digest").add("abcde");
    ObjectNode message = KbsHttp.JSON.createObjectNode();
    message.put("version", "0.1.0");
    message.put("type", "sample");
    message.put(
        "payload",
        Base64.getEncoder().encodeToString(values.toString().getBytes(StandardCharsets.UTF_8)));
    KbsHttp.Reply reg = at(URL_A).postJson("/kbs/v0/reference-value", message, adminAuth());
    assertThat(reg.status()).as(reg.body()).isEqualTo(200);
    assertThat(executablesOfAnAttestationOn(URL_B)).as("launch digest registered").isEqualTo(3);

    KbsHttp.Reply del =
        at(URL_A).send("DELETE", "/kbs/v0/reference-value/launch_digest", null, adminAuth());
    assertThat(del.status()).as(del.body()).isBetween(200, 204);
    assertThat(executablesOfAnAttestationOn(URL_B)).as("after removal via A").isNotEqualTo(3);
  }

  /** The "executables" trust claim of a fresh sample attestation on {@code url}. */
  private static int executablesOfAnAttestationOn(URI url) throws Exception {
    String token = SampleGuest.ec(at(url)).attest();
    JsonNode claims = KbsHttp.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    return claims.at("/submods/cpu0/ear.trustworthiness-vector/executables").asInt();
  }

  /** Runs next to last: it kills replica A. */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void killingOneReplicaLosesNothingForGuestsOfTheOther() throws Exception {
    String path = "default/key/repl-kill";
    put(URL_A, path, "survives");
    policy(URL_A, Admin.ALLOW_ALL);
    SampleGuest attestedOnA = attested(URL_A, URL_A);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger okAfterKill = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> loop =
        pool.submit(
            () -> {
              while (!stop.get()) {
                try {
                  SampleGuest g = attested(URL_B, URL_B);
                  assertThat(fetch(g, URL_B, path)).isEqualTo("survives");
                  ok.incrementAndGet();
                  if (killed.get()) {
                    okAfterKill.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failures.add(t.toString());
                }
              }
            });
    try {
      awaitCount(ok, 3);
      ProcessHandle a =
          ProcessHandle.of(ItServer.pid(A)).orElseThrow(() -> new AssertionError("A not running"));
      assertThat(a.destroyForcibly()).as("SIGKILL sent to " + A).isTrue();
      a.onExit().get(30, TimeUnit.SECONDS);
      killed.set(true);
      awaitCount(okAfterKill, 10);
      // The session attested on A goes on at B.
      assertThat(fetch(attestedOnA, URL_B, path)).isEqualTo("survives");
    } finally {
      stop.set(true);
      loop.get(120, TimeUnit.SECONDS);
      pool.shutdownNow();
    }
    assertThat(failures).as("guest failures against the surviving replica").isEmpty();
    System.out.println(
        "ReplicasIT kill -9: "
            + ok.get()
            + " guest rounds on B, "
            + okAfterKill.get()
            + " after A was killed, 0 failures");
  }

  /**
   * Runs last (after A was killed): a database of the previous release, whose policy table has no
   * {@code ROW_VERSION}, gets the column and versions at the next start, and writes work.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aDatabaseWithoutTheVersionColumnIsExtendedAtStart() throws Exception {
    ItServer.stop(A);
    ItServer.stop(B);
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE KBS_POLICY DROP COLUMN ROW_VERSION");
    }
    ItServer.start(A);
    awaitReady(A, URL_A);
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(ROW_VERSION) FROM KBS_POLICY")) {
      r.next();
      assertThat(r.getLong(1)).isPositive();
      assertThat(r.getLong(2)).as("rows with a version after the upgrade").isEqualTo(r.getLong(1));
    }
    policy(URL_A, Admin.DENY_ALL);
    policy(URL_A, Admin.ALLOW_ALL);
  }

  private static void awaitCount(AtomicInteger counter, int atLeast) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (counter.get() < atLeast) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("only " + counter.get() + " guest rounds within 120 s");
      }
      Thread.sleep(100);
    }
  }
}
