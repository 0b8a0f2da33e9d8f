package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --output json|table} of the list commands. {@code json} (the default, as before the option
 * existed, so scripts keep working) prints the server's answer as received; {@code table} prints
 * chosen fields as aligned columns with a header ({@link Table}).
 */
final class OutputOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "json (the server's answer; default) or table (aligned columns)")
  String output;

  /** Whether a table was asked for; rejects other formats. */
  boolean table() {
    if (output == null) {
      return false;
    }
    return switch (output) {
      case "json" -> false;
      case "table" -> true;
      default -> throw new CliException("--output: expected json or table, got '" + output + "'");
    };
  }

  /** Whether {@code --output json} was given explicitly. */
  boolean jsonAsked() {
    return !table() && output != null;
  }

  /**
   * Prints {@code body} as received, or the array at {@code rows} (a JSON pointer; {@code ""} for
   * the whole answer) as a table of {@code columns}.
   */
  void print(PrintWriter out, byte[] body, String rows, List<Table.Column> columns) {
    if (!table()) {
      out.println(new String(body, StandardCharsets.UTF_8));
      out.flush();
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException("the server's answer is not JSON", e);
    }
    JsonNode list = root == null ? null : root.at(rows);
    if (list == null || !list.isArray()) {
      throw new CliException("the server's answer has no list to show as a table");
    }
    out.print(Table.render(list, columns));
    out.flush();
  }
}
