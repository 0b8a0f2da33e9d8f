package io.trustee.kbs.resource;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key of a secret: {@code repository/type/tag}, each segment matching {@code
 * ^[A-Za-z0-9_-][A-Za-z0-9_.-]*$} (kbs-protocol.md §8.1). The pattern already excludes empty
 * segments, separators, percent-encoding and segments starting with a dot; {@code .} and {@code ..}
 * are additionally named in the error because they are path traversal. Segments are limited to 255
 * characters (a file-name component).
 *
 * <p>Immutable and thread-safe; {@link #toString()} is the storage key {@code "repo/type/tag"}.
 */
public record ResourcePath(String repository, String type, String tag) {
  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9_-][A-Za-z0-9_.-]*$");
  private static final int MAX_SEGMENT = 255;

  public ResourcePath {
    check("repository", repository);
    check("type", type);
    check("tag", tag);
  }

  private static void check(String name, String v) {
    Objects.requireNonNull(v, name);
    if (v.equals(".") || v.equals("..")) {
      throw new IllegalArgumentException(name + " must not be a '.' or '..' segment");
    }
    if (v.isEmpty() || v.length() > MAX_SEGMENT || !SEGMENT.matcher(v).matches()) {
      throw new IllegalArgumentException(
          name + " must match [A-Za-z0-9_-][A-Za-z0-9_.-]* (1-255 chars)");
    }
  }

  /**
   * Parses {@code "repo/type/tag"} exactly as received (no URL decoding: {@code %2e%2e} or {@code
   * %2f} are rejected by the character rules).
   *
   * @throws IllegalArgumentException unless there are exactly three valid segments
   */
  public static ResourcePath parse(String path) {
    Objects.requireNonNull(path, "path");
    String[] parts = path.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("resource path must have exactly three segments");
    }
    return new ResourcePath(parts[0], parts[1], parts[2]);
  }

  /** The {@code kbs:///repo/type/tag} URI form used in init-data and policies. */
  public String toKbsUri() {
    return "kbs:///" + this;
  }

  @Override
  public String toString() {
    return repository + "/" + type + "/" + tag;
  }
}
