package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" steps and {@code examples/quickstart.sh} are the same walkthrough: every
 * command of the README's steps block is a line of the script, in the same order, and the script
 * runs no {@code kbs-client} command the README does not show. Each {@code kbs-client} command of
 * the block parses with the current command line (no unknown command or option), and the files it
 * names exist in the repository. ({@code QuickstartIT} runs the script against a server.)
 */
class QuickstartScriptTest {
  static final String MARKER = "<!-- quickstart steps:";
  private static final Path ROOT = Path.of("..");

  /** The commands of the README's steps block: its lines that are neither blank nor comments. */
  static List<String> readmeSteps(String readme) {
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("README marker " + MARKER).isNotNegative();
    int start = readme.indexOf("```bash\n", marker);
    int end = readme.indexOf("\n```", start + 1);
    assertThat(start).as("a bash block after the marker").isPositive();
    List<String> out = new ArrayList<>();
    for (String line : readme.substring(start + "```bash\n".length(), end).split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  private static List<String> scriptLines() throws Exception {
    return Files.readAllLines(ROOT.resolve("examples/quickstart.sh")).stream()
        .map(String::strip)
        .toList();
  }

  @Test
  void theReadmeStepsAreTheScriptsCommandsInOrder() throws Exception {
    List<String> steps = readmeSteps(Files.readString(ROOT.resolve("README.md")));
    assertThat(steps).hasSizeGreaterThanOrEqualTo(10);
    List<String> script = scriptLines();
    int at = 0;
    for (String step : steps) {
      int found = script.subList(at, script.size()).indexOf(step);
      assertThat(found)
          .as("README step not in examples/quickstart.sh (after line %d): %s", at, step)
          .isNotNegative();
      at += found + 1;
    }
    List<String> scriptCommands = script.stream().filter(l -> l.startsWith("$K ")).toList();
    assertThat(scriptCommands)
        .as("kbs-client commands of the script")
        .containsExactlyElementsOf(steps.stream().filter(l -> l.startsWith("$K ")).toList());
    assertThat(script).contains("set -euo pipefail");
    assertThat(Files.isExecutable(ROOT.resolve("examples/quickstart.sh"))).isTrue();
  }

  @Test
  void everyReadmeCommandParsesAndItsFilesExist() throws Exception {
    List<String> steps = readmeSteps(Files.readString(ROOT.resolve("README.md")));
    for (String step : steps.stream().filter(l -> l.startsWith("$K ")).toList()) {
      String expanded =
          step.replace("|| true", "")
              .replace("$AMD", "data/amd")
              .replace("$A", "$S --admin-key data/admin/admin-private.pem")
              .replace("$S", "--url https://localhost:8080 --insecure-tls")
              .replace("$W", "/tmp/w")
              .substring("$K ".length())
              .strip();
      String[] args = expanded.split("\\s+");
      assertThatCode(
              () ->
                  KbsClient.commandLine(Clock.systemUTC(), new ByteArrayOutputStream())
                      .parseArgs(args))
          .as(step)
          .doesNotThrowAnyException();
      List<String> list = Arrays.asList(args);
      int file = list.indexOf("--file");
      if (file >= 0 && !args[file + 1].startsWith("/tmp/")) {
        assertThat(ROOT.resolve(args[file + 1])).as(step).isRegularFile();
      }
    }
  }

  @Test
  void theStepsBlockIsFoundAndCommentsAreSkipped() {
    String readme =
        "x\n" + MARKER + " -->\n```bash\n# c\n$K a $S\n\n  $K b || true\n```\n```bash\n$K c\n```\n";
    assertThat(readmeSteps(readme)).containsExactly("$K a $S", "$K b || true");
  }
}
