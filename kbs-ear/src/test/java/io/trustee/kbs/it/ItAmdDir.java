package io.trustee.kbs.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The IT server's {@code kbs.amd.certs-dir} ({@code <data>/amd}) for a test whose simulated
 * az-snp-vtpm guest writes its own test chain there ({@code kbs-client --sim-chain-dir}): the Milan
 * chains and simulator seed that other ITs keep there are set aside first and put back afterwards,
 * and a directory that did not exist before is removed again (an empty certs directory would be an
 * unusable AMD chain: readiness DOWN).
 */
final class ItAmdDir {
  static final Path AMD = KbsHttp.dataDir().resolve("amd");
  static final String SEED = "kbs-client-sim.seed";

  private final Path setAside;
  private boolean wasThere;

  ItAmdDir(String owner) {
    this.setAside = KbsHttp.dataDir().resolve("amd-set-aside-by-" + owner);
  }

  /** Moves the other tests' chains and seed out of the way. */
  void setAside() throws Exception {
    wasThere = Files.isDirectory(AMD);
    Files.createDirectories(AMD);
    Files.createDirectories(setAside);
    try (Stream<Path> files = Files.list(AMD)) {
      for (Path f :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith("milan")
                          || f.getFileName().toString().equals(SEED))
              .toList()) {
        Files.move(f, setAside.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Removes the simulator's chain and seed and puts the set-aside files back. */
  void restore() throws Exception {
    if (!Files.isDirectory(setAside)) {
      return;
    }
    Files.deleteIfExists(AMD.resolve("milan_cert_chain.pem"));
    Files.deleteIfExists(AMD.resolve(SEED));
    try (Stream<Path> files = Files.list(setAside)) {
      for (Path f : files.toList()) {
        Files.move(f, AMD.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.delete(setAside);
    if (!wasThere) {
      try (Stream<Path> files = Files.list(AMD)) {
        if (files.findAny().isEmpty()) {
          Files.delete(AMD);
        }
      }
    }
  }
}
