package io.trustee.kbs.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Admin calls made with a valid admin token (helpers for test set-up). */
final class Admin {
  private Admin() {}

  static Map<String, String> auth() throws Exception {
    return Map.of("Authorization", AdminTokens.bearer(AdminTokens.valid()));
  }

  static KbsHttp.Reply putSecret(String path, String value) throws Exception {
    return putSecret(new KbsHttp(), AdminTokens.valid(), path, value);
  }

  /** Stores a secret through {@code http} with the admin token {@code token}. */
  static KbsHttp.Reply putSecret(KbsHttp http, String token, String path, String value) {
    return http.send(
        "POST",
        "/kbs/v0/resource/" + path,
        value.getBytes(StandardCharsets.UTF_8),
        Map.of(
            "Authorization",
            AdminTokens.bearer(token),
            "Content-Type",
            "application/octet-stream"));
  }

  static KbsHttp.Reply deleteSecret(String path) throws Exception {
    return new KbsHttp().send("DELETE", "/kbs/v0/resource/" + path, null, auth());
  }

  static KbsHttp.Reply setResourcePolicy(String rego) throws Exception {
    return setResourcePolicy(new KbsHttp(), AdminTokens.valid(), rego);
  }

  /** Replaces the resource policy through {@code http} with the admin token {@code token}. */
  static KbsHttp.Reply setResourcePolicy(KbsHttp http, String token, String rego) {
    String b64 =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(rego.getBytes(StandardCharsets.UTF_8));
    return http.postJson(
        "/kbs/v0/resource-policy",
        Map.of("policy", b64),
        Map.of("Authorization", AdminTokens.bearer(token)));
  }

  static final String ALLOW_ALL = "package policy\n\ndefault allow := true\n";
  static final String DENY_ALL = "package policy\n\ndefault allow := false\n";

  /** Release only when every submodule of the token is affirming. */
  static final String AFFIRMING_ONLY =
      "package policy\n\nimport rego.v1\n\ndefault allow := false\n\n"
          + "allow if {\n  count(input.submods) > 0\n"
          + "  every _, s in input.submods { s[\"ear.status\"] == \"affirming\" }\n}\n";
}
