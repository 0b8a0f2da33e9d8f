package io.trustee.kbs.crypto;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes key files with owner-only permissions ({@code rw-------}) where the file system is POSIX,
 * through a temporary file and an atomic move so a crash never leaves half a key. Stateless.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /** Writes (or replaces) {@code file} with {@code content}, owner read/write only. */
  public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".tmp-",
              ".key",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, ".tmp-", ".key");
    }
    try {
      Files.write(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates {@code file} with {@code content} only if it does not exist yet (two replicas starting
   * together keep the first writer's key). Returns false if the file already existed.
   */
  public static boolean createOwnerOnly(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(".tmp-" + file.getFileName() + "-" + ProcessHandle.current().pid());
    writeOwnerOnly(tmp, content);
    try {
      Files.createLink(file, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | IOException e) {
      if (Files.exists(file)) {
        return false;
      }
      Files.move(tmp, file);
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
