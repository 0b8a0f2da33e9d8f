package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin method and path refuses a request without a token, with a token signed by another key
 * and with an expired token, and stores nothing; a valid token is accepted. Traversal in resource
 * paths is refused.
 */
class AdminAuthIT {

  record Call(String method, String path, String body) {}

  static List<Call> adminCalls() {
    String policy = "{\"policy\":\"cGFja2FnZSBwb2xpY3kKZGVmYXVsdCBhbGxvdyA6PSB0cnVlCg\"}";
    String asPolicy =
        "{\"type\":\"rego\",\"policy_id\":\"it_denied\",\"policy\":\"cGFja2FnZSBwb2xpY3k\"}";
    String rv =
        "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"eyJpdF9kZW5pZWQiOlsiYSJdfQ==\"}";
    return List.of(
        new Call("POST", "/kbs/v0/resource/it/denied/secret", "should-not-be-stored"),
        new Call("DELETE", "/kbs/v0/resource/default/key/it-admin", null),
        new Call("GET", "/kbs/v0/resource", null),
        new Call("POST", "/kbs/v0/resource-policy", policy),
        new Call("GET", "/kbs/v0/resource-policy", null),
        new Call("GET", "/kbs/v0/resource-policy?view=text", null),
        new Call("POST", "/kbs/v0/attestation-policy", asPolicy),
        new Call("GET", "/kbs/v0/attestation-policy", null),
        new Call("POST", "/kbs/v0/reference-value", rv),
        new Call("GET", "/kbs/v0/reference-value", null),
        new Call("GET", "/kbs/v0/reference-value/it_denied", null),
        new Call("DELETE", "/kbs/v0/reference-value/it_denied", null),
        new Call("POST", "/policy", asPolicy),
        new Call("GET", "/policy", null));
  }

  static Stream<Arguments> refusedMatrix() throws Exception {
    List<Arguments> out = new ArrayList<>();
    String wrongKey = AdminTokens.token(AdminTokens.otherKey(), 600);
    String expired = AdminTokens.token(AdminTokens.serverTrustedKey(), -3600);
    for (Call c : adminCalls()) {
      out.add(Arguments.of(c, "no token", null));
      out.add(Arguments.of(c, "wrong key", "Bearer " + wrongKey));
      out.add(Arguments.of(c, "expired", "Bearer " + expired));
      out.add(Arguments.of(c, "garbage", "Bearer not.a.jwt"));
    }
    return out.stream();
  }

  private static KbsHttp.Reply send(Call c, String authorization) {
    Map<String, String> h = new java.util.HashMap<>();
    if (authorization != null) {
      h.put("Authorization", authorization);
    }
    h.put("Content-Type", "application/json");
    return new KbsHttp()
        .send(
            c.method(),
            c.path(),
            c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8),
            h);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("refusedMatrix")
  void refused(Call c, String what, String authorization) throws Exception {
    Admin.putSecret("default/key/it-admin", "keep-me");
    KbsHttp.Reply r = send(c, authorization);
    assertThat(r.status()).as(c + " " + what + ": " + r.body()).isEqualTo(401);
    assertThat(r.errorType()).startsWith("AdminAuth");
    // Nothing was stored or deleted.
    KbsHttp.Reply list = new KbsHttp().get("/kbs/v0/resource", Admin.auth());
    assertThat(list.body()).contains("default/key/it-admin").doesNotContain("it/denied/secret");
    KbsHttp.Reply rv = new KbsHttp().get("/kbs/v0/reference-value/it_denied", Admin.auth());
    assertThat(rv.status()).isEqualTo(401);
    KbsHttp.Reply ap = new KbsHttp().get("/kbs/v0/attestation-policy", Admin.auth());
    assertThat(ap.body()).doesNotContain("it_denied");
  }

  @Test
  void validTokenIsAccepted() throws Exception {
    assertThat(Admin.putSecret("default/key/it-admin", "ok").status()).isEqualTo(200);
    KbsHttp.Reply list = new KbsHttp().get("/kbs/v0/resource", Admin.auth());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("default/key/it-admin").doesNotContain("\"ok\"");
  }

  @Test
  void traversalAndBadPathsAreRefusedAndStoreNothing() throws Exception {
    String[] paths = {
      "/kbs/v0/resource/%2e%2e/key/x",
      "/kbs/v0/resource/default/%2e%2e/x",
      "/kbs/v0/resource/default/key/..%2fx",
      "/kbs/v0/resource/default/key/a%2fb",
      "/kbs/v0/resource/default/key",
      "/kbs/v0/resource/default/key/x/extra",
      "/kbs/v0/resource/.hidden/key/x",
      "/kbs/v0/resource/default//x",
    };
    for (String p : paths) {
      KbsHttp.Reply r =
          new KbsHttp().send("POST", p, "v".getBytes(StandardCharsets.UTF_8), Admin.auth());
      assertThat(r.status()).as(p + ": " + r.body()).isBetween(400, 499);
    }
    KbsHttp.Reply list = new KbsHttp().get("/kbs/v0/resource", Admin.auth());
    assertThat(list.body()).doesNotContain("hidden").doesNotContain("..").doesNotContain("extra");
  }
}
