package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code promote}: registers the measurement and PCRs a refused guest reported, after showing them
 * ({@code GET /kbs/v0/appraisal/{id}/promotion}, then {@code POST} to the same path). The server
 * proposes only launch measurements and PCRs, never TCB or configuration values. The appraisal is
 * named by its id (the {@code PolicyDeny} detail names it) or, in labs, with {@code --latest}: the
 * newest appraisal of the last hour that has values to promote ({@code --tee} narrows it).
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description =
        "Register a refused guest's measurement and PCRs as reference values, after printing them:"
            + " POST /kbs/v0/appraisal/{id}/promotion.")
final class PromoteCommand extends AdminCommands.Base {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Either an appraisal id or {@code --latest}. */
  static final class Which {
    @Parameters(index = "0", paramLabel = "ID", description = "appraisal record id")
    Long id;

    @Option(
        names = "--latest",
        description =
            "the newest appraisal of the last hour with values to promote (labs: check the printed"
                + " values)")
    boolean latest;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  @Option(names = "--tee", paramLabel = "TEE", description = "with --latest: only this TEE")
  String tee;

  @Option(names = "--dry-run", description = "only print what would be registered")
  boolean dryRun;

  @Override
  public void run() {
    if (tee != null && !which.latest) {
      throw new CliException("--tee is only used together with --latest");
    }
    long id = which.latest ? latest() : which.id;
    if (id < 0) {
      throw new CliException("ID: must not be negative");
    }
    PrintWriter out = root.spec.commandLine().getOut();
    JsonNode proposal =
        json(call("GET", "/kbs/v0/appraisal/" + id + "/promotion", null, null, null));
    if (!proposal.isArray() || proposal.isEmpty()) {
      throw new CliException("appraisal " + id + " has no measurement or PCR to promote");
    }
    out.println(
        (dryRun ? "appraisal " + id + " would register:" : "appraisal " + id + " registers:"));
    for (JsonNode v : proposal) {
      out.println("  " + v.path("name").asText() + " = " + v.path("value"));
    }
    out.flush();
    if (dryRun) {
      return;
    }
    JsonNode names = json(call("POST", "/kbs/v0/appraisal/" + id + "/promotion", null, null, null));
    List<String> registered = new ArrayList<>();
    names.forEach(n -> registered.add(n.asText()));
    confirm("registered reference values " + String.join(", ", registered));
  }

  /** The newest appraisal (of the last hour) with proposed reference values, of {@code tee}. */
  private long latest() {
    JsonNode list = json(call("GET", "/kbs/v0/appraisal", "limit=500", null, null));
    for (JsonNode a : list) {
      if ((tee == null || tee.equals(a.path("tee").asText()))
          && a.path("record").path("proposed_reference_values").size() > 0) {
        long id = a.path("id").asLong();
        confirm(
            "latest: appraisal "
                + id
                + " ("
                + a.path("time").asText()
                + ", "
                + a.path("tee").asText()
                + ", "
                + a.path("status").asText()
                + ")");
        return id;
      }
    }
    throw new CliException(
        "no appraisal of the last hour"
            + (tee == null ? "" : " of TEE " + tee)
            + " has a measurement or PCR to promote");
  }

  private static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the server's answer is not JSON");
    }
  }
}
