package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code attest}: runs {@code /auth} and {@code /attest} as a guest and prints the attestation
 * token. With {@code --save-key} the ephemeral TEE key is kept, so that {@code get-resource --token
 * T --tee-key FILE} can later decrypt resources fetched with that token.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = "Attest to the KBS (RCAR: auth + attest) and print the attestation token.")
final class AttestCommand implements Runnable {
  @ParentCommand KbsClient root;
  @Mixin ServerOptions server = new ServerOptions();
  @Mixin GuestOptions guest = new GuestOptions();

  @Option(
      names = "--save-key",
      paramLabel = "FILE",
      description = "write the ephemeral TEE key pair (PEM, owner-only) for get-resource --tee-key")
  Path saveKey;

  @Override
  public void run() {
    PrintWriter err = root.spec.commandLine().getErr();
    KbsHttp http = server.http();
    EvidenceSource source = guest.evidenceSource(err);
    TeeKeys keys = guest.keys();
    RcarClient rcar = new RcarClient(http);
    String token = guest.attest(rcar, keys, source, err).token();
    if (saveKey != null) {
      keys.save("--save-key", saveKey);
    }
    root.spec.commandLine().getOut().println(token);
  }
}
