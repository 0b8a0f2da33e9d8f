package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueLookupResult;
import io.trustee.kbs.rvps.ReferenceValueService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ReferenceValueLookup} of one appraisal: answers from the RVPS's appraisal-side lookup
 * (expired values count as absent) and records each id the policy asked for, so the appraisal
 * record can show what was compared with what. Thread-safe (synchronised); one instance per
 * evaluation.
 */
final class RecordingReferenceValueLookup implements ReferenceValueLookup {
  private final ReferenceValueService service;
  private final String tee;
  private final Map<String, ReferenceValueLookupResult> seen = new LinkedHashMap<>();
  private Map<String, ReferenceValueLookupResult> mapped; // read at the first query

  /**
   * @param tee the TEE whose mapped reference values ({@link ClaimPaths#names}) are read together,
   *     in one repository call, at the first query; other ids are looked up one by one
   */
  RecordingReferenceValueLookup(ReferenceValueService service, String tee) {
    this.service = service;
    this.tee = tee;
  }

  @Override
  public synchronized Optional<JsonNode> query(String id) {
    ReferenceValueLookupResult r = seen.computeIfAbsent(id, this::lookup);
    return r.valueForPolicy();
  }

  private ReferenceValueLookupResult lookup(String id) {
    if (mapped == null) {
      mapped = service.lookupAllForAppraisal(ClaimPaths.names(tee));
    }
    ReferenceValueLookupResult r = mapped.get(id);
    return r != null ? r : service.lookupForAppraisal(id);
  }

  /**
   * Checks for every id the policy queried, then — if {@code completeness}, marked as not queried —
   * every registered value mapped for {@code tee} that the policy did not reach (Rego stops at the
   * first failed condition of a rule body). The completeness pass costs one lookup per mapped name,
   * so the service runs it only for appraisals that are not affirming.
   */
  synchronized List<ReferenceValueCheck> checks(String tee, JsonNode input, boolean completeness) {
    List<ReferenceValueCheck> out = new ArrayList<>();
    seen.forEach((id, r) -> out.add(check(tee, input, id, r, true)));
    if (!completeness) {
      return out;
    }
    for (String name : ClaimPaths.names(tee)) {
      if (!seen.containsKey(name)) {
        ReferenceValueLookupResult r = lookup(name);
        if (r.status() != ReferenceValueLookupResult.Status.ABSENT) {
          out.add(check(tee, input, name, r, false));
        }
      }
    }
    return out;
  }

  private static ReferenceValueCheck check(
      String tee, JsonNode input, String id, ReferenceValueLookupResult r, boolean queried) {
    return ReferenceValueCheck.of(
        id,
        ClaimPaths.forName(tee, id),
        input,
        r.status(),
        r.record().map(ReferenceValue::value),
        queried);
  }
}
