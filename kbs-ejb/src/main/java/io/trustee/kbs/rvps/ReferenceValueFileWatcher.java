package io.trustee.kbs.rvps;

import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps the reference values of one mounted file (spec {@code kbs-config.md} §5, §6.4) in the RVPS.
 * The integrator calls {@link #checkForChanges(Consumer)} from a scheduled timer (and once at
 * start), inside a transaction.
 *
 * <p>Change detection: the path is resolved through symlinks first, so a Kubernetes ConfigMap
 * update — which swaps the {@code ..data} symlink to a new timestamped directory rather than
 * writing the file — is seen as a change of the real path. When the real path, modification time or
 * size differ from the last check, the content is read and its SHA-256 compared with the last
 * imported (or last rejected) content; only different content is parsed.
 *
 * <p>Ownership lives in the database: every value imported from the file is stored with the source
 * {@code file:<absolute path>} ({@link #source()}). On a successful import every value of the file
 * is stored (unchanged values with the same owner are skipped, so the history does not grow), and
 * every stored value that this file owns but that is gone from it is revoked (removed, with a
 * {@code REVOKED} history entry) — also when the removal happened while the server was down, since
 * the first import after a start compares the database with the file. Values of another
 * reference-value file (a file no longer configured) are revoked too. A value that the API
 * registered and that the file now holds becomes the file's. A missing or malformed file is
 * reported in the result and {@link #lastError()}, and the previously imported values stay in
 * place.
 *
 * <p>The in-memory change-detection state moves forward only when the caller's transaction commits
 * (the {@code afterCommit} hook): after a rollback the next check imports again.
 *
 * <p>Thread-safe: {@link #checkForChanges(Consumer)} and the after-commit update are synchronised.
 */
public final class ReferenceValueFileWatcher {
  private static final Logger LOG = Logger.getLogger(ReferenceValueFileWatcher.class.getName());

  /** Prefix of the source of file-owned values. */
  public static final String SOURCE_PREFIX = "file:";

  /** What a check did. */
  public enum Outcome {
    UNCHANGED,
    IMPORTED,
    FAILED
  }

  /** Result of one check: outcome, the values stored/revoked, and the error when FAILED. */
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
  private final boolean directory;
  private final String source;
  private final ReferenceValueService service;
  private Path lastRealPath;
  private FileTime lastModified;
  private long lastSize = -1;
  private String lastImportedHash;
  private String lastRejectedHash;
  private Set<String> imported = Set.of();
  private String lastError;

  public ReferenceValueFileWatcher(Path file, ReferenceValueService service) {
    this(file, false, service);
  }

  /**
   * A watcher of upstream's key-value LocalFs namespace {@code <dir_path>/reference_value/}: one
   * file per value, named after it ({@code /} as {@code \x2F}), holding the record JSON
   * (kbs-config.md §5.3). The directory is read as a whole at every check (no time-stamp shortcut:
   * a file rewritten in place does not change the directory's), and imported with the same
   * ownership rules as a file.
   */
  public static ReferenceValueFileWatcher forDirectory(Path dir, ReferenceValueService service) {
    return new ReferenceValueFileWatcher(dir, true, service);
  }

  private ReferenceValueFileWatcher(Path file, boolean directory, ReferenceValueService service) {
    this.file = Objects.requireNonNull(file, "file");
    this.directory = directory;
    this.source = sourceOf(file);
    this.service = Objects.requireNonNull(service, "service");
  }

  /** The source recorded with the values of {@code file}: {@code file:<absolute path>}. */
  public static String sourceOf(Path file) {
    return SOURCE_PREFIX + file.toAbsolutePath().normalize();
  }

  /** The file named by a source of {@link #sourceOf}. */
  static String fileOf(String source) {
    return source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
  }

  public Path file() {
    return file;
  }

  /** The source this watcher records with its values. */
  public String source() {
    return source;
  }

  /** Names imported from the file by the last committed import. */
  public synchronized Set<String> importedNames() {
    return imported;
  }

  /** The error of the last check that failed, cleared by the next successful import. */
  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** {@link #checkForChanges(Consumer)} outside a transaction (state moves on at once). */
  public CheckResult checkForChanges() {
    return checkForChanges(Runnable::run);
  }

  /**
   * Re-imports the file if its content changed. Never throws for bad files.
   *
   * @param afterCommit registers an action to run once the caller's transaction has committed (and
   *     never after a rollback)
   */
  public synchronized CheckResult checkForChanges(Consumer<Runnable> afterCommit) {
    Path real;
    FileTime modified;
    long size;
    byte[] content;
    try {
      real = file.toRealPath();
      if (directory) {
        modified = FileTime.fromMillis(0);
        size = -1;
        content = ReferenceValueDirectory.read(real);
      } else {
        modified = Files.getLastModifiedTime(real);
        size = Files.size(real);
        if (real.equals(lastRealPath) && modified.equals(lastModified) && size == lastSize) {
          return CheckResult.unchanged();
        }
        content = Files.readAllBytes(real);
      }
    } catch (IOException e) {
      return fail(
          "cannot read reference-value " + (directory ? "directory " : "file ") + file + ": " + e);
    } catch (InvalidReferenceValueException e) {
      return fail(
          "reference-value directory "
              + file
              + " rejected, keeping the "
              + ownedCount()
              + " values imported before: "
              + e.getMessage());
    }
    String hash = sha256(content);
    if (hash.equals(lastImportedHash)) {
      remember(real, modified, size);
      lastError = null; // e.g. the file was briefly unreadable and is back unchanged
      return CheckResult.unchanged();
    }
    if (hash.equals(lastRejectedHash)) {
      remember(real, modified, size);
      return CheckResult.unchanged();
    }
    ReferenceValueFileImporter.Result result;
    try {
      result = ReferenceValueFileImporter.parse(content, service.now());
    } catch (InvalidReferenceValueException e) {
      remember(real, modified, size);
      lastRejectedHash = hash;
      return fail(
          "reference-value file "
              + file
              + " rejected, keeping the "
              + ownedCount()
              + " values imported before: "
              + e.getMessage());
    }
    result.warnings().forEach(w -> LOG.warning(file + ": " + w));
    CheckResult r = apply(result);
    Set<String> names = new HashSet<>();
    result.values().forEach(v -> names.add(v.name()));
    afterCommit.accept(() -> committed(real, modified, size, hash, names));
    return r;
  }

  private long ownedCount() {
    return service.fileOwned().values().stream().filter(source::equals).count();
  }

  private synchronized void remember(Path real, FileTime modified, long size) {
    lastRealPath = real;
    lastModified = modified;
    lastSize = size;
  }

  private synchronized void committed(
      Path real, FileTime modified, long size, String hash, Set<String> names) {
    remember(real, modified, size);
    lastImportedHash = hash;
    lastRejectedHash = null;
    imported = Set.copyOf(names);
    lastError = null;
  }

  private CheckResult apply(ReferenceValueFileImporter.Result result) {
    Map<String, String> owned = service.fileOwned();
    Set<String> names = new HashSet<>();
    List<String> stored = new ArrayList<>();
    for (ReferenceValue v : result.values()) {
      names.add(v.name());
      Optional<ReferenceValue> old = service.find(v.name());
      boolean same =
          old.isPresent()
              && source.equals(owned.get(v.name()))
              && old.get().value().equals(v.value())
              && old.get().version().equals(v.version())
              && (!result.explicitExpiry() || old.get().expiration().equals(v.expiration()));
      if (!same) {
        service.storeFromFile(List.of(v), source);
        stored.add(v.name());
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String name : new TreeSet<>(owned.keySet())) {
      if (source.equals(owned.get(name)) && !names.contains(name) && service.revoke(name)) {
        deleted.add(name);
      }
    }
    deleted.addAll(service.revokeFilesOtherThan(source));
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
            + " revoked)");
    return new CheckResult(Outcome.IMPORTED, stored, deleted, Optional.empty());
  }

  private synchronized CheckResult fail(String message) {
    lastError = message;
    LOG.warning(message);
    return CheckResult.failed(message);
  }

  private static String sha256(byte[] b) {
    return Bytes.toHex(Digests.sha256(b));
  }
}
