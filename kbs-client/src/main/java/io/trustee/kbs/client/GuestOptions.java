package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  @Option(
      names = "--sim-pcr",
      paramLabel = "N=HEX",
      description =
          "az-snp-vtpm: the simulated guest reports PCR N (0-23) with this SHA-256 value (64 hex"
              + " digits) instead of its own, e.g. to see a PCR mismatch named; repeatable")
  List<String> simPcrs = new ArrayList<>();

  /** Whether the last {@link #evidenceSource} call wrote the simulator's chain file. */
  boolean chainWritten;

  EvidenceSource evidenceSource(PrintWriter log) {
    return switch (tee) {
      case "sample" -> {
        if (simChainDir != null) {
          throw new CliException("--sim-chain-dir: only meaningful with --tee az-snp-vtpm");
        }
        if (!simPcrs.isEmpty()) {
          throw new CliException("--sim-pcr: only meaningful with --tee az-snp-vtpm");
        }
        yield EvidenceSource.sample();
      }
      case "az-snp-vtpm" -> {
        SimulatorSetup.Created created =
            SimulatorSetup.create(simChainDir, pcrOverrides(simPcrs), log);
        chainWritten = created.chainWritten();
        yield EvidenceSource.simulated(created.simulator());
      }
      default ->
          throw new CliException(
              "--tee: unsupported TEE '" + tee + "' (expected sample, az-snp-vtpm)");
    };
  }

  private static final Pattern SIM_PCR = Pattern.compile("([0-9]{1,2})=([0-9a-fA-F]{64})");

  /** {@code --sim-pcr N=HEX} values by PCR index. */
  static Map<Integer, byte[]> pcrOverrides(List<String> specs) {
    Map<Integer, byte[]> out = new TreeMap<>();
    for (String spec : specs) {
      Matcher m = SIM_PCR.matcher(spec);
      if (!m.matches() || Integer.parseInt(m.group(1)) > 23) {
        throw new CliException(
            "--sim-pcr '"
                + spec
                + "': expected N=HEX with N from 0 to 23 and 64 hex digits (a SHA-256 PCR value)");
      }
      int index = Integer.parseInt(m.group(1));
      if (out.put(index, HexFormat.of().parseHex(m.group(2))) != null) {
        throw new CliException("--sim-pcr: PCR " + index + " given twice");
      }
    }
    return out;
  }

  /** How long {@link #attest} waits for a KBS to read a chain file this run has just written. */
  static final Duration CHAIN_WAIT = Duration.ofSeconds(30);

  /** An attested session and its token. */
  record Attested(RcarClient.Session session, String token) {}

  /**
   * {@code /auth} and {@code /attest}. When this run has just written the simulator's chain file
   * ({@code --sim-chain-dir}), the KBS sees it only at its next rescan of {@code kbs.amd.certs-dir}
   * (every 10 s): a refusal is then retried with a new session every 2 s for up to {@link
   * #CHAIN_WAIT}, and the last refusal is reported.
   */
  Attested attest(RcarClient rcar, TeeKeys keys, EvidenceSource source, PrintWriter log) {
    long deadline = System.nanoTime() + CHAIN_WAIT.toNanos();
    boolean told = false;
    while (true) {
      try {
        RcarClient.Session session = rcar.auth(source.tee());
        return new Attested(session, rcar.attest(session, keys, source));
      } catch (CliException e) {
        if (!chainWritten || System.nanoTime() > deadline) {
          throw e;
        }
        if (!told) {
          log.println(
              "the KBS has not read the new test AMD chain yet (it re-reads kbs.amd.certs-dir every"
                  + " 10 s): retrying for up to "
                  + CHAIN_WAIT.toSeconds()
                  + " s ("
                  + e.getMessage()
                  + ")");
          log.flush();
          told = true;
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted", ie);
        }
      }
    }
  }

  TeeKeys keys() {
    return TeeKeys.generate(keyType);
  }
}
