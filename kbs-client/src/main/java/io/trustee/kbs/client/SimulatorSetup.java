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
    if (chainDir == null) {
      log.println(
          "warning: no --sim-chain-dir: the simulator uses a fresh test AMD chain that no KBS"
              + " trusts; attestation will be refused");
      return AzSnpVtpmSimulator.create();
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
      AzSnpVtpmSimulator sim = AzSnpVtpmSimulator.builder().random(seeded(seed)).build();
      Path chainFile = chainDir.resolve(sim.generation().fileName() + "_cert_chain.pem");
      if (fresh || !Files.exists(chainFile)) {
        sim.writeChainTo(chainDir);
        log.println(
            "wrote the simulator's test AMD chain to "
                + chainFile
                + "; point kbs.amd.certs-dir there, set kbs.amd.allow-unpinned-roots=true and"
                + " (re)start the KBS");
      }
      return sim;
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
