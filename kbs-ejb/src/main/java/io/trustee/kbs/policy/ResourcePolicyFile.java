package io.trustee.kbs.policy;

import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The resource policy file ({@code kbs.resource.policy-file}, upstream {@code [policy_engine]
 * policy_path}) as the source of truth: while it is configured, the stored resource policy is the
 * file's text — imported at every start and whenever the file changes (checked by the caller's
 * timer) — and the admin API refuses to change it (409 naming the file). Upstream instead writes
 * API changes back into the file; here the file is typically a read-only ConfigMap, and a silent
 * overwrite of an API change at the next restart would be worse than a clear refusal.
 *
 * <p>At start a missing, unreadable or non-compiling file stops the server ({@link #importNow} with
 * {@code strict}); at run time it is reported ({@link #lastError()}) and the stored policy stays as
 * it was. The database is written only when the text differs from the stored one. The in-memory
 * "last imported" state moves forward only after the caller's transaction committed. Thread-safe.
 */
public final class ResourcePolicyFile {
  private static final Logger LOG = Logger.getLogger(ResourcePolicyFile.class.getName());

  private final Path file;
  private final String policyId;
  private final PolicyTextRepository policies;
  private final Clock clock;
  private byte[] lastImported;
  private String lastError;

  public ResourcePolicyFile(
      Path file, String policyId, PolicyTextRepository policies, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.policyId = Objects.requireNonNull(policyId, "policyId");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Path file() {
    return file;
  }

  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * Reads the file and stores its text as the resource policy if it differs from the stored one.
   *
   * @param strict true at start: a bad file throws {@link IllegalStateException} naming the
   *     setting; false at run time: it is reported and the stored policy is kept
   * @param afterCommit registers an action to run once the caller's transaction has committed
   * @return true if the stored policy was replaced
   */
  public synchronized boolean importNow(boolean strict, Consumer<Runnable> afterCommit) {
    byte[] content;
    String text;
    try {
      content = Files.readAllBytes(file);
      if (Arrays.equals(content, lastImported)) {
        lastError = null;
        return false;
      }
      text = new String(content, StandardCharsets.UTF_8);
      ResourcePolicy.requireCompiles(text);
    } catch (IOException | PolicyEvaluationException e) {
      String message =
          "kbs.resource.policy-file / [policy_engine] policy_path "
              + file
              + ": "
              + (e instanceof IOException ? "cannot be read (" + e + ")" : e.getMessage());
      if (strict) {
        throw new IllegalStateException(message, e);
      }
      lastError = message + "; the stored resource policy is kept";
      LOG.warning(lastError);
      return false;
    }
    boolean replace =
        policies
            .find(PolicyKind.RESOURCE, policyId)
            .map(StoredPolicy::text)
            .map(stored -> !stored.equals(text))
            .orElse(true);
    if (replace) {
      policies.store(PolicyKind.RESOURCE, policyId, text, clock.instant());
      LOG.info(
          () ->
              "resource policy imported from "
                  + file
                  + " (the file is the source of truth;"
                  + " the admin API refuses changes to it)");
    }
    byte[] imported = content;
    afterCommit.accept(() -> committed(imported));
    return replace;
  }

  private synchronized void committed(byte[] content) {
    lastImported = content;
    lastError = null;
  }
}
