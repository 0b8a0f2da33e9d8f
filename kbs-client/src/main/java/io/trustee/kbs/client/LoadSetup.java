package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trustee.kbs.resource.ResourcePath;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code kbs-client load --setup}: prepares a server on its defaults for a load run, through the
 * admin API.
 *
 * <ol>
 *   <li>stores a fresh random secret at the load resource path (the run then checks every decrypted
 *       answer against it);
 *   <li>replaces the resource policy with the default policy (release to any attested TEE except
 *       {@code sample}) plus one rule that releases the load resource to every attested guest,
 *       {@code sample} included;
 *   <li>for {@code az-snp-vtpm}: attests once with the simulator and registers its measurement,
 *       PCRs and TCB as reference values (as {@code AzSnpVtpmIT} does), so that the appraisal is
 *       {@code affirming} and the run exercises the whole reference-value path. The server must
 *       already trust the simulator's test AMD chain: {@code --sim-chain-dir} names the directory
 *       the server reads as {@code kbs.amd.certs-dir} (with {@code
 *       kbs.amd.allow-unpinned-roots=true}).
 * </ol>
 *
 * Labs only: it changes the server's resource policy.
 */
final class LoadSetup {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private LoadSetup() {}

  /** Runs the steps above; returns the secret stored at {@code path}. */
  static byte[] run(
      AdminOptions admin,
      Clock clock,
      ResourcePath path,
      LoadGuest.Plan probePlan,
      PrintWriter log) {
    KbsHttp http = admin.server.http();
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    byte[] secret =
        ("kbs-load-" + HexFormat.of().formatHex(random)).getBytes(StandardCharsets.US_ASCII);
    send(
        http,
        admin,
        clock,
        http.request("/kbs/v0/resource/" + path, null)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(secret)));
    log.println("setup: stored a " + secret.length + "-byte secret at " + path);

    ObjectNode policy = JsonNodeFactory.instance.objectNode();
    policy.put("policy", B64URL.encodeToString(policyText(path).getBytes(StandardCharsets.UTF_8)));
    send(
        http,
        admin,
        clock,
        http.request("/kbs/v0/resource-policy", null)
            .header("Content-Type", KbsHttp.JSON_TYPE)
            .POST(KbsHttp.jsonBody(policy)));
    log.println(
        "setup: resource policy replaced by the default policy plus a rule releasing " + path);

    if ("az-snp-vtpm".equals(probePlan.source().tee())) {
      String token;
      try (LoadGuest guest = new LoadGuest(probePlan)) {
        token = guest.attest();
      } catch (LoadFailure e) {
        throw new CliException(
            "setup: a simulated az-snp-vtpm guest cannot attest ("
                + e.getMessage()
                + "); the KBS must trust the simulator's test AMD chain: run with"
                + " --sim-chain-dir set to the KBS's kbs.amd.certs-dir"
                + " (kbs.amd.allow-unpinned-roots=true), then wait 10 s for the rescan");
      }
      JsonNode claims =
          payload(token).at("/submods/cpu0/ear.veraison.annotated-evidence/az-snp-vtpm");
      if (!claims.isObject()) {
        throw new CliException("setup: the token carries no az-snp-vtpm claims");
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("version", "0.1.0");
      message.put("type", "sample");
      message.put(
          "payload",
          Base64.getEncoder()
              .encodeToString(
                  referenceValuesFor(claims).toString().getBytes(StandardCharsets.UTF_8)));
      send(
          http,
          admin,
          clock,
          http.request("/kbs/v0/reference-value", null)
              .header("Content-Type", KbsHttp.JSON_TYPE)
              .POST(KbsHttp.jsonBody(message)));
      log.println(
          "setup: registered the simulator's measurement, PCRs and TCB as reference values");
    }
    log.flush();
    return secret;
  }

  /** The default resource policy plus a rule for {@code path}. */
  static String policyText(ResourcePath path) {
    String segments =
        "["
            + TextNode.valueOf(path.repository())
            + ", "
            + TextNode.valueOf(path.type())
            + ", "
            + TextNode.valueOf(path.tag())
            + "]";
    return "package policy\n\nimport rego.v1\n\ndefault allow := false\n\n"
        + "allow if {\n"
        + "\tdata.plugin == \"resource\"\n"
        + "\tnot input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample\n"
        + "}\n\n"
        + "# kbs-client load --setup: the load resource, for every attested guest\n"
        + "allow if {\n"
        + "\tdata.plugin == \"resource\"\n"
        + "\tdata[\"resource-path\"] == "
        + segments
        + "\n}\n";
  }

  /** Reference values equal to a simulated guest's az-snp-vtpm claims. */
  static ObjectNode referenceValuesFor(JsonNode c) {
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    values.putArray("measurement").add(c.path("measurement").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = c.path("tpm").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pcr = it.next();
      values.putArray("snp_" + pcr.getKey()).add(pcr.getValue().asText());
    }
    String[][] pairs = {
      {"tcb_bootloader", "reported_tcb_bootloader"}, {"tcb_tee", "reported_tcb_tee"},
      {"tcb_snp", "reported_tcb_snp"}, {"tcb_microcode", "reported_tcb_microcode"},
      {"smt_enabled", "platform_smt_enabled"}, {"tsme_enabled", "platform_tsme_enabled"},
      {"abi_major", "policy_abi_major"}, {"abi_minor", "policy_abi_minor"},
      {"single_socket", "policy_single_socket"}, {"smt_allowed", "policy_smt_allowed"},
    };
    for (String[] p : pairs) {
      if (c.has(p[1])) {
        values.putArray(p[0]).add(c.get(p[1]).asText());
      }
    }
    return values;
  }

  private static JsonNode payload(String token) {
    String[] parts = token.split("\\.");
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | RuntimeException e) {
      throw new CliException("setup: the attestation token's payload is not JSON");
    }
  }

  private static void send(
      KbsHttp http, AdminOptions admin, Clock clock, HttpRequest.Builder request) {
    admin.authorize(request, clock.instant());
    http.send(request.build());
  }
}
