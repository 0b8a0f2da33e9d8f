package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.util.Base64;
import java.util.Objects;

/**
 * Produces {@code tee-evidence.primary_evidence} for a report data value (kbs-protocol.md §3.2,
 * §5). Implementations are immutable and thread-safe.
 */
interface EvidenceSource {
  /** The TEE name sent in {@code /auth}. */
  String tee();

  /** Evidence binding {@code reportData} (48 bytes, SHA-384 of the runtime data). */
  JsonNode evidence(byte[] reportData);

  /** The {@code sample} TEE: {@code {"svn":"1","report_data":"<b64>"}}; no hardware at all. */
  static EvidenceSource sample() {
    return new EvidenceSource() {
      @Override
      public String tee() {
        return "sample";
      }

      @Override
      public JsonNode evidence(byte[] reportData) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("svn", "1");
        o.put("report_data", Base64.getEncoder().encodeToString(reportData));
        return o;
      }
    };
  }

  /** {@code az-snp-vtpm} v2 evidence from the kbs-sim simulator (test AMD chain, not real AMD). */
  static EvidenceSource simulated(AzSnpVtpmSimulator sim) {
    Objects.requireNonNull(sim, "sim");
    return new EvidenceSource() {
      @Override
      public String tee() {
        return "az-snp-vtpm";
      }

      @Override
      public JsonNode evidence(byte[] reportData) {
        return sim.evidenceJson(2, reportData);
      }
    };
  }
}
