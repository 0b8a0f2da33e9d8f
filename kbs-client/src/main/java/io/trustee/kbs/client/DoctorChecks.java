package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.DefaultPolicies;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP rows of {@code kbs-client doctor}, in the order they are printed: readiness, admin
 * authentication, AMD chains (from {@code GET /kbs/v0/status}), az-snp-vtpm reference values, the
 * resource policy in force, and the token key published in the JWKS. Each check sends its own
 * requests and turns every failure, including an unreachable server, into a row; admin requests
 * carry the token of {@link AdminOptions} when a key was given, and without one a refusal makes the
 * row a warning ("skipped") instead of a failure. Not thread-safe; one per run.
 *
 * <p>A little over 300 lines: one method per row, each with the texts that explain its outcome.
 */
final class DoctorChecks {
  /** The reference values the default attestation policy consults for az-snp-vtpm. */
  static final List<String> AZ_SNP_VTPM_RVS =
      List.of("measurement", "snp_pcr03", "snp_pcr08", "snp_pcr09", "snp_pcr11", "snp_pcr12");

  /** Of those, the ones {@code default_cpu.rego} requires (the others are skipped when absent). */
  static final Set<String> REQUIRED_RVS = Set.of("measurement", "snp_pcr11");

  /** The path of the resource-policy dry run (nothing is read there). */
  static final String PROBE_PATH = "default/doctor/probe";

  private static final String NO_KEY = "skipped: needs an admin key (--admin-key or KBS_ADMIN_KEY)";

  private final KbsHttp http;
  private final AdminOptions admin;
  private final Clock clock;

  /** {@code GET /kbs/v0/status}, once read; null when unavailable. */
  private JsonNode status;

  DoctorChecks(KbsHttp http, AdminOptions admin, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** All HTTP rows. */
  List<DoctorRow> run() {
    List<DoctorRow> rows = new ArrayList<>();
    rows.add(guarded("readiness", this::readiness));
    rows.add(guarded("admin auth", this::adminAuth));
    rows.add(guarded("amd chains", this::amdChains));
    rows.add(guarded("reference values", this::referenceValues));
    rows.add(guarded("resource policy", this::resourcePolicy));
    rows.add(guarded("token keys", this::tokenKeys));
    return rows;
  }

  private static DoctorRow guarded(String check, Supplier<DoctorRow> row) {
    try {
      return row.get();
    } catch (CliException e) {
      return DoctorRow.fail(check, e.getMessage());
    }
  }

  private HttpResponse<byte[]> send(String method, String path, String query, byte[] body) {
    HttpRequest.Builder b = http.request(path, query);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", KbsHttp.JSON_TYPE);
    }
    admin.authorize(b, clock.instant());
    return http.exchange(b.build());
  }

  private HttpResponse<byte[]> get(String path) {
    return send("GET", path, null, null);
  }

  /** A row for a non-2xx admin answer, if it is one. */
  private Optional<DoctorRow> refused(String check, HttpResponse<byte[]> r) {
    int s = r.statusCode();
    if (s / 100 == 2) {
      return Optional.empty();
    }
    String why = "HTTP " + s + KbsHttp.describeError(r.body());
    if ((s == 401 || s == 403) && admin.adminKey == null) {
      return Optional.of(DoctorRow.warn(check, NO_KEY));
    }
    return Optional.of(DoctorRow.fail(check, r.request().uri().getRawPath() + ": " + why));
  }

  DoctorRow readiness() {
    HttpResponse<byte[]> r = http.exchange(http.request("/health/ready", null).GET().build());
    if (r.statusCode() == 200) {
      return DoctorRow.ok("readiness", "/health/ready: UP");
    }
    if (r.statusCode() == 503) {
      List<String> down = new ArrayList<>();
      KbsHttp.json(r)
          .path("checks")
          .forEach(
              c -> {
                if (!"UP".equals(c.path("status").asText())) {
                  down.add(c.path("name").asText());
                }
              });
      return DoctorRow.fail(
          "readiness",
          "/health/ready: DOWN ("
              + (down.isEmpty() ? "no check named" : String.join(", ", down))
              + "); the console listener's /health/ready has the reasons");
    }
    return DoctorRow.fail(
        "readiness", "/health/ready: HTTP " + r.statusCode() + KbsHttp.describeError(r.body()));
  }

