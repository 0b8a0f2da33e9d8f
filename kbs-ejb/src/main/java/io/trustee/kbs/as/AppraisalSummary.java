package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.store.AppraisalOutline;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.StoredAppraisal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attestations of a time window by outcome, for the console's overview: per time bucket the number
 * of {@code affirming}, {@code warning}, {@code contraindicated} and {@code refused} appraisals,
 * the totals, and the claims and verifier checks that failed most often.
 *
 * <p>The outcome of a not-affirming record is its most severe submodule {@code ear.status} (the
 * record's public summary); a refused record is {@code refused}. Counting uses outlines (no record
 * bodies); splitting not-affirming records needs their bodies, which the caller loads for at most a
 * bounded number of the newest ones. Records beyond that bound count as {@code not_affirming}
 * (unsplit), and {@code split_complete} says so. Plain Java, no container.
 */
public final class AppraisalSummary {
  /** The outcomes, in the order a chart stacks them. */
  public static final List<String> OUTCOMES =
      List.of("affirming", "warning", "contraindicated", "refused", "not_affirming");

  private static final int TOP = 10;

  private AppraisalSummary() {}

  /**
   * @param outlines the records of the window (any order)
   * @param notAffirming full bodies of (some of) the window's not-affirming and refused records
   * @param outlinesComplete false when the outline query hit its limit (older records left out)
   */
  public static ObjectNode of(
      List<AppraisalOutline> outlines,
      List<StoredAppraisal> notAffirming,
      Instant from,
      Instant to,
      Duration bucket,
      boolean outlinesComplete) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (bucket.isZero() || bucket.isNegative() || !to.isAfter(from)) {
      throw new IllegalArgumentException("empty window or bucket");
    }
    Map<Long, String> outcomeById = new HashMap<>();
    Map<String, Integer> claims = new HashMap<>();
    Map<String, Integer> checks = new HashMap<>();
    for (StoredAppraisal a : notAffirming) {
      JsonNode record = a.record();
      outcomeById.put(a.id(), outcome(a.status(), record));
      if (record.has("refused")) {
        checks.merge(record.path("refused").path("check").asText("unknown"), 1, Integer::sum);
      }
      JsonNode subs = record.path("public_summary").path("submods");
      subs.fields()
          .forEachRemaining(
              s ->
                  s.getValue()
                      .path("claims")
                      .fieldNames()
                      .forEachRemaining(c -> claims.merge(s.getKey() + "." + c, 1, Integer::sum)));
    }
    long bucketMillis = bucket.toMillis();
    int n =
        (int)
            Math.max(
                1, (to.toEpochMilli() - from.toEpochMilli() + bucketMillis - 1) / bucketMillis);
    long[][] counts = new long[n][OUTCOMES.size()];
    long[] totals = new long[OUTCOMES.size()];
    for (AppraisalOutline o : outlines) {
      long offset = o.createdAt().toEpochMilli() - from.toEpochMilli();
      if (offset < 0 || o.createdAt().isAfter(to)) {
        continue;
      }
      int b = (int) Math.min(n - 1, offset / bucketMillis);
      String outcome =
          switch (o.status()) {
            case AFFIRMING -> "affirming";
            case REFUSED -> "refused";
            case NOT_AFFIRMING -> outcomeById.getOrDefault(o.id(), "not_affirming");
          };
      int i = OUTCOMES.indexOf(outcome);
      counts[b][i]++;
      totals[i]++;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("bucket_seconds", bucket.toSeconds());
    out.put("complete", outlinesComplete);
    out.put("split_complete", totals[OUTCOMES.indexOf("not_affirming")] == 0);
    ObjectNode t = out.putObject("totals");
    for (int i = 0; i < OUTCOMES.size(); i++) {
      t.put(OUTCOMES.get(i), totals[i]);
    }
    ArrayNode buckets = out.putArray("buckets");
    for (int b = 0; b < n; b++) {
      ObjectNode row = buckets.addObject();
      row.put("start", from.plusMillis(b * bucketMillis).toString());
      for (int i = 0; i < OUTCOMES.size(); i++) {
        row.put(OUTCOMES.get(i), counts[b][i]);
      }
    }
    out.set("top_failed_claims", top(claims));
    out.set("top_refused_checks", top(checks));
    return out;
  }

  /** The most severe submodule status of a not-affirming record, or {@code refused}. */
  static String outcome(AppraisalStatus status, JsonNode record) {
    if (status == AppraisalStatus.REFUSED || record.has("refused")) {
      return "refused";
    }
    for (JsonNode s :
        (Iterable<JsonNode>) record.path("public_summary").path("submods")::elements) {
      if (s.path("ear.status").asText("").equals("contraindicated")) {
        return "contraindicated";
      }
    }
    // not affirming, nothing contraindicated (also a record whose submodules all read affirming)
    return "warning";
  }

  private static ArrayNode top(Map<String, Integer> counts) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Integer>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(TOP)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach((k, v) -> out.addObject().put("name", k).put("count", v));
    return out;
  }
}
