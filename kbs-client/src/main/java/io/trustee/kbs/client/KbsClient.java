package io.trustee.kbs.client;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar kbs-client.jar <command>}. Exit status: 0 on success, 1 when a
 * command fails ({@link CliException} or an unexpected error, printed as one {@code error:} line on
 * stderr), 2 for a usage error detected by picocli (unknown option, missing parameter).
 *
 * <p>The root command carries what commands share and tests replace: the clock (token times,
 * reference-value expiry) and the raw stdout stream (a fetched secret is written as bytes, not
 * text). Not thread-safe; one instance per invocation.
 */
@Command(
    name = "kbs-client",
    mixinStandardHelpOptions = true,
    version = "kbs-client 0.1.0 (KBS protocol 0.4.0)",
    description = "Client for the Trustee KBS: event-log reference values, guest RCAR, admin API.",
    subcommands = {
      EventLogToRvCommand.class,
      AttestCommand.class,
      GetResourceCommand.class,
      AdminCommands.SetResource.class,
      AdminCommands.DeleteResource.class,
      AdminCommands.ListResources.class,
      AdminCommands.SetResourcePolicy.class,
      AdminCommands.GetResourcePolicy.class,
      AdminCommands.SetAttestationPolicy.class,
      AdminCommands.RegisterRv.class,
      AdminCommands.ListRv.class,
      AdminCommands.GetRv.class,
      AdminCommands.RvHistory.class,
      AdminCommands.Appraisals.class,
      AdminCommands.AppraisalDiff.class,
      PromoteCommand.class,
      AdminCommands.DryRun.class,
      AdminCommands.Metrics.class,
      KeyCommands.ListTokenKeys.class,
      KeyCommands.RotateTokenKey.class,
      KeyCommands.KekStatus.class,
      KeyCommands.RewrapKek.class,
      AuditCommands.class,
      LoadCommand.class,
      AdminTokenCommand.class,
      DoctorCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KbsClient implements Runnable {
  private final Clock clock;
  private final OutputStream rawOut;
  private final CliEnvironment environment;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public KbsClient(Clock clock, OutputStream rawOut) {
    this(clock, rawOut, CliEnvironment.system());
  }

  KbsClient(Clock clock, OutputStream rawOut, CliEnvironment environment) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rawOut = Objects.requireNonNull(rawOut, "rawOut");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  public static void main(String[] args) {
    PrintStream out = System.out;
    int status = commandLine(Clock.systemUTC(), out).execute(args);
    out.flush();
    System.exit(status);
  }

  /**
   * A ready command line whose text output goes to {@code out} (and errors to stderr); tests
   * replace both with {@link CommandLine#setOut}/{@link CommandLine#setErr}. Reads {@code KBS_URL},
   * {@code KBS_ADMIN_KEY} and {@code KBS_CACERT} from the process environment.
   */
  public static CommandLine commandLine(Clock clock, OutputStream out) {
    return commandLine(clock, out, CliEnvironment.system());
  }

  /** As {@link #commandLine(Clock, OutputStream)} with the given environment (tests). */
  static CommandLine commandLine(Clock clock, OutputStream out, CliEnvironment environment) {
    CommandLine cl = new CommandLine(new KbsClient(clock, out, environment));
    cl.setDefaultValueProvider(environment.defaults());
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          String msg =
              ex instanceof CliException
                  ? ex.getMessage()
                  : ex.getClass().getSimpleName() + ": " + ex.getMessage();
          cmd.getErr().println("error: " + msg);
          cmd.getErr().flush();
          return 1;
        });
    return cl;
  }

  Clock clock() {
    return clock;
  }

  CliEnvironment environment() {
    return environment;
  }

  /** Raw stdout for binary output; flush after writing. */
  OutputStream rawOut() {
    spec.commandLine().getOut().flush();
    return rawOut;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
