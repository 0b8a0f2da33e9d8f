package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.resource.KvResourceDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads upstream's key-value LocalFs namespace {@code reference_value} (kbs-config.md §5.3, last
 * paragraph): the directory holds one file per reference value, named after the value ({@code /}
 * written as {@code \x2F}) and containing the record JSON {@code {version?, name?, expiration,
 * value}}. The directory becomes the unencoded R3 object {@code {"<name>": <record>, …}} that
 * {@link ReferenceValueFileImporter} reads, so the import rules are those of a file. Dot-entries
 * and sub-directories are skipped; one malformed file rejects the whole directory (as one malformed
 * record rejects a file). Stateless.
 */
public final class ReferenceValueDirectory {
  /** Largest record file read. */
  static final long MAX_SIZE = 1024 * 1024;

  private ReferenceValueDirectory() {}

  /**
   * The directory's content as the bytes of one R3 object.
   *
   * @throws IOException if the directory or a file cannot be read
   * @throws InvalidReferenceValueException naming the file that is not a JSON object
   */
  public static byte[] read(Path dir) throws IOException, InvalidReferenceValueException {
    ObjectNode all = JsonNodeFactory.instance.objectNode();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      String fileName = f.getFileName().toString();
      if (fileName.startsWith(".") || !Files.isRegularFile(f)) {
        continue;
      }
      if (Files.size(f) > MAX_SIZE) {
        throw new InvalidReferenceValueException(fileName, "larger than " + MAX_SIZE + " bytes");
      }
      JsonNode record = JsonText.parse(Files.readAllBytes(f), fileName);
      if (!record.isObject()) {
        throw new InvalidReferenceValueException(fileName, "must hold a JSON record object");
      }
      all.set(KvResourceDirectory.keyOf(fileName), record);
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }
}
