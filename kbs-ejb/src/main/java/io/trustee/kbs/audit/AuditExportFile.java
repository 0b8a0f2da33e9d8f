package io.trustee.kbs.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes events about to be purged as JSON lines ({@link AuditJson}, one event per line) to {@code
 * audit-<first seq>-<last seq>.jsonl} in a directory, and forces them to disk before the purge may
 * delete them. A file left by an attempt whose purge then failed is overwritten by the retry (same
 * events, same name). Stateless.
 */
public final class AuditExportFile {
  private AuditExportFile() {}

  /** The JSON lines of {@code events}, each ending in a newline. */
  public static String lines(List<AuditEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (AuditEvent e : events) {
      sb.append(AuditJson.of(e).toString()).append('\n');
    }
    return sb.toString();
  }

  /** Writes and syncs the file; returns its path. */
  public static Path write(Path dir, List<AuditEvent> events) throws IOException {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to export");
    }
    Files.createDirectories(dir);
    Path file =
        dir.resolve(
            "audit-" + events.get(0).seq() + "-" + events.get(events.size() - 1).seq() + ".jsonl");
    byte[] bytes = lines(events).getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    return file;
  }
}
