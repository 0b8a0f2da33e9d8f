package io.trustee.kbs.client;

import io.trustee.kbs.admin.AdminTokenLifetime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin-token}: prints the admin bearer token the other commands send ({@link AdminToken}),
 * with a lifetime of choice, for {@code curl -H "Authorization: Bearer …"} and the console. The
 * lifetime is bounded by the KBS's default {@code kbs.admin.max-token-lifetime} (24 h, {@link
 * AdminTokenLifetime#DEFAULT}): a longer token would be refused by the server anyway, and a
 * long-lived bearer token is what the bound exists to prevent. The token goes to stdout only; the
 * expiry note to stderr.
 */
@Command(
    name = "admin-token",
    mixinStandardHelpOptions = true,
    description =
        "Print a short-lived admin token (EdDSA JWT signed with the admin key) for curl and the"
            + " console: curl -H \"Authorization: Bearer $(kbs-client admin-token)\" …")
final class AdminTokenCommand implements Runnable {
  @ParentCommand KbsClient root;

  @Option(
      names = "--admin-key",
      paramLabel = "FILE",
      description = "Ed25519 private key PEM (default: $KBS_ADMIN_KEY)")
  Path adminKey;

  @Option(names = "--admin-role", paramLabel = "ROLE", description = "role claim for the token")
  String role;

  @Option(
      names = "--ttl",
      defaultValue = "1h",
      paramLabel = "TIME",
      description =
          "lifetime, e.g. 15m, 1h; at least 1s, at most 24h (the KBS's default"
              + " kbs.admin.max-token-lifetime; default: ${DEFAULT-VALUE})")
  String ttl;

  @Override
  public void run() {
    if (adminKey == null) {
      throw new CliException("no admin key: give --admin-key FILE or set KBS_ADMIN_KEY");
    }
    Duration lifetime = lifetime(ttl);
    Instant now = root.clock().instant();
    String token =
        AdminToken.mint(AdminToken.readKey(adminKey), now, Optional.ofNullable(role), lifetime);
    root.spec.commandLine().getOut().println(token);
    root.spec.commandLine().getOut().flush();
    root.spec
        .commandLine()
        .getErr()
        .println("admin token valid until " + now.plusSeconds(lifetime.getSeconds()));
  }

  /** {@code --ttl} as a whole number of seconds within the server's bound. */
  static Duration lifetime(String text) {
    Duration d = LoadCommand.duration("--ttl", text);
    Duration max = AdminTokenLifetime.DEFAULT.maxLifetime();
    if (d.getSeconds() < 1) {
      throw new CliException("--ttl: at least 1s, got " + text);
    }
    if (d.compareTo(max) > 0) {
      throw new CliException(
          "--ttl: at most "
              + max.toHours()
              + "h, got "
              + text
              + " (the KBS refuses admin tokens that expire further ahead than"
              + " kbs.admin.max-token-lifetime, 24h by default)");
    }
    return Duration.ofSeconds(d.getSeconds());
  }
}
