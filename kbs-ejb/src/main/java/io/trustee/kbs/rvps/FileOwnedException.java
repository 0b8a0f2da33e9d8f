package io.trustee.kbs.rvps;

import java.util.Objects;

/**
 * An API change to a reference value that a mounted file owns (the file is the source of truth for
 * the values it holds: edit the file instead). Nothing was changed.
 */
public final class FileOwnedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final String source;

  public FileOwnedException(String name, String source) {
    super(
        "reference value '"
            + Objects.requireNonNull(name, "name")
            + "' is managed by the reference-value file "
            + ReferenceValueFileWatcher.fileOf(Objects.requireNonNull(source, "source"))
            + " (kbs.rvps.file); change or remove it in that file");
    this.name = name;
    this.source = source;
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }
}
