package io.trustee.kbs.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code kbs-client} takes from its surroundings besides the arguments: the environment
 * variables {@code KBS_URL}, {@code KBS_ADMIN_KEY} and {@code KBS_CACERT}, which stand in for
 * {@code --url}, {@code --admin-key} and {@code --cacert} when those flags are absent (a flag
 * always wins), and whether the session is interactive (progress lines are shown then). Tests pass
 * their own instance instead of {@link #system()}. Immutable and thread-safe.
 *
 * @param variables the environment (only the three names above are read)
 * @param interactive whether a person is watching: there is a terminal console (Java cannot ask
 *     about stderr alone, so this is "stdin and stdout are a terminal")
 */
record CliEnvironment(Map<String, String> variables, boolean interactive) {
  /** Flag → environment variable. */
  static final Map<String, String> VARIABLES =
      Map.of("--url", "KBS_URL", "--admin-key", "KBS_ADMIN_KEY", "--cacert", "KBS_CACERT");

  CliEnvironment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
  }

  /** The process environment and console. */
  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), interactiveConsole());
  }

  /**
   * {@link System#console()} is present and, on Java 22 and later (where it returns a console even
   * when the streams are redirected), {@code Console.isTerminal()} says so.
   */
  private static boolean interactiveConsole() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17-21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** No variables, not interactive. */
  static CliEnvironment empty() {
    return new CliEnvironment(Map.of(), false);
  }

  /** The value of {@code name}, if set and not blank. */
  Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
  }

  /**
   * The picocli default-value provider that fills {@code --url}, {@code --admin-key} and {@code
   * --cacert} from {@link #VARIABLES} when the flag was not given. Picocli applies defaults after
   * matching the arguments, so a {@code --insecure-tls} on the command line is already set when
   * {@code --cacert} is asked for: {@code KBS_CACERT} is then left out (the flag wins) instead of
   * making the two conflict.
   */
  CommandLine.IDefaultValueProvider defaults() {
    return (ArgSpec arg) -> {
      if (!(arg instanceof OptionSpec o) || !VARIABLES.containsKey(o.longestName())) {
        return null;
      }
      if (o.longestName().equals("--cacert")) {
        OptionSpec insecure = o.command().findOption("--insecure-tls");
        if (insecure != null && Boolean.TRUE.equals(insecure.getValue())) {
          return null;
        }
      }
      return get(VARIABLES.get(o.longestName())).orElse(null);
    };
  }
}
