package io.trustee.kbs.client;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of every admin command: the server ({@link ServerOptions}), {@code --admin-key} (Ed25519
 * private key PEM; without it no {@code Authorization} header is sent, which only a KBS in {@code
 * InsecureAllowAll} mode accepts) and {@code --admin-role} (the {@code role} claim for ACL mode).
 */
final class AdminOptions {
  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--admin-key",
      paramLabel = "FILE",
      description =
          "Ed25519 private key PEM that signs the admin token (EdDSA JWT, 300 s; default:"
              + " $KBS_ADMIN_KEY)")
  Path adminKey;

  @Option(names = "--admin-role", paramLabel = "ROLE", description = "role claim for the token")
  String role;

  /** Adds the bearer token (minted for {@code now}) to {@code builder} if a key was given. */
  HttpRequest.Builder authorize(HttpRequest.Builder builder, Instant now) {
    if (adminKey != null) {
      String token = AdminToken.mint(AdminToken.readKey(adminKey), now, Optional.ofNullable(role));
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }
}
