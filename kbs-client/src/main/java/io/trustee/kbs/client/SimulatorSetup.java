package io.trustee.kbs.client;

import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Creates the az-snp-vtpm simulator for {@code --tee az-snp-vtpm}. The simulator's test AMD chain
 * is only accepted by a KBS that loaded it from its {@code kbs.amd.certs-dir} with {@code
 * kbs.amd.allow-unpinned-roots=true}, and the KBS reads that directory at start. So that one chain
 * serves many runs, {@code --sim-chain-dir DIR} keeps a seed in {@code DIR/kbs-client-sim.seed}
 * (created on first use, owner-only) and derives every simulator key from it with a seeded {@code
 * SHA1PRNG}: the same seed gives the same ARK, ASK, VCEK and AK keys, and the chain file {@code
 * DIR/milan_cert_chain.pem} is written when the seed is created or the file is missing.
 *
 * <p>The seed is as sensitive as the test chain's private keys: it lets anyone produce evidence the
 * configured KBS accepts. Labs only.
 */
final class SimulatorSetup {
  static final String SEED_FILE = "kbs-client-sim.seed";

  private SimulatorSetup() {}

  static AzSnpVtpmSimulator create(Path chainDir, PrintWriter log) {
    return create(chainDir, Map.of(), log).simulator();
  }

  /**
   * A simulator and whether this call wrote its chain file (a KBS picks a new file up only at its
   * next rescan of {@code kbs.amd.certs-dir}, at most 10 s later).
   */
  record Created(AzSnpVtpmSimulator simulator, boolean chainWritten) {}

  /**
   * As {@link #create(Path, PrintWriter)}, with some PCRs set to other values ({@code --sim-pcr}):
   * the same seed still gives the same keys, chip and measurement, so the KBS sees the same guest
   * with changed PCRs.
   */
  static Created create(Path chainDir, Map<Integer, byte[]> pcrs, PrintWriter log) {
    if (chainDir == null) {
      log.println(
          "warning: no --sim-chain-dir: the simulator uses a fresh test AMD chain that no KBS"
              + " trusts; attestation will be refused");
      AzSnpVtpmSimulator.Builder b = AzSnpVtpmSimulator.builder();
      pcrs.forEach(b::pcr);
      return new Created(b.build(), false);
    }
    try {
      Files.createDirectories(chainDir);
      Path seedFile = chainDir.resolve(SEED_FILE);
      boolean fresh = !Files.exists(seedFile);
      byte[] seed;
      if (fresh) {
        seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Files.createFile(seedFile, TeeKeys.ownerOnly(seedFile));
        Files.writeString(
            seedFile, HexFormat.of().formatHex(seed) + "\n", StandardCharsets.US_ASCII);
      } else {
        try {
          seed =
              HexFormat.of()
                  .parseHex(Files.readString(seedFile, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
          throw new CliException("--sim-chain-dir: " + seedFile + " is not a hex seed");
        }
      }
      AzSnpVtpmSimulator.Builder b = AzSnpVtpmSimulator.builder().random(seeded(seed));
      pcrs.forEach(b::pcr);
      AzSnpVtpmSimulator sim = b.build();
      Path chainFile = chainDir.resolve(sim.generation().fileName() + "_cert_chain.pem");
      boolean write = fresh || !Files.exists(chainFile);
      if (write) {
        sim.writeChainTo(chainDir);
        log.println(
            "wrote the simulator's test AMD chain to "
                + chainFile
                + "; a KBS trusts it when this is its kbs.amd.certs-dir and"
                + " kbs.amd.allow-unpinned-roots=true (the dev server of mvn -Prun: data/amd);"
                + " it re-reads the directory every 10 s");
      }
      return new Created(sim, write);
    } catch (IOException e) {
      throw new CliException("--sim-chain-dir " + chainDir + ": " + e.getMessage(), e);
    }
  }

  /** A SecureRandom whose output depends only on {@code seed} (seeded before first use). */
  static SecureRandom seeded(byte[] seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG unavailable", e);
    }
  }
}
