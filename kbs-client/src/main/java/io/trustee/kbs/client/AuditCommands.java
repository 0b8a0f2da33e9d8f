package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kbs-client audit list|verify|export}: the audit trail of {@code /kbs/v0/audit} (not
 * upstream). {@code verify} exits with status 1 when the chain is broken, after printing the
 * server's answer (which names the first broken link), so scripts and cron jobs can alert on it.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The audit trail of admin changes and secret releases: list, verify, export.",
    subcommands = {
      AuditCommands.List.class,
      AuditCommands.Verify.class,
      AuditCommands.Export.class
    })
final class AuditCommands implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand KbsClient root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One admin GET with the token of {@link AdminOptions}. */
  abstract static class Sub implements Runnable {
    @ParentCommand AuditCommands group;
    @Mixin AdminOptions admin = new AdminOptions();

    /** {@code params} with null values left out; the URI quotes what needs quoting. */
    HttpResponse<byte[]> get(String path, Map<String, String> params) {
      params.forEach(
          (k, v) -> {
            if (v != null && (v.contains("&") || v.contains("#") || v.contains("="))) {
              throw new CliException("--" + k.replace('_', '-') + ": may not contain & # =");
            }
          });
      String query = KbsHttp.query(params);
      KbsHttp http = admin.server.http();
      HttpRequest.Builder b = http.request(path, query).GET();
      admin.authorize(b, group.root.clock().instant());
      return http.send(b.build());
    }

    void print(byte[] body) {
      group.spec.commandLine().getOut().println(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Audit events, newest first: GET /kbs/v0/audit.")
  static final class List extends Sub {
    @Option(names = "--since", paramLabel = "INSTANT", description = "e.g. 2026-12-01T00:00:00Z")
    String since;

    @Option(names = "--actor", paramLabel = "ID", description = "key fingerprint, subject, guest")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "e.g. secret.set")
    String action;

    @Option(names = "--request-id", paramLabel = "ID", description = "the X-Request-Id")
    String requestId;

    @Option(names = "--limit", paramLabel = "N", description = "1..1000 (default 100)")
    Integer limit;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      output.table();
      if (limit != null && (limit < 1 || limit > 1000)) {
        throw new CliException("--limit: must be between 1 and 1000, got " + limit);
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("since", since);
      q.put("actor", actor);
      q.put("action", action);
      q.put("request_id", requestId);
      q.put("limit", limit == null ? null : limit.toString());
      output.print(
          group.spec.commandLine().getOut(),
          get("/kbs/v0/audit", q).body(),
          "",
          java.util.List.of(
              Table.col("SEQ", "/seq"),
              Table.col("TIME", "/time"),
              Table.col("ACTOR", "/actor/id"),
              Table.col("ACTION", "/action"),
              Table.col("TARGET", "/target"),
              Table.col("OUTCOME", "/outcome"),
              Table.col("STATUS", "/status"),
              Table.col("REQUEST_ID", "/request_id")));
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Re-walk the hash chain from the purge anchor; exit 1 naming the first broken link:"
              + " GET /kbs/v0/audit/verify.")
  static final class Verify extends Sub {
    @Override
    public void run() {
      byte[] body = get("/kbs/v0/audit/verify", Map.of()).body();
      print(body);
      JsonNode v;
      try {
        v = JSON.readTree(body);
      } catch (IOException e) {
        throw new CliException("the server's answer is not JSON", e);
      }
      if (!v.path("intact").asBoolean(false)) {
        throw new CliException(
            "audit chain broken at event "
                + v.path("broken").path("seq").asText("?")
                + ": "
                + v.path("broken").path("reason").asText("?"));
      }
      group
          .spec
          .commandLine()
          .getErr()
          .println(
              "audit chain intact: "
                  + v.path("checked").asLong()
                  + " events after the anchor "
                  + v.path("anchor").path("seq").asLong()
                  + ", head "
                  + v.path("head").path("seq").asLong()
                  + " "
                  + v.path("head").path("hash").asText());
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Every event as JSON lines: GET /kbs/v0/audit/export.")
  static final class Export extends Sub {
    @Option(names = "--after", paramLabel = "SEQ", description = "only events after this one")
    Long after;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of stdout")
    Path out;

    @Override
    public void run() {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("after", after == null ? null : after.toString());
      byte[] body = get("/kbs/v0/audit/export", q).body();
      if (out == null) {
        group.spec.commandLine().getOut().print(new String(body, StandardCharsets.UTF_8));
        group.spec.commandLine().getOut().flush();
        return;
      }
      try {
        Files.write(out, body);
      } catch (IOException e) {
        throw new CliException("--out " + out + ": " + e.getMessage(), e);
      }
      group.spec.commandLine().getErr().println("exported to " + out);
    }
  }
}
