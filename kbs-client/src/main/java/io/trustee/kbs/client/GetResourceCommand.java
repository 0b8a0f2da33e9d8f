package io.trustee.kbs.client;

import io.trustee.kbs.resource.ResourcePath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code get-resource}: fetches {@code repo/type/tag} as a guest and writes the decrypted secret to
 * stdout or {@code --out} (created owner-only; an existing file is replaced). Without {@code
 * --token} it runs the whole handshake first and uses the session cookie; with {@code --token} it
 * sends {@code Authorization: Bearer} and needs the TEE key the token was issued for ({@code
 * --tee-key}, written by {@code attest --save-key}).
 */
@Command(
    name = "get-resource",
    mixinStandardHelpOptions = true,
    description = "Fetch and decrypt a resource (full handshake, or Bearer with --token).")
final class GetResourceCommand implements Runnable {
  @ParentCommand KbsClient root;
  @Mixin ServerOptions server = new ServerOptions();
  @Mixin GuestOptions guest = new GuestOptions();

  @Parameters(index = "0", paramLabel = "REPO/TYPE/TAG")
  String path;

  @Option(names = "--token", paramLabel = "JWT", description = "attestation token (skip RCAR)")
  String token;

  @Option(
      names = "--tee-key",
      paramLabel = "FILE",
      description = "with --token: the TEE key file written by attest --save-key")
  Path teeKey;

  @Option(names = "--out", paramLabel = "FILE", description = "write the secret here")
  Path out;

  @Override
  public void run() {
    ResourcePath p = AdminCommands.resourcePath("REPO/TYPE/TAG", path);
    if (token != null && teeKey == null) {
      throw new CliException(
          "--token needs --tee-key (the response is encrypted to the key the token was issued"
              + " for)");
    }
    if (token == null && teeKey != null) {
      throw new CliException("--tee-key is only used together with --token");
    }
    KbsHttp http = server.http();
    RcarClient rcar = new RcarClient(http);
    byte[] secret;
    if (token != null) {
      secret =
          rcar.fetch(p, Optional.empty(), Optional.of(token), TeeKeys.load("--tee-key", teeKey));
    } else {
      PrintWriter err = root.spec.commandLine().getErr();
      EvidenceSource source = guest.evidenceSource(err);
      TeeKeys keys = guest.keys();
      GuestOptions.Attested attested = guest.attest(rcar, keys, source, err);
      secret = rcar.fetch(p, Optional.of(attested.session()), Optional.empty(), keys);
    }
    write(secret);
  }

  private void write(byte[] secret) {
    try {
      if (out == null) {
        OutputStream os = root.rawOut();
        os.write(secret);
        os.flush();
        return;
      }
      Files.deleteIfExists(out);
      Files.createFile(out, TeeKeys.ownerOnly(out));
      Files.write(out, secret);
      root.spec.commandLine().getErr().println("wrote " + secret.length + " bytes to " + out);
    } catch (IOException e) {
      throw new CliException("--out " + out + ": cannot write (" + e.getMessage() + ")", e);
    }
  }
}
