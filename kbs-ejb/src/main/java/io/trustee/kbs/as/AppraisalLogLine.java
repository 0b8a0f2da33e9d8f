package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import io.trustee.kbs.util.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "why denied" part of the {@code attestation failed} log line for an appraisal that is not
 * affirming, on one line so that {@code grep 'attestation failed'} shows the reason and the PCR
 * diff without an admin API call:
 *
 * <pre>
 * status=warning failed=[executables] missing=[] pcr11 expected=[9f1c…,77ab…] observed=5d3a…
 * </pre>
 *
 * <ul>
 *   <li>{@code status} — the most severe EAR status of the submodules;
 *   <li>{@code failed} — the trust-vector claims that are not affirming (prefixed with the
 *       submodule, e.g. {@code gpu0.executables}, when the record has more than one);
 *   <li>{@code missing} — reference values the policy queried that are not registered;
 *   <li>then one {@code NAME expected=[…] observed=…} group per failed comparison (mismatch or
 *       expired), where NAME is {@code pcrNN} for a PCR claim and the claim path otherwise; an
 *       expired registration ends with {@code (expired)}.
 * </ul>
 *
 * Digests and measurements are not secret, but the values are claims chosen by the caller: every
 * value is escaped with {@link LogSafe} (and a space or comma inside a value is written as its
 * backslash-u escape, so that the groups stay splittable on spaces and commas) and cut to {@value
 * #MAX_VALUE_CHARS} characters, at most {@value #MAX_EXPECTED} registered values per comparison and
 * {@value #MAX_CHECKS} comparisons are printed (with a {@code +N more} marker). Stateless and
 * thread-safe.
 */
public final class AppraisalLogLine {
  /** Characters of one observed or registered value that are written. */
  public static final int MAX_VALUE_CHARS = 160;

  /** Registered values written per comparison. */
  public static final int MAX_EXPECTED = 4;

  /** Failed comparisons written per line. */
  public static final int MAX_CHECKS = 16;

  private static final Pattern PCR = Pattern.compile("(?:^|[._/])(pcr[0-9]{1,2})$");

  private AppraisalLogLine() {}

  /** The status, failed claims, missing values and failed comparisons of {@code record}. */
  public static String describe(AppraisalRecord record) {
    boolean several = record.submodules().size() > 1;
    TrustTier worst = TrustTier.NONE;
    Set<String> failed = new LinkedHashSet<>();
    Set<String> missing = new LinkedHashSet<>();
    List<String> checks = new ArrayList<>();
    int more = 0;
    for (SubmoduleAppraisal s : record.submodules()) {
      if (s.status().compareTo(worst) > 0) {
        worst = s.status();
      }
      String prefix = several ? s.name() + "." : "";
      s.nonAffirmingClaims().keySet().forEach(c -> failed.add(prefix + c));
      s.missingReferenceValues().forEach(m -> missing.add(prefix + m));
      for (ReferenceValueCheck c : s.checks()) {
        if (!c.failed()) {
          continue;
        }
        if (checks.size() < MAX_CHECKS) {
          checks.add(check(prefix, c));
        } else {
          more++;
        }
      }
    }
    if (record.submodules().isEmpty()) {
      worst = TrustTier.CONTRAINDICATED;
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append("status=").append(worst.word());
    sb.append(" failed=").append(list(failed));
    sb.append(" missing=").append(list(missing));
    checks.forEach(c -> sb.append(' ').append(c));
    if (more > 0) {
      sb.append(" +").append(more).append(" more");
    }
    return sb.toString();
  }

  /** {@code pcr11} for a claim ending in {@code pcr11}, else the claim path itself. */
  public static String checkName(ReferenceValueCheck c) {
    Matcher m = PCR.matcher(c.claim());
    return m.find() ? m.group(1) : c.claim();
  }

  private static String check(String prefix, ReferenceValueCheck c) {
    StringBuilder sb = new StringBuilder();
    sb.append(LogSafe.escape(prefix + checkName(c), MAX_VALUE_CHARS)).append(" expected=[");
    JsonNode registered = c.registered().orElse(null);
    if (registered != null && registered.isArray()) {
      int i = 0;
      for (JsonNode v : registered) {
        if (i == MAX_EXPECTED) {
          sb.append(",+").append(registered.size() - MAX_EXPECTED).append(" more");
          break;
        }
        sb.append(i++ == 0 ? "" : ",").append(value(v));
      }
    } else if (registered != null) {
      sb.append(value(registered));
    }
    sb.append(']');
    if (c.status() == Status.EXPIRED) {
      sb.append("(expired)");
    }
    sb.append(" observed=").append(c.observed().map(AppraisalLogLine::value).orElse("-"));
    return sb.toString();
  }

  /** A string value without quotes, anything else as JSON; escaped and cut. */
  private static String value(JsonNode v) {
    String s = v.isTextual() ? v.textValue() : v.toString();
    // escaped first, so that the backslash of the markers below cannot be confused with input
    return LogSafe.escape(s, MAX_VALUE_CHARS).replace(" ", "\\u0020").replace(",", "\\u002c");
  }

  private static String list(Set<String> items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(LogSafe.escape(i, MAX_VALUE_CHARS)));
    return "[" + String.join(",", out) + "]";
  }
}
