package io.trustee.kbs.client;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads files named by options, turning I/O failures into messages that name the option. */
final class Files2 {
  private Files2() {}

  /** All bytes of {@code file}; {@code option} (e.g. {@code --file}) names it in errors. */
  static byte[] read(String option, Path file) {
    if (file == null) {
      throw new CliException(option + ": missing file name");
    }
    try {
      if (Files.isDirectory(file)) {
        throw new CliException(option + " " + file + ": is a directory, expected a file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException(option + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CliException(option + " " + file + ": permission denied");
    } catch (IOException e) {
      throw new CliException(option + " " + file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
