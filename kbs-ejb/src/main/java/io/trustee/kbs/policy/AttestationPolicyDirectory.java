package io.trustee.kbs.policy;

import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of attestation policies mounted by the operator (kbs-config.md §2.4.3, §3.2, §4.3):
 * the legacy {@code <policy_dir>/opa/} (F: {@code <work_dir>/opa/}) or the key-value namespace
 * {@code <dir_path>/attestation_service_policy/}. Every {@code <id>.rego} file is the attestation
 * policy {@code <id>}; a {@code default.rego} where no {@code default_cpu.rego} exists is the CPU
 * policy (0.11 – 0.14 layouts), as upstream 0.15+ maps {@code default} to {@code default_cpu}.
 *
 * <p>The directory is the source of truth for the policies it holds, with the same ownership rule
 * as the other mounted files: each is stored with the source {@code file:<absolute dir>} ({@link
 * #source()}); a policy the directory owned whose file is gone is removed — a built-in default id
 * ({@code default_cpu}, …) falls back to the built-in text, any other id disappears — also when the
 * file went while the server was down, because the comparison is with the database. A file that
 * does not compile or cannot be read keeps the policy stored before and is reported ({@link
 * #lastError()}); the admin API refuses changes to directory-owned policies.
 *
 * <p>Writes happen only for what changed. The in-memory fingerprint of the last import moves
 * forward only after the caller's transaction committed; an unchanged directory costs one scan and
 * no database access. Thread-safe.
 */
public final class AttestationPolicyDirectory {
  private static final Logger LOG = Logger.getLogger(AttestationPolicyDirectory.class.getName());

  /** Prefix of the source of directory-owned policies. */
  public static final String SOURCE_PREFIX = "file:";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final long MAX_SIZE = 4L * 1024 * 1024;

  /** What an import did. */
  public record Result(
      boolean changed, List<String> stored, List<String> removed, Optional<String> error) {
    public Result {
      stored = List.copyOf(stored);
      removed = List.copyOf(removed);
    }
  }

  private final Path dir;
  private final String source;
  private final PolicyTextRepository policies;
  private final Function<String, Optional<String>> builtIn;
  private final Clock clock;
  private String lastFingerprint;
  private String lastError;

  /**
   * @param builtIn the built-in text of a default policy id, empty for any other id
   */
  public AttestationPolicyDirectory(
      Path dir,
      PolicyTextRepository policies,
      Function<String, Optional<String>> builtIn,
      Clock clock) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.source = sourceOf(dir);
    this.policies = Objects.requireNonNull(policies, "policies");
    this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The source recorded with the policies of {@code dir}: {@code file:<absolute path>}. */
  public static String sourceOf(Path dir) {
    return SOURCE_PREFIX + dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  public String source() {
    return source;
  }

  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** One policy file read: its id and text, or why it was not usable. */
  private record Read(String id, Path file, String text, String problem) {}

  /**
   * Scans the directory and brings the stored attestation policies in line with it when anything
   * changed since the last committed import. Never throws for bad files.
   *
   * @param afterCommit registers an action to run once the caller's transaction has committed
   */
  public synchronized Result importNow(Consumer<Runnable> afterCommit) {
    if (!Files.isDirectory(dir)) {
      return fail(
          "attestation policy directory "
              + dir
              + " does not exist; the policies imported from it before are kept");
    }
    List<Read> reads;
    try {
      reads = scan();
    } catch (IOException e) {
      return fail(
          "attestation policy directory "
              + dir
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); the policies imported from it before are kept");
    }
    String fingerprint = fingerprint(reads);
    if (fingerprint.equals(lastFingerprint)) {
      return new Result(false, List.of(), List.of(), Optional.ofNullable(lastError));
    }
    Map<String, String> owned = policies.owned(PolicyKind.ATTESTATION);
    List<String> stored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Read> byId = new LinkedHashMap<>();
    for (Read r : reads) {
      byId.put(r.id(), r);
      if (r.problem() != null) {
        problems.add(r.file().getFileName() + ": " + r.problem());
        continue;
      }
      boolean same =
          source.equals(owned.get(r.id()))
              && policies
                  .find(PolicyKind.ATTESTATION, r.id())
                  .map(StoredPolicy::text)
                  .filter(r.text()::equals)
                  .isPresent();
      if (!same) {
        policies.storeOwned(PolicyKind.ATTESTATION, r.id(), r.text(), clock.instant(), source);
        stored.add(r.id());
      }
    }
    List<String> removed = new ArrayList<>();
    owned.forEach(
        (id, owner) -> {
          if (owner.startsWith(SOURCE_PREFIX) && (!owner.equals(source) || !byId.containsKey(id))) {
            removeOwned(id);
            removed.add(id);
          }
        });
    String error =
        problems.isEmpty()
            ? null
            : "attestation policy directory "
                + dir
                + ": "
                + String.join("; ", problems)
                + " (the policies stored before are kept)";
    if (error != null) {
      LOG.warning(error);
    }
    LOG.info(
        () ->
            "attestation policies from "
                + dir
                + ": "
                + byId.keySet()
                + " ("
                + stored.size()
                + " stored, "
                + removed.size()
                + " removed"
                + (removed.isEmpty() ? "" : ": " + removed + ", defaults fall back to built-in")
                + "); the directory owns them, admin changes to them are refused");
    afterCommit.accept(() -> committed(fingerprint, error));
    return new Result(true, stored, removed, Optional.ofNullable(error));
  }

  /**
   * Removes every attestation policy owned by a directory other than {@code keep} (none configured:
   * {@code keep} null); built-in default ids fall back to the built-in text.
   *
   * @return the ids removed
   */
  public static List<String> removeOwnedExcept(
      PolicyTextRepository policies,
      String keep,
      Function<String, Optional<String>> builtIn,
      Clock clock) {
    List<String> removed = new ArrayList<>();
    policies
        .owned(PolicyKind.ATTESTATION)
        .forEach(
            (id, owner) -> {
              if (owner.startsWith(SOURCE_PREFIX) && !owner.equals(keep)) {
                remove(policies, id, builtIn, clock);
                removed.add(id);
              }
            });
    return removed;
  }

  private void removeOwned(String id) {
    remove(policies, id, builtIn, clock);
  }

  private static void remove(
      PolicyTextRepository policies,
      String id,
      Function<String, Optional<String>> builtIn,
      Clock clock) {
    Optional<String> dflt = builtIn.apply(id);
    if (dflt.isPresent()) {
      policies.store(PolicyKind.ATTESTATION, id, dflt.get(), clock.instant());
    } else {
      policies.delete(PolicyKind.ATTESTATION, id);
    }
  }

  private List<Read> scan() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    Map<String, Read> out = new TreeMap<>();
    Read legacyDefault = null;
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.startsWith(".") || !name.endsWith(".rego") || !Files.isRegularFile(f)) {
        continue;
      }
      String id = name.substring(0, name.length() - ".rego".length());
      Read r = read(id, f);
      if (id.equals("default")) {
        legacyDefault = r;
      } else {
        out.put(id, r);
      }
    }
    if (legacyDefault != null && !out.containsKey("default_cpu")) {
      out.put(
          "default_cpu",
          new Read(
              "default_cpu", legacyDefault.file(), legacyDefault.text(), legacyDefault.problem()));
    } else if (legacyDefault != null) {
      out.put(
          "default",
          new Read(
              "default",
              legacyDefault.file(),
              null,
              "ignored: default_cpu.rego is present, and upstream asks for default_cpu"));
    }
    return List.copyOf(out.values());
  }

  private static Read read(String id, Path f) {
    if (!ID.matcher(id).matches()) {
      return new Read(id, f, null, "the policy id must be 1-128 characters [A-Za-z0-9_.-]");
    }
    try {
      if (Files.size(f) > MAX_SIZE) {
        return new Read(id, f, null, "larger than " + MAX_SIZE + " bytes");
      }
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      ResourcePolicy.requireCompiles(text);
      return new Read(id, f, text, null);
    } catch (IOException e) {
      return new Read(id, f, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (PolicyEvaluationException e) {
      return new Read(id, f, null, "does not compile: " + e.getMessage());
    }
  }

  private synchronized void committed(String fingerprint, String error) {
    lastFingerprint = fingerprint;
    lastError = error;
  }

  private synchronized Result fail(String message) {
    lastError = message;
    LOG.warning(message);
    return new Result(false, List.of(), List.of(), Optional.of(message));
  }

  private static String fingerprint(List<Read> reads) {
    StringBuilder sb = new StringBuilder();
    for (Read r : reads) {
      sb.append(r.id())
          .append('\n')
          .append(r.file())
          .append('\n')
          .append(r.text() == null ? "!" + r.problem() : r.text())
          .append('\0');
    }
    return Bytes.toHex(Digests.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
