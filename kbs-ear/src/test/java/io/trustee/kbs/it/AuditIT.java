package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The audit trail over HTTP (issue #11 §2): every admin write endpoint called once leaves exactly
 * one event naming the admin key's fingerprint, the action and the target; a refused write is one
 * {@code denied} event; a guest's secret release is one event naming the guest by a hash; the
 * request id is echoed; a row edited through JDBC makes {@code /audit/verify} (and {@code
 * kbs-client audit verify}) name that event, and the chain verifies again once the row is put back.
 */
class AuditIT {

  record Write(
      String method, String path, byte[] body, String contentType, String action, String target) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static byte[] json(Object o) throws Exception {
    return KbsHttp.JSON.writeValueAsBytes(o);
  }

  private static String b64url(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode attestationPolicy(String id) {
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    body.put("type", "rego");
    body.put("policy_id", id);
    body.put(
        "policy",
        b64url(
            "package policy\n\ntrust_claims := {\"hardware\": 2, \"executables\": 3, "
                + "\"configuration\": 2}\n"));
    return body;
  }

  /** Every admin write endpoint, once (ending in a state the other ITs do not depend on). */
  static List<Write> adminWrites() throws Exception {
    String rvName = "it_audit_rv_" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode rv = KbsHttp.JSON.createObjectNode();
    rv.put("version", "0.1.0");
    rv.put("type", "sample");
    rv.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(("{\"" + rvName + "\": [\"abc\"]}").getBytes(StandardCharsets.UTF_8)));
    String json = "application/json";
    return List.of(
        new Write(
            "POST",
            "/kbs/v0/resource/it/audit/written",
            "audit-it-value".getBytes(StandardCharsets.UTF_8),
            "application/octet-stream",
            "secret.set",
            "it/audit/written"),
        new Write(
            "DELETE",
            "/kbs/v0/resource/it/audit/written",
            null,
            null,
            "secret.delete",
            "it/audit/written"),
        new Write(
            "POST",
            "/kbs/v0/resource-policy",
            json(Map.of("policy", b64url(Admin.ALLOW_ALL))),
            json,
            "policy.resource.set",
            "resource-policy"),
        new Write(
            "POST",
            "/kbs/v0/attestation-policy",
            json(attestationPolicy("it_audit_cpu")),
            json,
            "policy.attestation.set",
            "it_audit_cpu"),
        new Write(
            "POST",
            "/policy",
            json(attestationPolicy("it_audit_as_cpu")),
            json,
            "policy.attestation.set",
            "it_audit_as_cpu"),
        new Write("POST", "/kbs/v0/reference-value", json(rv), json, "rv.register", rvName),
        new Write(
            "POST",
            "/kbs/v0/reference-value/from-eventlog?register=true",
            "not an event log".getBytes(StandardCharsets.UTF_8),
            "application/octet-stream",
            "rv.register",
            "reference-value/from-eventlog"),
        new Write("DELETE", "/kbs/v0/reference-value/" + rvName, null, null, "rv.delete", rvName),
        new Write(
            "POST",
            "/kbs/v0/appraisal/987654321/promotion",
            null,
            null,
            "rv.promote",
            "appraisal/987654321"),
        new Write(
            "POST", "/kbs/v0/token-keys/rotate", null, null, "key.rotate", "token-signing-key"),
        new Write("POST", "/kbs/v0/kek/rewrap", null, null, "key.rewrap", "kek"));
  }

  private static KbsHttp.Reply send(Write w, String requestId, boolean withToken) throws Exception {
    Map<String, String> h = new HashMap<>();
    h.put("X-Request-Id", requestId);
    if (withToken) {
      h.putAll(Admin.auth());
    }
    if (w.contentType() != null) {
      h.put("Content-Type", w.contentType());
    }
    return new KbsHttp().send(w.method(), w.path(), w.body(), h);
  }

  static String header(KbsHttp.Reply r, String name) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse(null);
  }

  /** The events with request id {@code id}. */
  static JsonNode eventsOf(String id) throws Exception {
    KbsHttp.Reply r = new KbsHttp().get("/kbs/v0/audit?request_id=" + id, Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** {@code ed25519:} + SHA-256 of the server's admin public key (SubjectPublicKeyInfo DER). */
  static String adminFingerprint() throws Exception {
    byte[] spki =
        Pem.readPublicKey(KbsHttp.dataDir().resolve("admin/admin-public.pem")).getEncoded();
    return "ed25519:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
  }

  @Test
  void everyAdminWriteRecordsExactlyOneEventNamingTheAdminKey() throws Exception {
    String fingerprint = adminFingerprint();
    List<String> problems = new ArrayList<>();
    for (Write w : adminWrites()) {
      String id = "audit-it-" + UUID.randomUUID();
      KbsHttp.Reply r = send(w, id, true);
      assertThat(header(r, "X-Request-Id")).as(w.toString()).isEqualTo(id);
      JsonNode events = eventsOf(id);
      if (events.size() != 1) {
        problems.add(w + ": " + events.size() + " events " + events);
        continue;
      }
      JsonNode e = events.get(0);
      String outcome = r.status() / 100 == 2 ? "success" : "error";
      assertThat(e.path("action").asText()).as(w.toString()).isEqualTo(w.action());
      assertThat(e.path("target").asText()).as(w.toString()).isEqualTo(w.target());
      assertThat(e.path("actor").path("kind").asText()).as(w.toString()).isEqualTo("admin");
      assertThat(e.path("actor").path("id").asText()).as(w.toString()).isEqualTo(fingerprint);
      assertThat(e.path("status").asInt()).as(w.toString()).isEqualTo(r.status());
      assertThat(e.path("outcome").asText()).as(w + " " + r.body()).isEqualTo(outcome);
      assertThat(e.path("hash").asText()).hasSize(64);
    }
    assertThat(problems).isEmpty();
    // the secret's value appears in no event
    KbsHttp.Reply all = new KbsHttp().get("/kbs/v0/audit/export", Admin.auth());
    assertThat(all.status()).isEqualTo(200);
    assertThat(header(all, "Content-Type")).startsWith("application/x-ndjson");
    assertThat(all.body()).doesNotContain("audit-it-value").contains("\"secret.set\"");
  }

  /**
   * Appends racing on the head row lock (20 writers at once, each on its own secret so that the
   * only lock they share is the audit head's) each get one event, with distinct sequence numbers,
   * and the chain stays intact.
   */
  @Test
  void concurrentWritesFormOneIntactChain() throws Exception {
    String prefix = "audit-race-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        String id = prefix + "-" + i;
        Write w =
            new Write(
                "POST",
                "/kbs/v0/resource/it/audit/race-" + i,
                "v".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream",
                "secret.set",
                "it/audit/race-" + i);
        answers.add(pool.submit(() -> send(w, id, true).status()));
      }
      for (Future<Integer> f : answers) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    java.util.Set<Long> seqs = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      JsonNode events = eventsOf(prefix + "-" + i);
      assertThat(events).as(prefix + "-" + i).hasSize(1);
      assertThat(events.get(0).path("target").asText()).isEqualTo("it/audit/race-" + i);
      assertThat(seqs.add(events.get(0).path("seq").asLong())).isTrue();
    }
    KbsHttp.Reply v = new KbsHttp().get("/kbs/v0/audit/verify", Admin.auth());
    assertThat(v.json().path("intact").asBoolean()).as(v.body()).isTrue();
  }

  @Test
  void aReviewOnlyEventLogCallIsNotAnEvent() throws Exception {
    String id = "audit-it-" + UUID.randomUUID();
    send(
        new Write(
            "POST",
            "/kbs/v0/reference-value/from-eventlog",
            "x".getBytes(StandardCharsets.UTF_8),
            "application/octet-stream",
            "",
            ""),
        id,
        true);
    assertThat(eventsOf(id)).isEmpty();
  }

  @Test
  void aRefusedAdminWriteIsOneDeniedEvent() throws Exception {
    String id = "audit-it-" + UUID.randomUUID();
    Write w = adminWrites().get(0);
    KbsHttp.Reply r = send(w, id, false);
    assertThat(r.status()).isEqualTo(401);
    JsonNode events = eventsOf(id);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("outcome").asText()).isEqualTo("denied");
    assertThat(events.get(0).path("status").asInt()).isEqualTo(401);
    assertThat(events.get(0).path("actor").path("kind").asText()).isEqualTo("unauthenticated");
    assertThat(events.get(0).path("action").asText()).isEqualTo("secret.set");
  }

  @Test
  void aSecretReleaseIsOneEventNamingTheGuestByAHash() throws Exception {
    assertThat(Admin.putSecret("it/audit/released", "released-value").status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    String id = "audit-it-" + UUID.randomUUID();
    KbsHttp.Reply r =
        guest.http.get("/kbs/v0/resource/it/audit/released", Map.of("X-Request-Id", id));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode events = eventsOf(id);
    assertThat(events).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.path("action").asText()).isEqualTo("secret.release");
    assertThat(e.path("target").asText()).isEqualTo("it/audit/released");
    assertThat(e.path("outcome").asText()).isEqualTo("success");
    assertThat(e.path("actor").path("kind").asText()).isEqualTo("guest");
    assertThat(e.path("actor").path("tee").asText()).isEqualTo("sample");
    String session = guest.http.sessionCookie();
    String expected =
        "session:"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(session.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.path("actor").path("id").asText()).isEqualTo(expected);
    assertThat(e.toString()).doesNotContain(session).doesNotContain("released-value");
  }

  @Test
  void anInsaneRequestIdIsReplaced() throws Exception {
    KbsHttp.Reply r =
        new KbsHttp().get("/kbs/v0/resource", withAuth(Map.of("X-Request-Id", "x".repeat(200))));
    assertThat(header(r, "X-Request-Id")).matches("[0-9a-f-]{36}");
    KbsHttp.Reply none = new KbsHttp().get("/healthz");
    assertThat(header(none, "X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  private static Map<String, String> withAuth(Map<String, String> h) throws Exception {
    Map<String, String> all = new HashMap<>(h);
    all.putAll(Admin.auth());
    return all;
  }

  @Test
  void anEditedRowIsNamedByVerifyAndTheCliUntilItIsPutBack() throws Exception {
    String id = "audit-it-" + UUID.randomUUID();
    assertThat(send(adminWrites().get(2), id, true).status()).isEqualTo(200);
    long seq = eventsOf(id).get(0).path("seq").asLong();

    ItCli.Run ok = ItCli.admin("audit", "verify");
    assertThat(ok.status()).as(ok.err() + ok.out()).isZero();
    assertThat(ok.err()).contains("audit chain intact");
    ItCli.Run listed = ItCli.admin("audit", "list", "--request-id", id);
    assertThat(listed.status()).as(listed.err()).isZero();
    assertThat(KbsHttp.JSON.readTree(listed.out()).get(0).path("seq").asLong()).isEqualTo(seq);

    String original = setTarget(seq, "forged-target");
    try {
      KbsHttp.Reply v = new KbsHttp().get("/kbs/v0/audit/verify", Admin.auth());
      assertThat(v.status()).isEqualTo(200);
      assertThat(v.json().path("intact").asBoolean()).isFalse();
      assertThat(v.json().path("broken").path("seq").asLong()).isEqualTo(seq);
      assertThat(v.json().path("broken").path("reason").asText()).contains("edited");
      ItCli.Run broken = ItCli.admin("audit", "verify");
      assertThat(broken.status()).isEqualTo(1);
      assertThat(broken.err()).contains("audit chain broken at event " + seq);
    } finally {
      setTarget(seq, original);
    }
    KbsHttp.Reply again = new KbsHttp().get("/kbs/v0/audit/verify", Admin.auth());
    assertThat(again.json().path("intact").asBoolean()).as(again.body()).isTrue();
  }

  /** Sets one event's target through JDBC (server stopped for embedded Derby); returns the old. */
  private static String setTarget(long seq, String target) throws Exception {
    ItServer.stop();
    String old;
    try (Connection c = ItDatabase.open()) {
      try (PreparedStatement q =
          c.prepareStatement("SELECT EVENT_TARGET FROM KBS_AUDIT_EVENT WHERE SEQ_NO = ?")) {
        q.setLong(1, seq);
        try (ResultSet rs = q.executeQuery()) {
          assertThat(rs.next()).isTrue();
          old = rs.getString(1);
        }
      }
      try (PreparedStatement u =
          c.prepareStatement("UPDATE KBS_AUDIT_EVENT SET EVENT_TARGET = ? WHERE SEQ_NO = ?")) {
        u.setString(1, target);
        u.setLong(2, seq);
        assertThat(u.executeUpdate()).isEqualTo(1);
      }
    } finally {
      ItDatabase.release();
      ItServer.start();
    }
    return old;
  }
}
