package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.TeePublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kbs-client load} end to end against the loopback fake KBS: sessions, the report-data
 * binding and the JWE are checked as a real KBS would; refusals are counted by their KBS error
 * type; the exit status follows {@code --max-errors}.
 */
class ClientLoadTest {
  /** How long the first /auth of the warm-up test takes: far beyond the run's 1.1 s. */
  private static final long SLOW_AUTH_MILLIS = 8000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SECRET = "load-secret".getBytes(StandardCharsets.UTF_8);

  private FakeKbs kbs;
  private final Map<String, TeePublicKey> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> nonces = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile boolean deny;
  private final java.util.concurrent.atomic.AtomicBoolean slowFirstAuth =
      new java.util.concurrent.atomic.AtomicBoolean();

  @AfterEach
  void stop() {
    if (kbs != null) {
      kbs.close();
    }
  }

  private FakeKbs.Reply handle(FakeKbs.Request r) {
    try {
      String cookie =
          r.header("Cookie") == null ? "" : r.header("Cookie").replace("kbs-session-id=", "");
      switch (r.method() + " " + r.rawPath()) {
        case "POST /kbs/v0/auth" -> {
          if (slowFirstAuth.getAndSet(false)) {
            Thread.sleep(SLOW_AUTH_MILLIS);
          }
          String id = String.format("%032x", counter.incrementAndGet());
          String nonce = Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
          nonces.put(id, nonce);
          return new FakeKbs.Reply(
              200,
              ("{\"nonce\":\"" + nonce + "\",\"extra-params\":\"\"}")
                  .getBytes(StandardCharsets.UTF_8),
              Map.of("Set-Cookie", "kbs-session-id=" + id + "; Secure; HttpOnly"));
        }
        case "POST /kbs/v0/attest" -> {
          String nonce = nonces.get(cookie);
          if (nonce == null) {
            return FakeKbs.Reply.json(401, "{\"type\":\"x/errors/TokenNotFound\"}");
          }
          JsonNode body = JSON.readTree(r.body());
          TeePublicKey key = TeePublicKey.parse(body.at("/runtime-data/tee-pubkey"));
          byte[] expected =
              ReportDataBinding.expected(ProtocolVersion.V0_4_0, nonce, key, "").get(0);
          byte[] rd =
              Base64.getDecoder()
                  .decode(body.at("/tee-evidence/primary_evidence/report_data").asText());
          if (!java.util.Arrays.equals(rd, expected)) {
            return FakeKbs.Reply.json(401, "{\"type\":\"x/errors/AttestationFailed\"}");
          }
          sessions.put(cookie, key);
          return FakeKbs.Reply.json(200, "{\"token\":\"a.b.c\"}");
        }
        case "GET /kbs/v0/resource/default/load/secret" -> {
          TeePublicKey key = sessions.get(cookie);
          if (key == null) {
            return FakeKbs.Reply.json(401, "{\"type\":\"x/errors/TokenNotFound\"}");
          }
          if (deny) {
            return FakeKbs.Reply.json(
                401,
                "{\"type\":\"https://github.com/confidential-containers/kbs/errors/PolicyDeny\","
                    + "\"detail\":\"no\"}");
          }
          return FakeKbs.Reply.json(
              200,
              new ResourceEncryptor(false).encrypt(SECRET, key, ProtocolVersion.V0_4_0).toString());
        }
        default -> {
          return FakeKbs.Reply.json(404, "{\"type\":\"x/errors/PluginNotFound\"}");
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Run load(String... extra) throws Exception {
    if (kbs == null) {
      kbs = new FakeKbs(this::handle);
    }
    String[] base = {
      "load",
      "--url",
      kbs.url(),
      "--duration",
      "1s",
      "--warmup",
      "0s",
      "--concurrency",
      "2",
      "--json"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  @Test
  void handshakesWithExtraFetchesRunWithoutErrors() throws Exception {
    Run r = load("--fetches", "2");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    long ops = j.get("ops").asLong();
    assertThat(ops).isPositive();
    assertThat(j.at("/errors/total").asLong()).isZero();
    assertThat(j.at("/extra_fetches/count").asLong()).isEqualTo(2 * ops);
    assertThat(j.at("/latency_ms/p50").asDouble()).isPositive();
    assertThat(j.get("server_cpu_ms_per_op").isNull()).isTrue();
    assertThat(j.get("client_cpu_ms_per_op").asDouble()).isPositive();
    // every counted handshake authenticated a session of its own
    assertThat(counter.get()).isGreaterThanOrEqualTo((int) ops);
    assertThat(r.err()).contains("measure ops");
  }

  @Test
  void overTlsEachGuestMakesAFullHandshakeOnItsOwnConnection() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("load-tls");
    kbs = new FakeKbs(this::handle, ClientTlsTest.serverContext(dir.resolve("ca.pem")));
    Run r = load("--cacert", dir.resolve("ca.pem").toString(), "--fetches", "1");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("ops").asLong()).isPositive();
    assertThat(j.at("/errors/total").asLong()).isZero();
    // every session's requests (attest, fetch, extra fetch) share one connection, and no two
    // sessions share one
    Map<String, Set<Integer>> portsBySession = new HashMap<>();
    for (FakeKbs.Request q : kbs.requests) {
      String cookie = q.header("Cookie");
      if (cookie != null) {
        portsBySession.computeIfAbsent(cookie, k -> new HashSet<>()).add(q.remotePort());
      }
    }
    assertThat(portsBySession).allSatisfy((cookie, ports) -> assertThat(ports).hasSize(1));
    Set<Integer> all = new HashSet<>();
    portsBySession.values().forEach(all::addAll);
    assertThat(all).hasSameSizeAs(portsBySession.keySet());
  }

  @Test
  void aNewGuestGetsAFreshTlsContextUnlessResumptionIsAllowed() throws Exception {
    javax.net.ssl.SSLContext shared = javax.net.ssl.SSLContext.getInstance("TLS");
    shared.init(null, InsecureTrust.trustManagers(), null);
    LoadHttp.Endpoint e =
        new LoadHttp.Endpoint(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 1),
            "127.0.0.1",
            1,
            shared,
            null);
    TeeKeys keys = TeeKeys.generate("ec");
    LoadGuest.Plan full =
        new LoadGuest.Plan(
            e,
            InsecureTrust.trustManagers(),
            false,
            1000,
            "",
            EvidenceSource.sample(),
            keys,
            "a/b/c",
            null);
    assertThat(full.endpointForNewGuest().tls()).isNotSameAs(shared);
    assertThat(full.endpointForNewGuest().tls()).isNotSameAs(full.endpointForNewGuest().tls());
    LoadGuest.Plan resume =
        new LoadGuest.Plan(
            e,
            InsecureTrust.trustManagers(),
            true,
            1000,
            "",
            EvidenceSource.sample(),
            keys,
            "a/b/c",
            null);
    assertThat(resume.endpointForNewGuest().tls()).isSameAs(shared);
  }

  @Test
  void fetchModeAttestsEachGuestOnceAndCountsFetches() throws Exception {
    Run r = load("--op", "fetch");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("op").asText()).isEqualTo("fetch");
    assertThat(j.get("ops").asLong()).isGreaterThan(counter.get());
    assertThat(counter.get()).isEqualTo(2);
  }

  @Test
  void aWarmUpOperationStillRunningDoesNotStretchTheWindow() throws Exception {
    kbs = new FakeKbs(this::handle);
    slowFirstAuth.set(true);
    long t0 = System.nanoTime();
    Run r =
        run(
            "load",
            "--url",
            kbs.url(),
            "--duration",
            "1s",
            "--warmup",
            "100ms",
            "--concurrency",
            "1",
            "--json");
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("ops").asLong()).isZero();
    assertThat(j.get("measured_seconds").asDouble()).isLessThan(1.5);
    // the run ends without waiting for the straggler (a generous margin for a loaded machine)
    assertThat(took).isLessThan(SLOW_AUTH_MILLIS - 2000);
    assertThat(r.err()).contains("no operation was counted");
  }

  @Test
  void openLoopRunsAtTheGivenRate() throws Exception {
    Run r = load("--rate", "20", "--max-in-flight", "4");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    // 1 s at 20/s: 20 arrivals are intended
    assertThat(j.get("ops").asLong()).isEqualTo(20);
    assertThat(j.get("workload").asText()).contains("open loop");
  }

  @Test
  void refusalsAreCountedByKbsErrorTypeAndFailTheRun() throws Exception {
    deny = true;
    Run r = load();
    assertThat(r.status()).isEqualTo(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("ops").asLong()).isZero();
    assertThat(j.at("/errors/by_type").fieldNames())
        .toIterable()
        .containsExactly("resource: 401 PolicyDeny");
    assertThat(r.err()).contains("more than --max-errors 0");
    Run tolerated = load("--max-errors", "1000000");
    assertThat(tolerated.status()).as(tolerated.err()).isZero();
  }

  @Test
  void unreachableServerIsAConnectError() {
    Run r =
        run(
            "load",
            "--url",
            "http://127.0.0.1:1",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--concurrency",
            "1",
            "--json");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("connect: ConnectException");
  }

  @Test
  void optionErrorsNameTheOption() throws Exception {
    for (String[] bad :
        new String[][] {
          {"--op", "nap"},
          {"--duration", "soon"},
          {"--concurrency", "0"},
          {"--rate", "-1"},
          {"--op", "fetch", "--fetches", "1"},
          {"--resource", "a/b"},
        }) {
      String[] args = new String[bad.length + 3];
      args[0] = "load";
      args[1] = "--url";
      args[2] = "http://127.0.0.1:1";
      System.arraycopy(bad, 0, args, 3, bad.length);
      Run r = run(args);
      assertThat(r.status()).as(String.join(" ", bad)).isEqualTo(1);
      assertThat(r.err()).as(String.join(" ", bad)).startsWith("error: " + bad[bad.length - 2]);
    }
    assertThat(run("load").err()).contains("no KBS URL: give --url URL or set KBS_URL");
    assertThat(run("load", "seed", "--appraisals", "5").err()).contains("--jdbc-url");
    assertThat(LoadCommand.duration("x", "500ms").toMillis()).isEqualTo(500);
    assertThat(LoadCommand.duration("x", "2m").toSeconds()).isEqualTo(120);
    assertThat(LoadCommand.duration("x", "7").toSeconds()).isEqualTo(7);
  }
}
