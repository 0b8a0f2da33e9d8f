package io.trustee.kbs.client;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Key lifecycle commands (not upstream; README "With PostgreSQL"): the token signing key ring
 * ({@code /kbs/v0/token-keys}) and key-encryption-key rotation ({@code /kbs/v0/kek}). Each sends
 * one admin request through {@link AdminCommands.Base} and prints the JSON answer to stdout.
 */
final class KeyCommands {
  private KeyCommands() {}

  @Command(
      name = "token-keys",
      mixinStandardHelpOptions = true,
      description = "List the token signing keys (kid, state, source): GET /kbs/v0/token-keys.")
  static final class ListTokenKeys extends AdminCommands.Base {
    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public void run() {
      output.table();
      printList(
          call("GET", "/kbs/v0/token-keys", null, null, null),
          output,
          "/keys",
          List.of(
              Table.col("KID", "/kid"),
              Table.col("ALG", "/alg"),
              Table.col("STATE", "/state"),
              Table.col("SOURCE", "/source"),
              Table.col("KEK_ID", "/kek_id"),
              Table.col("CREATED_AT", "/created_at"),
              Table.col("RETIRED_AT", "/retired_at")));
    }
  }

  @Command(
      name = "rotate-token-key",
      mixinStandardHelpOptions = true,
      description =
          "Make a fresh key the token signing key; tokens of the old key keep verifying until they"
              + " expire: POST /kbs/v0/token-keys/rotate.")
  static final class RotateTokenKey extends AdminCommands.Base {
    @Override
    public void run() {
      printBody(call("POST", "/kbs/v0/token-keys/rotate", null, null, null));
      confirm("token signing key rotated");
    }
  }

  @Command(
      name = "kek-status",
      mixinStandardHelpOptions = true,
      description =
          "Show the active key-encryption key, the keys the server knows and how many stored"
              + " values each seals: GET /kbs/v0/kek.")
  static final class KekStatus extends AdminCommands.Base {
    @Override
    public void run() {
      printBody(call("GET", "/kbs/v0/kek", null, null, null));
    }
  }

  @Command(
      name = "rewrap-kek",
      mixinStandardHelpOptions = true,
      description =
          "Re-seal every stored secret and signing key under the active key-encryption key, in"
              + " batches (idempotent; repeat after an interruption): POST /kbs/v0/kek/rewrap.")
  static final class RewrapKek extends AdminCommands.Base {
    @Option(
        names = "--batch-size",
        paramLabel = "N",
        description = "secrets per transaction, 1..1000 (default 100)")
    Integer batchSize;

    @Override
    public void run() {
      if (batchSize != null && (batchSize < 1 || batchSize > 1000)) {
        throw new CliException("--batch-size: must be between 1 and 1000, got " + batchSize);
      }
      String query =
          batchSize == null ? null : KbsHttp.query(Map.of("batch_size", batchSize.toString()));
      printBody(call("POST", "/kbs/v0/kek/rewrap", query, null, null));
      confirm("stored values re-wrapped to the active key-encryption key");
    }
  }
}
