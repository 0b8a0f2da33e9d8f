package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.resource.ResourcePath;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * The guest side of the KBS protocol 0.4.0 (kbs-protocol.md §3–§8): {@code POST /auth}, {@code POST
 * /attest} with evidence bound to the runtime data, and {@code GET /resource/…} with the session
 * cookie or a bearer token, decrypting the JWE answer with the ephemeral TEE key.
 *
 * <p>Not thread-safe for one session; create one per flow.
 */
final class RcarClient {
  static final String COOKIE = "kbs-session-id";

  /** The only runtime-data hash a non-SE KBS selects (§3.1). */
  static final String HASH = "sha384";

  private final KbsHttp http;

  RcarClient(KbsHttp http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** An authenticated session: its cookie value and the challenge nonce. */
  record Session(String cookie, String nonce) {
    @Override
    public String toString() {
      return "Session[nonce=" + nonce + "]";
    }
  }

  /** {@code POST /kbs/v0/auth}. */
  Session auth(String tee) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("version", ProtocolVersion.CURRENT.wire());
    body.put("tee", tee);
    body.putObject("extra-params").putArray("supported-hash-algorithms").add(HASH);
    HttpResponse<byte[]> r =
        http.send(
            http.request("/kbs/v0/auth", null)
                .header("Content-Type", KbsHttp.JSON_TYPE)
                .POST(KbsHttp.jsonBody(body))
                .build());
    JsonNode challenge = KbsHttp.json(r);
    JsonNode nonce = challenge.get("nonce");
    if (nonce == null || !nonce.isTextual() || nonce.textValue().isEmpty()) {
      throw new CliException("/kbs/v0/auth: challenge has no nonce");
    }
    JsonNode selected = challenge.path("extra-params").path("selected-hash-algorithm");
    if (selected.isTextual() && !HASH.equals(selected.textValue())) {
      throw new CliException(
          "/kbs/v0/auth: the KBS selected hash "
              + selected.textValue()
              + "; only sha384 is supported");
    }
    String cookie =
        KbsHttp.cookie(r, COOKIE)
            .orElseThrow(
                () -> new CliException("/kbs/v0/auth: no " + COOKIE + " cookie in the answer"));
    return new Session(cookie, nonce.textValue());
  }

  /** The report data for the primary evidence (§5): SHA-384 of the JCS runtime data. */
  static byte[] reportData(String nonce, TeePublicKey key) {
    return ReportDataBinding.hash(
        ReportDataBinding.runtimeDataJson(ProtocolVersion.CURRENT, nonce, key, ""));
  }

  /** The {@code /attest} body for a session (no init-data, no additional evidence). */
  static ObjectNode attestationBody(Session session, TeeKeys keys, EvidenceSource source) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode runtime = body.putObject("runtime-data");
    runtime.put("nonce", session.nonce());
    runtime.set("tee-pubkey", keys.jwk().toJcsJson());
    ObjectNode evidence = body.putObject("tee-evidence");
    evidence.set("primary_evidence", source.evidence(reportData(session.nonce(), keys.jwk())));
    evidence.put("additional_evidence", "");
    return body;
  }

  /** {@code POST /kbs/v0/attest}; returns the attestation token. */
  String attest(Session session, TeeKeys keys, EvidenceSource source) {
    HttpResponse<byte[]> r =
        http.send(
            http.request("/kbs/v0/attest", null)
                .header("Content-Type", KbsHttp.JSON_TYPE)
                .header("Cookie", COOKIE + "=" + session.cookie())
                .POST(KbsHttp.jsonBody(attestationBody(session, keys, source)))
                .build());
    JsonNode token = KbsHttp.json(r).get("token");
    if (token == null || !token.isTextual() || token.textValue().split("\\.", -1).length != 3) {
      throw new CliException("/kbs/v0/attest: the answer has no JWT token");
    }
    return token.textValue();
  }

  /**
   * {@code GET /kbs/v0/resource/<path>} with the session cookie or, if {@code session} is empty,
   * {@code Authorization: Bearer <token>}; returns the decrypted secret.
   */
  byte[] fetch(ResourcePath path, Optional<Session> session, Optional<String> token, TeeKeys keys) {
    HttpRequest.Builder b = http.request("/kbs/v0/resource/" + path, null).GET();
    if (session.isPresent()) {
      b.header("Cookie", COOKIE + "=" + session.get().cookie());
    } else {
      b.header(
          "Authorization",
          "Bearer " + token.orElseThrow(() -> new IllegalArgumentException("no session or token")));
    }
    return JweDecryptor.decrypt(KbsHttp.json(http.send(b.build())), keys);
  }
}
