package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.store.StoredAppraisal;
import io.trustee.kbs.util.LogSafe;
import io.trustee.kbs.util.Utf8;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The admin commands (kbs-protocol.md §8.3, §9, and our {@code /appraisal} and {@code
 * /resource-policy/dry-run} extensions). Each sends one request with the bearer token of {@link
 * AdminOptions}; JSON answers go to stdout as received, confirmations to stderr. Secrets sent with
 * {@code set-resource} are never echoed.
 *
 * <p>The commands are nested classes of one file (about 670 lines) on purpose: each is a few lines
 * of request building on the shared {@link Base}, and reading them side by side is the easiest way
 * to check them against the endpoint table of the README. The {@code --output table} columns of the
 * list commands are named next to their request.
 */
final class AdminCommands {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private AdminCommands() {}

  /** Shared plumbing: the parent (clock, output) and the admin options. */
  abstract static class Base implements Runnable {
    @ParentCommand KbsClient root;
    @Mixin AdminOptions admin = new AdminOptions();

    /** Sends one request; {@code body} null means no body. */
    HttpResponse<byte[]> call(
        String method, String path, String query, byte[] body, String contentType) {
      KbsHttp http = admin.server.http();
      HttpRequest.Builder b = http.request(path, query);
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        b.header("Content-Type", contentType);
      }
      admin.authorize(b, root.clock().instant());
      return http.send(b.build());
    }

    void printBody(HttpResponse<byte[]> response) {
      root.spec.commandLine().getOut().println(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** The answer as JSON, or with {@code --output table} the array at {@code rows} as a table. */
    void printList(
        HttpResponse<byte[]> response,
        OutputOptions output,
        String rows,
        List<Table.Column> columns) {
      output.print(root.spec.commandLine().getOut(), response.body(), rows, columns);
    }

    void confirm(String message) {
      root.spec.commandLine().getErr().println(message);
    }
  }

  static ResourcePath resourcePath(String label, String text) {
    try {
      return ResourcePath.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          label + " '" + text + "': " + e.getMessage() + " (expected repository/type/tag)");
    }
  }

