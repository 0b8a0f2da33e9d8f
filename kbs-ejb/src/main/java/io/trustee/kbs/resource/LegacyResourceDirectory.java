package io.trustee.kbs.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the upstream LocalFs resource layout {@code <dir>/<repository>/<type>/<tag>} (kbs-config.md
 * §3.1.1) for import at start. Symlinks are followed (Kubernetes Secret mounts are symlinks into
 * {@code ..data/}), dot-entries are skipped silently, and anything else that is not a valid
 * three-segment resource (bad characters, a file at the wrong depth, a directory as a tag, an
 * unreadable file) is reported as skipped with a reason. Stateless.
 */
public final class LegacyResourceDirectory {
  /** Largest file imported (upstream has no limit; secrets are small). */
  public static final long MAX_SIZE = 16L * 1024 * 1024;

  /** One imported secret. Immutable: bytes are copied in and out. */
  public record Entry(ResourcePath path, byte[] content) {
    public Entry {
      Objects.requireNonNull(path, "path");
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.path.equals(path) && Arrays.equals(e.content, content);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "Entry[" + path + ", " + content.length + " bytes]";
    }
  }

  /** Something under the directory that was not imported, and why. */
  public record Skipped(Path file, String reason) {}

  /** The scan result. */
  public record Result(List<Entry> entries, List<Skipped> skipped) {
    public Result {
      entries = List.copyOf(entries);
      skipped = List.copyOf(skipped);
    }
  }

  private LegacyResourceDirectory() {}

  /**
   * Scans {@code dir}. A missing directory gives an empty result.
   *
   * @throws IOException if a directory listing fails
   */
  public static Result scan(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new Result(entries, skipped);
    }
    for (Path repo : list(dir)) {
      if (hidden(repo)) {
        continue;
      }
      if (!Files.isDirectory(repo)) {
        skipped.add(new Skipped(repo, "not a <repository>/<type>/<tag> file (too shallow)"));
        continue;
      }
      for (Path type : list(repo)) {
        if (hidden(type)) {
          continue;
        }
        if (!Files.isDirectory(type)) {
          skipped.add(new Skipped(type, "not a <repository>/<type>/<tag> file (too shallow)"));
          continue;
        }
        for (Path tag : list(type)) {
          if (hidden(tag)) {
            continue;
          }
          importOne(repo, type, tag, entries, skipped);
        }
      }
    }
    return new Result(entries, skipped);
  }

  private static void importOne(
      Path repo, Path type, Path tag, List<Entry> entries, List<Skipped> skipped) {
    ResourcePath path;
    try {
      path =
          new ResourcePath(
              repo.getFileName().toString(),
              type.getFileName().toString(),
              tag.getFileName().toString());
    } catch (IllegalArgumentException e) {
      skipped.add(new Skipped(tag, "invalid resource path: " + e.getMessage()));
      return;
    }
    read(tag, path, entries, skipped);
  }

  /**
   * Reads one secret file (following symlinks) into {@code entries}, or names it in {@code skipped}
   * when it is not a regular file, too large or unreadable. Shared by the other layouts ({@link
   * KvResourceDirectory}, {@link SecretMountDirectory}).
   */
  static void read(Path file, ResourcePath path, List<Entry> entries, List<Skipped> skipped) {
    if (!Files.isRegularFile(file)) {
      skipped.add(
          new Skipped(
              file, Files.isDirectory(file) ? "directory below tag level" : "not a regular file"));
      return;
    }
    try {
      if (Files.size(file) > MAX_SIZE) {
        skipped.add(new Skipped(file, "larger than " + MAX_SIZE + " bytes"));
        return;
      }
      entries.add(new Entry(path, Files.readAllBytes(file)));
    } catch (IOException e) {
      skipped.add(new Skipped(file, "unreadable: " + e.getClass().getSimpleName()));
    }
  }

  static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
