package io.trustee.kbs.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Secrets as the Trustee operator (≥ v0.19) projects them for its init container: {@code
 * <dir>/<secret-name>/<key>} (by default {@code /tmp/kbs-secrets}), which becomes resource {@code
 * default/<secret-name>/<key>} (kbs-config.md §4.3). The converter's rules are kept: entries
 * starting with {@code .} (the kubelet's {@code ..data} directories) are skipped, symlinks are
 * resolved, only regular files count; a sub-directory below a secret is reported as skipped.
 * Reading this directory directly makes the KBS work also when the init container did not run.
 * Stateless.
 */
public final class SecretMountDirectory {
  /** Where the operator mounts the Secrets of {@code kbsSecretResources} for its init container. */
  public static final Path OPERATOR_DIR = Path.of("/tmp/kbs-secrets");

  /** The repository the operator's converter writes every Secret into. */
  public static final String REPOSITORY = "default";

  private SecretMountDirectory() {}

  /**
   * Scans {@code dir}. A missing directory gives an empty result.
   *
   * @throws IOException if a listing fails
   */
  public static LegacyResourceDirectory.Result scan(Path dir) throws IOException {
    List<LegacyResourceDirectory.Entry> entries = new ArrayList<>();
    List<LegacyResourceDirectory.Skipped> skipped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new LegacyResourceDirectory.Result(entries, skipped);
    }
    for (Path secret : LegacyResourceDirectory.list(dir)) {
      if (LegacyResourceDirectory.hidden(secret)) {
        continue;
      }
      if (!Files.isDirectory(secret)) {
        skipped.add(new LegacyResourceDirectory.Skipped(secret, "not a <secret>/<key> file"));
        continue;
      }
      for (Path key : LegacyResourceDirectory.list(secret)) {
        if (LegacyResourceDirectory.hidden(key)) {
          continue;
        }
        ResourcePath path;
        try {
          path =
              new ResourcePath(
                  REPOSITORY, secret.getFileName().toString(), key.getFileName().toString());
        } catch (IllegalArgumentException e) {
          skipped.add(
              new LegacyResourceDirectory.Skipped(key, "invalid resource path: " + e.getMessage()));
          continue;
        }
        LegacyResourceDirectory.read(key, path, entries, skipped);
      }
    }
    return new LegacyResourceDirectory.Result(entries, skipped);
  }
}
