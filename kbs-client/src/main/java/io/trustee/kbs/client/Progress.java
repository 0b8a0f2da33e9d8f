package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * A progress line on stderr for commands that work through many items ({@code 12/40 files}):
 * printed only when a person is watching ({@link CliEnvironment#interactive()}) or {@code
 * --progress} asks for it, so that scripts and CI logs stay quiet by default. Not thread-safe.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean shown;
  private final String what;
  private final long total;

  Progress(PrintWriter err, boolean shown, String what, long total) {
    this.err = Objects.requireNonNull(err, "err");
    this.shown = shown;
    this.what = Objects.requireNonNull(what, "what");
    this.total = total;
  }

  /** Whether progress is shown: {@code --progress} given, or an interactive session. */
  static boolean shown(boolean progressFlag, CliEnvironment environment) {
    return progressFlag || environment.interactive();
  }

  boolean shown() {
    return shown;
  }

  /** {@code <what>: <done>/<total> <unit>} when shown. */
  void update(long done, String unit) {
    if (shown) {
      err.println(what + ": " + done + "/" + total + " " + unit);
      err.flush();
    }
  }
}
