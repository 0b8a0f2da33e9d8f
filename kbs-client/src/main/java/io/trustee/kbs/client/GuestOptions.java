package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options that choose the evidence and the TEE key: {@code --tee}, {@code --key-type}, simulator.
 */
final class GuestOptions {
  @Option(
      names = "--tee",
      defaultValue = "sample",
      description = "sample or az-snp-vtpm (simulated; default: ${DEFAULT-VALUE})")
  String tee;

  @Option(
      names = "--key-type",
      defaultValue = "ec",
      description = "ephemeral TEE key: ec (P-256, ECDH-ES+A256KW) or rsa (RSA-OAEP-256)")
  String keyType;

  @Option(
      names = "--sim-chain-dir",
      paramLabel = "DIR",
      description =
          "az-snp-vtpm: keep the simulator seed here and write its test AMD chain for the KBS's"
              + " kbs.amd.certs-dir")
  Path simChainDir;

  EvidenceSource evidenceSource(PrintWriter log) {
    return switch (tee) {
      case "sample" -> {
        if (simChainDir != null) {
          throw new CliException("--sim-chain-dir: only meaningful with --tee az-snp-vtpm");
        }
        yield EvidenceSource.sample();
      }
      case "az-snp-vtpm" -> EvidenceSource.simulated(SimulatorSetup.create(simChainDir, log));
      default ->
          throw new CliException(
              "--tee: unsupported TEE '" + tee + "' (expected sample, az-snp-vtpm)");
    };
  }

  TeeKeys keys() {
    return TeeKeys.generate(keyType);
  }
}