  /** b64url without padding of a UTF-8 text file (policies). */
  static String policyText(String option, Path file) {
    byte[] bytes = Files2.read(option, file);
    try {
      Utf8.decodeStrict(bytes);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " " + file + ": not UTF-8 text");
    }
    if (bytes.length == 0) {
      throw new CliException(option + " " + file + ": the policy file is empty");
    }
    return B64URL.encodeToString(bytes);
  }

  static JsonNode jsonFile(String option, Path file) {
    byte[] bytes = Files2.read(option, file);
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw new CliException(option + " " + file + ": empty, expected JSON");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(
          option + " " + file + ": not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new CliException(option + " " + file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  static byte[] utf8(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Command(
      name = "set-resource",
      mixinStandardHelpOptions = true,
      description = "Store (or replace) a secret: POST /kbs/v0/resource/REPO/TYPE/TAG.")
  static final class SetResource extends Base {
    @Parameters(index = "0", paramLabel = "REPO/TYPE/TAG")
    String path;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "secret bytes")
    Path file;

    @Override
    public void run() {
      ResourcePath p = resourcePath("REPO/TYPE/TAG", path);
      byte[] secret = Files2.read("--file", file);
      call("POST", "/kbs/v0/resource/" + p, null, secret, "application/octet-stream");
      confirm("stored " + p + " (" + secret.length + " bytes)");
    }
  }

  @Command(
      name = "delete-resource",
      mixinStandardHelpOptions = true,
      description = "Delete a secret: DELETE /kbs/v0/resource/REPO/TYPE/TAG.")
  static final class DeleteResource extends Base {
    @Parameters(index = "0", paramLabel = "REPO/TYPE/TAG")
    String path;

    @Override
    public void run() {
      ResourcePath p = resourcePath("REPO/TYPE/TAG", path);
      call("DELETE", "/kbs/v0/resource/" + p, null, null, null);
      confirm("deleted " + p);
    }
  }

  @Command(
      name = "list-resources",
      mixinStandardHelpOptions = true,
      description = "List stored secrets without their values: GET /kbs/v0/resource.")
  static final class ListResources extends Base {
    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      output.table();
      printList(
          call("GET", "/kbs/v0/resource", null, null, null),
          output,
          "",
          List.of(Table.col("PATH", "/path"), Table.col("UPDATED", "/updated")));
    }
  }

  @Command(
      name = "list-rv",
      mixinStandardHelpOptions = true,
      description =
          "List the current reference values with expiry and whether appraisal still uses them:"
              + " GET /kbs/v0/reference-value.")
  static final class ListRv extends Base {
    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      output.table();
      printList(
          call("GET", "/kbs/v0/reference-value", null, null, null),
          output,
          "",
          List.of(
              Table.col("NAME", "/name"),
              Table.col("EXPIRATION", "/expiration"),
              Table.col("EXPIRED", "/expired"),
              Table.col("VALUE", "/value")));
    }
  }

  @Command(
      name = "set-resource-policy",
      mixinStandardHelpOptions = true,
      description = "Set the resource policy (Rego): POST /kbs/v0/resource-policy.")
  static final class SetResourcePolicy extends Base {
    @Option(names = "--file", required = true, paramLabel = "POLICY.rego")
    Path file;

    @Override
    public void run() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("policy", policyText("--file", file));
      call("POST", "/kbs/v0/resource-policy", null, utf8(body), KbsHttp.JSON_TYPE);
      confirm("resource policy set from " + file);
    }
  }

  @Command(
      name = "get-resource-policy",
      mixinStandardHelpOptions = true,
      description =
          "Show the stored resource-policy ids (GET /kbs/v0/resource-policy), or with --text the"
              + " policy text (?view=text, not upstream).")
  static final class GetResourcePolicy extends Base {
    @Option(names = "--text", description = "print the policy text")
    boolean text;

    @Override
    public void run() {
      printBody(call("GET", "/kbs/v0/resource-policy", text ? "view=text" : null, null, null));
    }
  }

  @Command(
      name = "set-attestation-policy",
      mixinStandardHelpOptions = true,
      description = "Set an attestation (EAR) policy: POST /kbs/v0/attestation-policy.")
  static final class SetAttestationPolicy extends Base {
    @Option(
        names = "--id",
        defaultValue = "default_cpu",
        paramLabel = "ID",
        description = "policy id (default: ${DEFAULT-VALUE})")
    String id;

    @Option(names = "--file", required = true, paramLabel = "POLICY.rego")
    Path file;

    @Override
    public void run() {
      if (id.isBlank()) {
        throw new CliException("--id: must not be blank");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("type", "rego");
      body.put("policy_id", id);
      body.put("policy", policyText("--file", file));
      call("POST", "/kbs/v0/attestation-policy", null, utf8(body), KbsHttp.JSON_TYPE);
      confirm("attestation policy " + id + " set from " + file);
    }
  }

  @Command(
      name = "register-rv",
      mixinStandardHelpOptions = true,
      description =
          "Register reference values: POST /kbs/v0/reference-value with an RVPS message (e.g. the"
              + " output of eventlog-to-rv).")
  static final class RegisterRv extends Base {
    @Option(
        names = "--file",
        required = true,
        paramLabel = "MESSAGE.json",
        description = "an RVPS message; repeat for bulk registration (one request per file)")
    List<Path> files;

    @Option(
        names = "--progress",
        description =
            "a progress line per file on stderr (default: only in an interactive session)")
    boolean progress;

    @Override
    public void run() {
      // every file is checked before the first is sent, so a typo does not leave half a batch
      List<String> types = new ArrayList<>();
      for (Path file : files) {
        JsonNode msg = jsonFile("--file", file);
        if (!msg.isObject() || !msg.path("type").isTextual() || !msg.path("payload").isTextual()) {
          throw new CliException(
              "--file "
                  + file
                  + ": expected an RVPS message {\"version\",\"type\",\"payload\"} (rvps.md §2)");
        }
        types.add(msg.get("type").asText());
      }
      Progress shown =
          new Progress(
              root.spec.commandLine().getErr(),
              files.size() > 1 && Progress.shown(progress, root.environment()),
              "register-rv",
              files.size());
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        // The body goes as read: a signed message's signature covers the members as sent.
        try {
          call(
              "POST",
              "/kbs/v0/reference-value",
              null,
              Files2.read("--file", file),
              KbsHttp.JSON_TYPE);
        } catch (CliException e) {
          throw new CliException(
              "--file "
                  + file
                  + " ("
                  + i
                  + " of "
                  + files.size()
                  + " registered): "
                  + e.getMessage(),
              e);
        }
        if (files.size() == 1) {
          confirm("registered reference values (" + types.get(i) + ") from " + file);
        }
        shown.update(i + 1, "files");
      }
      if (files.size() > 1) {
        confirm("registered reference values from " + files.size() + " files");
      }
    }
  }

  @Command(
      name = "get-rv",
      mixinStandardHelpOptions = true,
      description = "Show one reference value: GET /kbs/v0/reference-value/NAME.")
  static final class GetRv extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      if (name.isBlank()) {
        throw new CliException("NAME: must not be blank");
      }
      output.table();
      printList(
          call("GET", "/kbs/v0/reference-value/" + name, null, null, null),
          output,
          "",
          List.of(Table.col("VALUE", "")));
    }
  }

  @Command(
      name = "rv-history",
      mixinStandardHelpOptions = true,
      description =
          "Show the recorded versions of a reference value, newest first (stored, deleted,"
              + " revoked; with time, expiration, version and source):"
              + " GET /kbs/v0/reference-value/NAME/history.")
  static final class RvHistory extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      if (name.isBlank()) {
        throw new CliException("NAME: must not be blank");
      }
      output.table();
      printList(
          call("GET", "/kbs/v0/reference-value/" + name + "/history", null, null, null),
          output,
          "",
          List.of(
              Table.col("RECORDED_AT", "/recorded_at"),
              Table.col("EVENT", "/event"),
              Table.col("SOURCE", "/source"),
              Table.col("VERSION", "/version"),
              Table.col("EXPIRATION", "/expiration"),
              Table.col("VALUE", "/value")));
    }
  }

  @Command(
      name = "appraisals",
      mixinStandardHelpOptions = true,
      description = "Show appraisal records (why a guest was denied): GET /kbs/v0/appraisal.")
  static final class Appraisals extends Base {
    @Option(names = "--session", paramLabel = "ID", description = "only this session")
    String session;

    @Option(names = "--since", paramLabel = "INSTANT", description = "e.g. 2026-11-29T10:00:00Z")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most N records")
    Integer limit;

    @Option(
        names = "--failed",
        description =
            "only records that are not affirming, as a table: time, guest (session#hash),"
                + " TEE, status, failed claims or refused check")
    boolean failed;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      if (session != null && !session.matches("[A-Za-z0-9-]{1,64}")) {
        throw new CliException("--session: '" + session + "' is not a session id");
      }
      if (since != null) {
        try {
          java.time.Instant.parse(since);
        } catch (java.time.format.DateTimeParseException e) {
          throw new CliException("--since: '" + since + "' is not an ISO-8601 instant");
        }
      }
      if (limit != null && limit <= 0) {
        throw new CliException("--limit: must be positive");
      }
      output.table();
      Map<String, String> q = new LinkedHashMap<>();
      q.put("session", session);
      q.put("since", since);
      q.put("limit", limit == null ? null : limit.toString());
      HttpResponse<byte[]> response =
          call("GET", "/kbs/v0/appraisal", KbsHttp.query(q), null, null);
      if (!failed) {
        printList(
            response,
            output,
            "",
            List.of(
                Table.col("ID", "/id"),
                Table.col("TIME", "/time"),
                Table.col("GUEST", "/session"),
                Table.col("TEE", "/tee"),
                Table.col("STATUS", "/status")));
        return;
      }
      JsonNode list;
      try {
        list = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new CliException("the server's answer is not JSON");
      }
      PrintWriter out = root.spec.commandLine().getOut();
      if (output.jsonAsked()) {
        ArrayNode notAffirming = JsonNodeFactory.instance.arrayNode();
        for (JsonNode a : list) {
          if (!a.path("status").asText().equals("affirming")) {
            notAffirming.add(a);
          }
        }
        out.println(notAffirming);
        out.flush();
        return;
      }
      String format = "%-20s  %-20s  %-12s  %-15s  %s%n";
      out.printf(format, "TIME", "GUEST", "TEE", "STATUS", "FAILED");
      for (JsonNode a : list) {
        String status = a.path("status").asText();
        if (status.equals("affirming")) {
          continue;
        }
        out.printf(
            format,
            a.path("time").asText(),
            guest(a.path("session").asText()),
            a.path("tee").asText(),
            status,
            failedClaims(a.path("record")));
      }
      out.flush();
    }

    /** The session as the server's log lines name it ({@link LogSafe#sessionRef}). */
    static String guest(String session) {
      if (session.isEmpty() || session.equals(StoredAppraisal.AS_API_SESSION)) {
        return session.isEmpty() ? "-" : session;
      }
      return LogSafe.sessionRef(session);
    }

    /** Non-affirming claims per submodule, or the refused check. */
    static String failedClaims(JsonNode record) {
      if (record.has("refused")) {
        return "refused: " + record.path("refused").path("check").asText();
      }
      List<String> out = new ArrayList<>();
      JsonNode subs = record.path("public_summary").path("submods");
      subs.fields()
          .forEachRemaining(
              e ->
                  e.getValue()
                      .path("claims")
                      .fields()
                      .forEachRemaining(
                          c ->
                              out.add(
                                  (subs.size() > 1 ? e.getKey() + "." : "")
                                      + c.getKey()
                                      + "="
                                      + c.getValue().asText())));
      return out.isEmpty() ? "-" : String.join(",", out);
    }
  }

  @Command(
      name = "appraisal",
      mixinStandardHelpOptions = true,
      description =
          "One appraisal record's PCR comparisons as a table (PCR, expected, observed, match):"
              + " GET /kbs/v0/appraisal/{id}.")
  static final class AppraisalDiff extends Base {
    private static final Pattern PCR_CLAIM = Pattern.compile("pcr([0-9]{1,2})$");

    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Override
    public void run() {
      if (id < 0) {
        throw new CliException("ID: must not be negative");
      }
      HttpResponse<byte[]> response = call("GET", "/kbs/v0/appraisal/" + id, null, null, null);
      JsonNode a;
      try {
        a = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new CliException("the server's answer is not JSON");
      }
      if (response.statusCode() != 200) {
        printBody(response);
        throw new CliException("no appraisal record " + id);
      }
      PrintWriter out = root.spec.commandLine().getOut();
      out.printf(
          "appraisal %d  %s  %s  %s%n",
          id, a.path("time").asText(), a.path("tee").asText(), a.path("status").asText());
      JsonNode refused = a.path("record").path("refused");
      if (!refused.isMissingNode()) {
        out.println("refused: " + refused.path("check").asText());
        out.flush();
        return;
      }
      String format = "%-12s  %-66s  %-66s  %s%n";
      out.printf(format, "PCR", "EXPECTED", "OBSERVED", "MATCH");
      a.path("record")
          .path("submods")
          .fields()
          .forEachRemaining(
              sub -> {
                for (JsonNode c : sub.getValue().path("reference_value_checks")) {
                  Matcher m =
                      PCR_CLAIM.matcher(c.path("claim").asText(c.path("reference_value").asText()));
                  if (!m.find()) {
                    continue;
                  }
                  JsonNode reg = c.path("registered");
                  List<String> expected = new ArrayList<>();
                  if (reg.isArray()) {
                    reg.forEach(v -> expected.add(v.asText()));
                  } else if (!reg.isMissingNode()) {
                    expected.add(reg.asText());
                  }
                  out.printf(
                      format,
                      "pcr" + m.group(1),
                      expected.isEmpty() ? "(not registered)" : String.join(",", expected),
                      c.path("observed").asText("-"),
                      c.path("matched").asBoolean() ? "yes" : "NO");
                }
              });
      out.flush();
    }
  }

  @Command(
      name = "metrics",
      mixinStandardHelpOptions = true,
      description =
          "The Prometheus metrics (text format), with admin credentials: GET /metrics. The upstream"
              + " names (kbs_attestation_*, kbs_auth_*, kbs_http_*, …) and ours are listed in the"
              + " README.")
  static final class Metrics extends Base {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Option(
        names = "--match",
        paramLabel = "PREFIX",
        description =
            "only the metrics whose name starts with PREFIX (samples and their # HELP / # TYPE"
                + " lines), e.g. kbs_attestation")
    String prefix;

    @Override
    public void run() {
      if (prefix != null && !NAME.matcher(prefix).matches()) {
        throw new CliException("--match: not a metric name prefix: " + prefix);
      }
      String text =
          new String(call("GET", "/metrics", null, null, null).body(), StandardCharsets.UTF_8);
      PrintWriter out = root.spec.commandLine().getOut();
      text.lines()
          .filter(l -> prefix == null || metricName(l).startsWith(prefix))
          .forEach(out::println);
      out.flush();
    }

    /** The metric a line of the text format is about ({@code # HELP name …}, {@code name{…} v}). */
    static String metricName(String line) {
      String rest =
          line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
      Matcher m = NAME.matcher(rest);
      return m.lookingAt() ? m.group() : "";
    }
  }

  @Command(
      name = "dry-run",
      mixinStandardHelpOptions = true,
      description =
          "Evaluate the resource policy for given token claims without fetching anything:"
              + " POST /kbs/v0/resource-policy/dry-run.")
  static final class DryRun extends Base {
    @Option(names = "--claims", required = true, paramLabel = "CLAIMS.json")
    Path claims;

    @Option(names = "--path", required = true, paramLabel = "REPO/TYPE/TAG")
    String path;

    @Option(
        names = "--policy",
        paramLabel = "POLICY.rego",
        description = "evaluate this policy instead of the stored one")
    Path policy;

    @Override
    public void run() {
      ResourcePath p = resourcePath("--path", path);
      JsonNode c = jsonFile("--claims", claims);
      if (!c.isObject()) {
        throw new CliException("--claims " + claims + ": must be a JSON object (token claims)");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.set("claims", c);
      body.put("resource-path", p.toString());
      if (policy != null) {
        body.put("policy", policyText("--policy", policy));
      }
      printBody(
          call("POST", "/kbs/v0/resource-policy/dry-run", null, utf8(body), KbsHttp.JSON_TYPE));
    }
  }
}
