package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing unauthenticated grows storage without bound (issue #8 §1). The server is restarted with a
 * small appraisal budget, a tight rate limit counted per {@code X-Forwarded-For} address (so that
 * one test can play many clients) and a per-client session cap; floods of large unauthenticated
 * requests from many addresses then leave the database within the budget, and a real guest still
 * attests and fetches a secret. The AS API is opened to unauthenticated callers ({@code
 * kbs.as-api.public}), the worst case for storage. Restores the normal configuration at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageBoundsIT {
  static final int MAX_ROWS = 20;
  static final int MAX_RECORD_BYTES = 32 * 1024;
  static final int MAX_TOKEN_BYTES = 64 * 1024;
  static final int FLOOD = 30;
  static final int SVN_CHARS = 1_400_000;
  static final String SECRET = "storage-bounds-secret-" + System.nanoTime();

  static Map<String, String> bounded() {
    Map<String, String> m = new HashMap<>();
    m.put("kbs.appraisal.max-rows", String.valueOf(MAX_ROWS));
    m.put("kbs.ratelimit.rate", "1");
    m.put("kbs.ratelimit.burst", "5");
    m.put("kbs.ratelimit.trusted-proxy-header", "X-Forwarded-For");
    m.put("kbs.session.max-per-client", "3");
    // The worst case: an operator opened the AS API to unauthenticated callers.
    m.put("kbs.as-api.public", "true");
    return m;
  }

  @BeforeAll
  static void boundedServer() throws Exception {
    ItServer.override(bounded());
    ItServer.restart();
  }

  @AfterAll
  static void normalServer() throws Exception {
    ItServer.override(null);
    ItServer.restart();
  }

  static Map<String, String> from(String address) {
    return Map.of("X-Forwarded-For", "198.18.0.1, " + address);
  }

  static ObjectNode hugeSampleRequest() {
    byte[] reportData = "challenge".getBytes(StandardCharsets.US_ASCII);
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    ArrayNode reqs = body.putArray("verification_requests");
    ObjectNode r = reqs.addObject();
    r.put("tee", "sample");
    String evidence =
        "{\"svn\":\""
            + "7".repeat(SVN_CHARS)
            + "\",\"report_data\":\""
            + Base64.getEncoder().encodeToString(reportData)
            + "\"}";
    r.put(
        "evidence",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(evidence.getBytes(StandardCharsets.UTF_8)));
    r.putObject("runtime_data")
        .put("raw", Base64.getUrlEncoder().withoutPadding().encodeToString(reportData));
    body.putArray("policy_ids");
    return body;
  }

  static void assertTooMany(KbsHttp.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(429);
    assertThat(r.errorType()).isEqualTo("TooManyRequests");
    assertThat(r.headers().get("retry-after")).as("Retry-After").isNotNull();
    assertThat(Long.parseLong(r.headers().get("retry-after").get(0))).isPositive();
  }

  @Test
  @Order(1)
  void aBurstFromOneClientIsRefusedWith429AndRetryAfter() {
    KbsHttp http = new KbsHttp();
    List<Integer> statuses = new ArrayList<>();
    KbsHttp.Reply refused = null;
    for (int i = 0; i < 12; i++) {
      KbsHttp.Reply r = http.postJson("/attestation", "{}".getBytes(), from("203.0.113.1"));
      statuses.add(r.status());
      if (r.status() == 429 && refused == null) {
        refused = r;
      }
    }
    assertThat(statuses.subList(0, 5)).as("the burst").containsOnly(400);
    assertThat(refused).as("statuses " + statuses).isNotNull();
    assertTooMany(refused);
    // Other clients are not affected; the proxy-appended (rightmost) address is what counts.
    assertThat(http.postJson("/attestation", "{}".getBytes(), from("203.0.113.99")).status())
        .isEqualTo(400);
    // The limit also guards /auth and /attest.
    assertTooMany(http.postJson("/kbs/v0/auth", "{}".getBytes(), from("203.0.113.1")));
    assertTooMany(http.postJson("/kbs/v0/attest", "{}".getBytes(), from("203.0.113.1")));
  }

  @Test
  @Order(2)
  void oneClientOpensOnlyItsAllowanceOfSessions() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.4.0");
    req.put("tee", "sample");
    req.put("extra-params", "");
    for (int i = 0; i < 3; i++) {
      KbsHttp.Reply r = guest.http.postJson("/kbs/v0/auth", req, from("203.0.113.2"));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    KbsHttp.Reply fourth = guest.http.postJson("/kbs/v0/auth", req, from("203.0.113.2"));
    assertTooMany(fourth);
    assertThat(fourth.json().get("detail").asText()).contains("kbs.session.max-per-client");
  }

  @Test
  @Order(3)
  void aTokenTooLargeToStoreIsRefused() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    KbsHttp.Reply a = guest.http.postJson("/kbs/v0/auth", authRequest(), from("203.0.113.3"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String nonce = a.json().get("nonce").asText();
    ObjectNode evidence = KbsHttp.JSON.createObjectNode();
    evidence.put("svn", "7".repeat(SVN_CHARS));
    evidence.put("report_data", Base64.getEncoder().encodeToString(guest.reportData(nonce)));
    KbsHttp.Reply t =
        guest.http.postJson(
            "/kbs/v0/attest", guest.attestationBody(nonce, evidence), from("203.0.113.3"));
    assertThat(t.status()).as(t.body()).isEqualTo(401);
    assertThat(t.json().get("detail").asText()).contains("kbs.token.max-bytes");
  }

  static ObjectNode authRequest() {
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.4.0");
    req.put("tee", "sample");
    req.putObject("extra-params").putArray("supported-hash-algorithms").add("sha384");
    return req;
  }

  @Test
  @Order(4)
  void floodsOfLargeUnauthenticatedRequestsStayWithinTheBudget() throws Exception {
    assertThat(Admin.putSecret("default/key/it-storage", SECRET).status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    KbsHttp http = new KbsHttp();
    ObjectNode huge = hugeSampleRequest();
    byte[] hugeBody = KbsHttp.JSON.writeValueAsBytes(huge);
    assertThat(hugeBody.length).isGreaterThan(SVN_CHARS);
    for (int i = 0; i < FLOOD; i++) {
      KbsHttp.Reply r = http.postJson("/attestation", hugeBody, from("198.51.100." + i));
      assertThat(r.status()).as("request " + i + ": " + r.body()).isEqualTo(200);
    }
    for (int i = 0; i < FLOOD; i++) {
      KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/auth", authRequest(), from("192.0.2." + i));
      assertThat(r.status()).as("auth " + i + ": " + r.body()).isEqualTo(200);
    }

    ItServer.stop();
    long rows = 0;
    long bytes = 0;
    long largestRecord = 0;
    long largestToken = 0;
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT RECORD_JSON FROM KBS_APPRAISAL")) {
        while (rs.next()) {
          long n = rs.getString(1).getBytes(StandardCharsets.UTF_8).length;
          rows++;
          bytes += n;
          largestRecord = Math.max(largestRecord, n);
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT TOKEN FROM KBS_SESSION")) {
        while (rs.next()) {
          String token = rs.getString(1);
          largestToken = Math.max(largestToken, token == null ? 0 : token.length());
        }
      }
    } finally {
      ItDatabase.release();
    }
    ItServer.start();

    assertThat(rows).as("appraisal rows").isLessThanOrEqualTo(MAX_ROWS);
    assertThat(largestRecord).as("largest appraisal record").isLessThanOrEqualTo(MAX_RECORD_BYTES);
    // The huge claim is stored cut: a flood of 1.4 MB claims stores a few KiB per row.
    assertThat(largestRecord).isLessThan(SVN_CHARS / 100);
    assertThat(bytes).as("appraisal bytes").isLessThanOrEqualTo((long) MAX_ROWS * MAX_RECORD_BYTES);
    assertThat(largestToken).as("largest stored token").isLessThanOrEqualTo(MAX_TOKEN_BYTES);

    // A real guest (from its own address) still attests and gets its secret.
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/it-storage");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo(SECRET);
    // And its "why denied" record is there, newest of the budget.
    KbsHttp.Reply records =
        new KbsHttp().get("/kbs/v0/appraisal?session=" + guest.http.sessionCookie(), Admin.auth());
    assertThat(records.status()).isEqualTo(200);
    assertThat(records.json()).hasSize(1);
  }

  @Test
  @Order(5)
  void globalSessionCapAndDisabledSampleTee() throws Exception {
    Map<String, String> m = bounded();
    m.put("kbs.session.max-total", "1");
    m.put("kbs.tee.sample.enabled", "false");
    ItServer.override(m);
    ItServer.restart();

    SampleGuest guest = SampleGuest.ec();
    KbsHttp.Reply sample = guest.auth();
    assertThat(sample.status()).as(sample.body()).isEqualTo(401);
    assertThat(sample.json().get("detail").asText()).contains("kbs.tee.sample.enabled");
    KbsHttp.Reply as = new KbsHttp().postJson("/attestation", hugeSampleRequest());
    assertThat(as.status()).as(as.body()).isEqualTo(400);
    assertThat(as.json().get("detail").asText()).contains("kbs.tee.sample.enabled");

    // The sessions of the flood above are still live: the server-wide cap (1) is reached.
    KbsHttp.Reply snp = guest.auth("az-snp-vtpm");
    assertTooMany(snp);
    assertThat(snp.json().get("detail").asText()).contains("too many open sessions");
  }
}
