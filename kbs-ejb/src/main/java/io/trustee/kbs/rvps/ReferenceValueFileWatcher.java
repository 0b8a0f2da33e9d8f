package io.trustee.kbs.rvps;

import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps the reference values of one mounted file (spec {@code kbs-config.md} §5, §6.4) in the RVPS.
 * The integrator calls {@link #checkForChanges()} from a scheduled timer (and once at start).
 *
 * <p>Change detection: the path is resolved through symlinks first, so a Kubernetes ConfigMap
 * update — which swaps the {@code ..data} symlink to a new timestamped directory rather than
 * writing the file — is seen as a change of the real path. When the real path, modification time or
 * size differ from the last check, the content is read and its SHA-256 compared with the last
 * imported (or last rejected) content; only different content is parsed.
 *
 * <p>On a successful import every value is stored (unchanged values are skipped, so the history
 * does not grow) and values that this watcher imported earlier but that are gone from the file are
 * deleted, so a revoked digest does not stay trusted. A missing or malformed file is reported in
 * the result and {@link #lastError()}, and the previously imported values stay in place.
 *
 * <p>Thread-safe: {@link #checkForChanges()} is synchronised.
 */
public final class ReferenceValueFileWatcher {
  private static final Logger LOG = Logger.getLogger(ReferenceValueFileWatcher.class.getName());

  /** What a check did. */
  public enum Outcome {
    UNCHANGED,
    IMPORTED,
    FAILED
  }

  /** Result of one check: outcome, the values stored/deleted, and the error when FAILED. */
  public record CheckResult(
      Outcome outcome, List<String> stored, List<String> deleted, Optional<String> error) {
    public CheckResult {
      stored = List.copyOf(stored);
      deleted = List.copyOf(deleted);
    }

    static CheckResult unchanged() {
      return new CheckResult(Outcome.UNCHANGED, List.of(), List.of(), Optional.empty());
    }

    static CheckResult failed(String error) {
      return new CheckResult(Outcome.FAILED, List.of(), List.of(), Optional.of(error));
    }
  }

  private final Path file;
  private final ReferenceValueService service;
  private Path lastRealPath;
  private FileTime lastModified;
  private long lastSize = -1;
  private String lastImportedHash;
  private String lastRejectedHash;
  private Set<String> imported = Set.of();
  private String lastError;

  public ReferenceValueFileWatcher(Path file, ReferenceValueService service) {
    this.file = Objects.requireNonNull(file, "file");
    this.service = Objects.requireNonNull(service, "service");
  }

  public Path file() {
    return file;
  }

  /** Names imported from the file by the last successful import. */
  public synchronized Set<String> importedNames() {
    return imported;
  }

  /** The error of the last check that failed, cleared by the next successful import. */
  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** Re-imports the file if its content changed. Never throws for bad files. */
  public synchronized CheckResult checkForChanges() {
    Path real;
    FileTime modified;
    long size;
    byte[] content;
    try {
      real = file.toRealPath();
      modified = Files.getLastModifiedTime(real);
      size = Files.size(real);
      if (real.equals(lastRealPath) && modified.equals(lastModified) && size == lastSize) {
        return CheckResult.unchanged();
      }
      content = Files.readAllBytes(real);
    } catch (IOException e) {
      return fail("cannot read reference-value file " + file + ": " + e);
    }
    lastRealPath = real;
    lastModified = modified;
    lastSize = size;
    String hash = sha256(content);
    if (hash.equals(lastImportedHash)) {
      lastError = null; // e.g. the file was briefly unreadable and is back unchanged
      return CheckResult.unchanged();
    }
    if (hash.equals(lastRejectedHash)) {
      return CheckResult.unchanged();
    }
    ReferenceValueFileImporter.Result result;
    try {
      result = ReferenceValueFileImporter.parse(content, service.now());
    } catch (InvalidReferenceValueException e) {
      lastRejectedHash = hash;
      return fail(
          "reference-value file "
              + file
              + " rejected, keeping the "
              + imported.size()
              + " values imported before: "
              + e.getMessage());
    }
    result.warnings().forEach(w -> LOG.warning(file + ": " + w));
    lastImportedHash = hash;
    lastRejectedHash = null;
    return apply(result);
  }

  private CheckResult apply(ReferenceValueFileImporter.Result result) {
    Set<String> names = new HashSet<>();
    List<String> stored = new ArrayList<>();
    for (ReferenceValue v : result.values()) {
      names.add(v.name());
      Optional<ReferenceValue> old = service.find(v.name());
      boolean same =
          old.isPresent()
              && old.get().value().equals(v.value())
              && old.get().version().equals(v.version())
              && (!result.explicitExpiry() || old.get().expiration().equals(v.expiration()));
      if (!same) {
        service.storeAll(List.of(v));
        stored.add(v.name());
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String gone : imported) {
      if (!names.contains(gone) && service.delete(gone)) {
        deleted.add(gone);
      }
    }
    imported = Set.copyOf(names);
    lastError = null;
    LOG.info(
        file
            + ": imported "
            + result.format()
            + ", "
            + names.size()
            + " values ("
            + stored.size()
            + " changed, "
            + deleted.size()
            + " removed)");
    return new CheckResult(Outcome.IMPORTED, stored, deleted, Optional.empty());
  }

  private CheckResult fail(String message) {
    lastError = message;
    LOG.warning(message);
    return CheckResult.failed(message);
  }

  private static String sha256(byte[] b) {
    try {
      return Bytes.toHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
