package io.trustee.kbs.mounted;

import io.trustee.kbs.resource.ContainersPolicy;
import io.trustee.kbs.resource.InvalidContainersPolicyException;
import io.trustee.kbs.resource.LegacyResourceDirectory;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.resource.ResourceCipherException;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.StoredResource;
import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps the secrets of a mounted upstream LocalFs directory ({@link LegacyResourceDirectory}) in
 * the resource store, with the same ownership rule as the reference-value file: every secret read
 * from the directory is stored with the source {@code localfs:<absolute dir>} ({@link #source()}),
 * and a stored secret that this directory owns but whose file is gone is deleted, so it is no
 * longer released. The comparison is with the database, so a file removed while the server was down
 * is also caught by the first import after the start. Secrets of another directory (one no longer
 * configured) are deleted too. A secret that the admin API stored and that the directory now holds
 * becomes the directory's.
 *
 * <p>Writes happen only for what changed: a stored secret with the same owner whose sealed value
 * opens to the file's bytes is left alone, so restarts and replicas do not rewrite rows. The
 * in-memory fingerprint of the last import (paths and contents) moves forward only after the
 * caller's transaction committed; an unchanged directory costs one scan and no database access.
 *
 * <p>A directory that does not exist (or cannot be listed) fails the import and keeps what was
 * imported before, as a missing reference-value file does; the error is kept for the readiness
 * warnings. Files that are not valid resources are skipped with a warning. Thread-safe.
 */
public final class LocalFsImporter {
  private static final Logger LOG = Logger.getLogger(LocalFsImporter.class.getName());

  /** Prefix of the source of directory-owned secrets. */
  public static final String SOURCE_PREFIX = "localfs:";

  /** What an import did: paths stored and deleted, or the error. */
  public record Result(
      boolean changed, List<String> stored, List<String> deleted, Optional<String> error) {
    public Result {
      stored = List.copyOf(stored);
      deleted = List.copyOf(deleted);
    }
  }

  /** One of the directory layouts ({@link LegacyResourceDirectory}, …). */
  @FunctionalInterface
  public interface Layout {
    LegacyResourceDirectory.Result scan(Path dir) throws IOException;
  }

  private final Path dir;
  private final Layout layout;
  private final Set<String> configuredSources;
  private final String source;
  private final ResourceRepository repository;
  private final Supplier<ResourceCipher> cipher;
  private final Clock clock;
  private String lastFingerprint;
  private String lastError;

  /** An importer of the legacy layout, the only directory configured. */
  public LocalFsImporter(
      Path dir, ResourceRepository repository, Supplier<ResourceCipher> cipher, Clock clock) {
    this(dir, LegacyResourceDirectory::scan, Set.of(sourceOf(dir)), repository, cipher, clock);
  }

  /**
   * @param layout how the directory maps files to resource paths
   * @param configuredSources the sources of every directory configured now (this one included):
   *     secrets owned by any other directory are deleted by the import
   */
  public LocalFsImporter(
      Path dir,
      Layout layout,
      Set<String> configuredSources,
      ResourceRepository repository,
      Supplier<ResourceCipher> cipher,
      Clock clock) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.source = sourceOf(dir);
    this.configuredSources = Set.copyOf(configuredSources);
    if (!this.configuredSources.contains(source)) {
      throw new IllegalArgumentException("configuredSources must contain " + source);
    }
    this.repository = Objects.requireNonNull(repository, "repository");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The source recorded with the secrets of {@code dir}: {@code localfs:<absolute path>}. */
  public static String sourceOf(Path dir) {
    return SOURCE_PREFIX + dir.toAbsolutePath().normalize();
  }

  /** The directory named by a source of {@link #sourceOf}. */
  public static String dirOf(String source) {
    return source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
  }

  public String source() {
    return source;
  }

  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** {@link #importNow(Consumer)} outside a transaction (the fingerprint moves on at once). */
  public Result importNow() {
    return importNow(Runnable::run);
  }

  /**
   * Scans the directory and brings the store in line with it when anything changed since the last
   * committed import.
   *
   * @param afterCommit registers an action to run once the caller's transaction has committed
   */
  public synchronized Result importNow(Consumer<Runnable> afterCommit) {
    LegacyResourceDirectory.Result scan;
    if (!Files.isDirectory(dir)) {
      return fail(
          "resource directory "
              + dir
              + " does not exist; the secrets imported from it"
              + " before are kept");
    }
    try {
      scan = layout.scan(dir);
    } catch (IOException e) {
      return fail(
          "resource directory "
              + dir
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); the secrets imported from it before are kept");
    }
    String fingerprint = fingerprint(scan);
    if (fingerprint.equals(lastFingerprint)) {
      lastError = null;
      return new Result(false, List.of(), List.of(), Optional.empty());
    }
    scan.skipped()
        .forEach(s -> LOG.warning(() -> "resource file skipped: " + s.file() + ": " + s.reason()));
    ResourceCipher c = cipher.get();
    Map<ResourcePath, String> owned = repository.owned();
    Set<ResourcePath> present = new HashSet<>();
    List<String> stored = new ArrayList<>();
    for (LegacyResourceDirectory.Entry e : scan.entries()) {
      ResourcePath path = e.path();
      present.add(path);
      byte[] content = e.content();
      try {
        if (ContainersPolicy.isSecurityPolicy(path)) {
          try {
            ContainersPolicy.validate(content);
          } catch (InvalidContainersPolicyException invalid) {
            LOG.warning(
                () ->
                    "resource file for "
                        + path
                        + " skipped: not a valid containers-policy.json: "
                        + invalid.getMessage()
                        + " (what was imported before is kept)");
            continue;
          }
        }
        if (!source.equals(owned.get(path)) || !sameSecret(c, path, content)) {
          repository.putOwned(path, c.seal(path, content), c.keyId(), clock.instant(), source);
          stored.add(path.toString());
        }
      } finally {
        Arrays.fill(content, (byte) 0);
      }
    }
    List<String> deleted = new ArrayList<>();
    owned.forEach(
        (path, owner) -> {
          boolean stale =
              owner.startsWith(SOURCE_PREFIX)
                  && (!configuredSources.contains(owner)
                      || (owner.equals(source) && !present.contains(path)));
          if (stale && repository.delete(path)) {
            deleted.add(path.toString());
          }
        });
    LOG.info(
        () ->
            dir
                + ": "
                + scan.entries().size()
                + " resources ("
                + stored.size()
                + " stored, "
                + deleted.size()
                + " removed"
                + (deleted.isEmpty() ? "" : ": " + deleted)
                + "); the directory owns them, admin changes to them are refused");
    afterCommit.accept(() -> committed(fingerprint));
    return new Result(true, stored, deleted, Optional.empty());
  }

  /**
   * Deletes every secret owned by a directory that is not configured any more.
   *
   * @param keep the sources of the directories configured now (possibly none)
   * @return the paths deleted
   */
  public static List<String> removeOwnedExcept(ResourceRepository repository, Set<String> keep) {
    List<String> deleted = new ArrayList<>();
    repository
        .owned()
        .forEach(
            (path, owner) -> {
              if (owner.startsWith(SOURCE_PREFIX)
                  && !keep.contains(owner)
                  && repository.delete(path)) {
                deleted.add(path.toString());
              }
            });
    return deleted;
  }

  private boolean sameSecret(ResourceCipher c, ResourcePath path, byte[] content) {
    Optional<StoredResource> stored = repository.find(path);
    if (stored.isEmpty()) {
      return false;
    }
    byte[] plain;
    try {
      plain = c.open(path, stored.get().sealed());
    } catch (ResourceCipherException e) {
      return false; // sealed under another key or damaged: seal again
    }
    try {
      return MessageDigest.isEqual(plain, content);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private synchronized void committed(String fingerprint) {
    lastFingerprint = fingerprint;
    lastError = null;
  }

  private Result fail(String message) {
    lastError = message;
    LOG.warning(message);
    return new Result(false, List.of(), List.of(), Optional.of(message));
  }

  /** SHA-256 over every path and content, so that the fingerprint reveals nothing of a secret. */
  private static String fingerprint(LegacyResourceDirectory.Result scan) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (LegacyResourceDirectory.Entry e : scan.entries()) {
        byte[] p = e.path().toString().getBytes(StandardCharsets.UTF_8);
        byte[] content = e.content();
        md.update(
            Bytes.toHex(MessageDigest.getInstance("SHA-256").digest(p))
                .getBytes(StandardCharsets.US_ASCII));
        md.update(MessageDigest.getInstance("SHA-256").digest(content));
        Arrays.fill(content, (byte) 0);
      }
      return Bytes.toHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
