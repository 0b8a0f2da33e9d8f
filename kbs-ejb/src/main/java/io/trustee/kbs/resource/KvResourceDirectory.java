package io.trustee.kbs.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the key-value LocalFs layout of upstream ≥ 0.19 (kbs-config.md §3.1.2): namespace {@code
 * repository} is the directory {@code <dir_path>/repository/}, one regular file per resource whose
 * name is the key {@code <repository>/<type>/<tag>} with every {@code /} written as the four
 * characters {@code \x2F}, e.g. {@code default\x2Fkbsres1\x2Fkey1}. The operator's init container
 * fills it from the Secrets; symlinks are followed, dot-entries skipped silently, and names that
 * are not a valid three-segment key are reported as skipped. Stateless.
 */
public final class KvResourceDirectory {
  /** How upstream's LocalFs storage writes a {@code /} inside a key. */
  public static final String SLASH = "\\x2F";

  private KvResourceDirectory() {}

  /**
   * Scans {@code dir} (the {@code repository} namespace directory). A missing directory gives an
   * empty result.
   *
   * @throws IOException if the listing fails
   */
  public static LegacyResourceDirectory.Result scan(Path dir) throws IOException {
    List<LegacyResourceDirectory.Entry> entries = new ArrayList<>();
    List<LegacyResourceDirectory.Skipped> skipped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new LegacyResourceDirectory.Result(entries, skipped);
    }
    for (Path file : LegacyResourceDirectory.list(dir)) {
      if (LegacyResourceDirectory.hidden(file)) {
        continue;
      }
      ResourcePath path;
      try {
        path = ResourcePath.parse(keyOf(file.getFileName().toString()));
      } catch (IllegalArgumentException e) {
        skipped.add(
            new LegacyResourceDirectory.Skipped(
                file, "not a <repository>\\x2F<type>\\x2F<tag> key: " + e.getMessage()));
        continue;
      }
      LegacyResourceDirectory.read(file, path, entries, skipped);
    }
    return new LegacyResourceDirectory.Result(entries, skipped);
  }

  /** The storage key a file name stands for ({@code \x2F} → {@code /}, case as upstream writes). */
  public static String keyOf(String fileName) {
    return fileName.replace(SLASH, "/");
  }

  /** The file name upstream's LocalFs storage uses for {@code key}. */
  public static String fileNameOf(String key) {
    return key.replace("/", SLASH);
  }
}
