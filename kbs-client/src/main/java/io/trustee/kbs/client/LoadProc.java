package io.trustee.kbs.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a server process's CPU time and resident memory from Linux {@code /proc} for {@code
 * kbs-client load --server-pid}: {@code /proc/PID/stat} fields 14 and 15 ({@code utime}, {@code
 * stime}, in clock ticks of {@code getconf CLK_TCK}, see proc(5)) and the {@code VmRSS} line of
 * {@code /proc/PID/status}. Immutable and thread-safe; every read goes to the file again.
 */
final class LoadProc {
  private final Path dir;
  private final long ticksPerSecond;

  LoadProc(Path procDir, long ticksPerSecond) {
    this.dir = procDir;
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException("ticksPerSecond must be positive");
    }
    this.ticksPerSecond = ticksPerSecond;
  }

  /** The process {@code pid} of this machine; fails when {@code /proc/PID} does not exist. */
  static LoadProc of(long pid) {
    Path dir = Path.of("/proc", Long.toString(pid));
    if (!Files.isReadable(dir.resolve("stat"))) {
      throw new CliException("--server-pid " + pid + ": no readable /proc/" + pid + "/stat");
    }
    return new LoadProc(dir, clockTicksPerSecond());
  }

  /** {@code getconf CLK_TCK}, or 100 (the value on every common Linux) when it cannot be run. */
  static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor() == 0 && out.matches("[1-9][0-9]{0,6}")) {
        return Long.parseLong(out);
      }
    } catch (IOException e) {
      // no getconf: fall back
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  /** User plus system CPU time of the process, in nanoseconds, if it is still running. */
  OptionalLong cpuNanos() {
    try {
      long ticks = cpuTicks(Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII));
      return OptionalLong.of(ticks * 1_000_000_000L / ticksPerSecond);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** Resident set size in bytes, if the process is still running. */
  OptionalLong rssBytes() {
    try {
      long kb = rssKb(Files.readString(dir.resolve("status"), StandardCharsets.US_ASCII));
      return kb < 0 ? OptionalLong.empty() : OptionalLong.of(kb * 1024);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * {@code utime + stime} from the text of {@code /proc/PID/stat}. The command name (field 2) is in
   * parentheses and may itself contain spaces and parentheses, so fields are counted after the last
   * {@code )}: there, field 3 ({@code state}) is the first.
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("/proc stat: no command name in parentheses");
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    if (f.length < 13) {
      throw new IllegalArgumentException("/proc stat: only " + (f.length + 2) + " fields");
    }
    try {
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("/proc stat: utime/stime are not numbers");
    }
  }

  /** The {@code VmRSS} value in kB from the text of {@code /proc/PID/status}, or -1 if absent. */
  static long rssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String v = line.substring(6).trim();
        if (!v.endsWith("kB")) {
          throw new IllegalArgumentException("/proc status: VmRSS not in kB: " + v);
        }
        return Long.parseLong(v.substring(0, v.length() - 2).trim());
      }
    }
    return -1;
  }
}