  DoctorRow adminAuth() {
    HttpResponse<byte[]> r = get("/kbs/v0/resource-policy");
    if (admin.adminKey == null) {
      return r.statusCode() / 100 == 2
          ? DoctorRow.warn(
              "admin auth", "the admin API answers without credentials (insecure mode)")
          : DoctorRow.warn(
              "admin auth",
              "no admin key given (--admin-key or KBS_ADMIN_KEY): admin checks skipped");
    }
    if (r.statusCode() / 100 == 2) {
      return DoctorRow.ok("admin auth", "the admin key is accepted (GET /kbs/v0/resource-policy)");
    }
    return DoctorRow.fail(
        "admin auth",
        "the admin key is refused: HTTP " + r.statusCode() + KbsHttp.describeError(r.body()));
  }

  DoctorRow amdChains() {
    HttpResponse<byte[]> r = get("/kbs/v0/status");
    if (r.statusCode() == 404) {
      return DoctorRow.warn(
          "amd chains", "the server has no GET /kbs/v0/status (an older version): not checked");
    }
    Optional<DoctorRow> no = refused("amd chains", r);
    if (no.isPresent()) {
      return no.get();
    }
    status = KbsHttp.json(r);
    JsonNode az = tee("az-snp-vtpm");
    if (az == null) {
      return DoctorRow.warn("amd chains", "az-snp-vtpm is not installed on this server");
    }
    if (!az.path("available").asBoolean()) {
      return DoctorRow.warn(
          "amd chains",
          "az-snp-vtpm is not on offer: " + az.path("problem").asText("no reason given"));
    }
    List<String> products = new ArrayList<>();
    az.path("amd_products").forEach(p -> products.add(p.asText()));
    List<String> missing = new ArrayList<>(List.of("Milan", "Genoa", "Turin"));
    missing.removeAll(products);
    return DoctorRow.ok(
        "amd chains",
        "az-snp-vtpm: "
            + String.join(", ", products)
            + (missing.isEmpty() ? "" : " (no chain for " + String.join(", ", missing) + ")"));
  }

  private JsonNode tee(String name) {
    if (status == null) {
      return null;
    }
    for (JsonNode t : status.path("tees")) {
      if (name.equals(t.path("name").asText())) {
        return t;
      }
    }
    return null;
  }

  /** Whether a TEE's verifier is on offer: empty when unknown (no status). */
  private Optional<Boolean> available(String name) {
    if (status == null) {
      return Optional.empty();
    }
    JsonNode t = tee(name);
    return Optional.of(t != null && t.path("available").asBoolean());
  }

  DoctorRow referenceValues() {
    HttpResponse<byte[]> r = get("/kbs/v0/reference-value");
    Optional<DoctorRow> no = refused("reference values", r);
    if (no.isPresent()) {
      return no.get();
    }
    Map<String, Boolean> expired = new HashMap<>();
    KbsHttp.json(r)
        .forEach(v -> expired.put(v.path("name").asText(), v.path("expired").asBoolean()));
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (String name : AZ_SNP_VTPM_RVS) {
      if (!expired.containsKey(name)) {
        missing.add(name);
      } else if (expired.get(name)) {
        stale.add(name);
      }
    }
    if (missing.isEmpty() && stale.isEmpty()) {
      return DoctorRow.ok(
          "reference values", "az-snp-vtpm: " + String.join(", ", AZ_SNP_VTPM_RVS) + " registered");
    }
    String detail =
        "az-snp-vtpm: "
            + (missing.isEmpty() ? "" : "missing " + String.join(", ", missing))
            + (missing.isEmpty() || stale.isEmpty() ? "" : "; ")
            + (stale.isEmpty() ? "" : "expired " + String.join(", ", stale))
            + " (register them: kbs-client register-rv, eventlog-to-rv, or promote an appraisal)";
    Set<String> blocking = new HashSet<>(missing);
    blocking.addAll(stale);
    blocking.retainAll(REQUIRED_RVS);
    boolean azOn = available("az-snp-vtpm").orElse(false);
    return azOn && !blocking.isEmpty()
        ? DoctorRow.fail("reference values", detail + "; no az-snp-vtpm guest can be affirmed")
        : DoctorRow.warn("reference values", detail);
  }

  DoctorRow resourcePolicy() {
    HttpResponse<byte[]> text = send("GET", "/kbs/v0/resource-policy", "view=text", null);
    Optional<DoctorRow> no = refused("resource policy", text);
    if (no.isPresent()) {
      return no.get();
    }
    String which = identify(new String(text.body(), StandardCharsets.UTF_8));
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.set("claims", sampleClaims());
    req.put("resource-path", PROBE_PATH);
    HttpResponse<byte[]> dry =
        send(
            "POST",
            "/kbs/v0/resource-policy/dry-run",
            null,
            req.toString().getBytes(StandardCharsets.UTF_8));
    no = refused("resource policy", dry);
    if (no.isPresent()) {
      return no.get();
    }
    boolean sampleAllowed = KbsHttp.json(dry).path("allowed").asBoolean();
    String detail =
        which + "; an affirmed sample-TEE guest is " + (sampleAllowed ? "ALLOWED" : "refused");
    if (sampleAllowed && available("sample").orElse(false)) {
      return DoctorRow.warn(
          "resource policy",
          detail + " and the sample TEE is enabled: it proves nothing (labs only)");
    }
    return DoctorRow.ok("resource policy", detail);
  }

  /** Which policy the text is: one of the built-in ones, or custom. */
  static String identify(String text) {
    for (String id :
        List.of(DefaultPolicies.RESOURCE_DEFAULT, DefaultPolicies.RESOURCE_AFFIRMING_ONLY)) {
      if (DefaultPolicies.text(id).strip().equals(text.strip())) {
        return "built-in " + id;
      }
    }
    return "custom (" + text.lines().count() + " lines)";
  }

  /**
   * The claims of a token for an affirmed sample-TEE guest: the default policy refuses exactly
   * those that carry {@code submods.cpu0["ear.veraison.annotated-evidence"].sample}.
   */
  static ObjectNode sampleClaims() {
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    ObjectNode cpu0 = claims.putObject("submods").putObject("cpu0");
    cpu0.put("ear.status", "affirming");
    ObjectNode sample = cpu0.putObject("ear.veraison.annotated-evidence").putObject("sample");
    sample.put("svn", "1");
    sample.put("launch_digest", "abcde");
    sample.put("debug", false);
    return claims;
  }

  DoctorRow tokenKeys() {
    HttpResponse<byte[]> oidc =
        http.exchange(http.request("/.well-known/openid-configuration", null).GET().build());
    if (oidc.statusCode() != 200) {
      return DoctorRow.fail(
          "token keys",
          "/.well-known/openid-configuration: HTTP "
              + oidc.statusCode()
              + KbsHttp.describeError(oidc.body()));
    }
    String jwksUri = KbsHttp.json(oidc).path("jwks_uri").asText("");
    if (jwksUri.isEmpty()) {
      return DoctorRow.fail("token keys", "the openid-configuration has no jwks_uri");
    }
    HttpResponse<byte[]> jwks;
    try {
      jwks = http.exchange(HttpRequest.newBuilder(URI.create(jwksUri)).GET().build());
    } catch (IllegalArgumentException e) {
      return DoctorRow.fail("token keys", "jwks_uri is not a URL: " + jwksUri);
    } catch (CliException e) {
      return DoctorRow.fail("token keys", "jwks_uri " + jwksUri + ": " + e.getMessage());
    }
    if (jwks.statusCode() != 200) {
      return DoctorRow.fail("token keys", jwksUri + ": HTTP " + jwks.statusCode());
    }
    Set<String> kids = new HashSet<>();
    KbsHttp.json(jwks).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    if (kids.isEmpty()) {
      return DoctorRow.fail(
          "token keys", jwksUri + " publishes no keys: tokens cannot be verified");
    }
    HttpResponse<byte[]> ring = get("/kbs/v0/token-keys");
    if (ring.statusCode() / 100 != 2) {
      String why = refused("token keys", ring).orElseThrow().detail();
      return DoctorRow.ok(
          "token keys",
          kids.size() + " key(s) at " + jwksUri + " (active key not compared: " + why + ")");
    }
    String active = KbsHttp.json(ring).path("active").asText("");
    if (!kids.contains(active)) {
      return DoctorRow.fail(
          "token keys",
          "the active signing key "
              + active
              + " is not in "
              + jwksUri
              + ": relying parties cannot verify new tokens");
    }
    return DoctorRow.ok("token keys", "active key " + active + " is published at " + jwksUri);
  }
}
