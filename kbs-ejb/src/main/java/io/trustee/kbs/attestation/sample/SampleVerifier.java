package io.trustee.kbs.attestation.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.util.Bytes;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Verifier for the {@code sample} TEE. Evidence {@code {"svn": "<string>", "report_data": "<b64>"}}
 * ({@code report_data} optional, default empty). When report data is expected, {@code report_data}
 * is decoded as standard padded base64 and compared in constant time; init-data is not checked
 * (upstream only logs it). Claims (class {@code cpu}): {@code svn}, {@code report_data} as sent,
 * {@code launch_digest = "abcde"}, {@code platform_version = {"major":1,"minor":4}}, {@code debug =
 * false} and, when an init-data digest was supplied, {@code init_data} = its base64.
 *
 * <p>Stateless and thread-safe. Provides no security: never enable it in production policies.
 */
public final class SampleVerifier implements EvidenceVerifier {
  /** {@code sample}, no aliases, class {@code cpu}. */
  public static final EvidenceScheme SCHEME = new EvidenceScheme("sample", Set.of(), "cpu");

  @Override
  public EvidenceScheme scheme() {
    return SCHEME;
  }

  @Override
  public TeeClaims verify(EvidenceInput input) throws BadEvidenceException {
    JsonNode ev = input.evidence();
    if (!ev.isObject()) {
      throw new BadEvidenceException("malformed evidence", "sample evidence must be an object");
    }
    JsonNode svn = ev.get("svn");
    if (svn == null || !svn.isTextual()) {
      throw new BadEvidenceException("malformed evidence", "svn missing or not a string");
    }
    JsonNode rd = ev.get("report_data");
    if (rd != null && !rd.isTextual()) {
      throw new BadEvidenceException("malformed evidence", "report_data is not a string");
    }
    String reportData = rd == null ? "" : rd.textValue();
    Optional<byte[]> expected = input.expectedReportData();
    if (expected.isPresent()) {
      byte[] actual;
      try {
        actual = Base64.getDecoder().decode(reportData);
      } catch (IllegalArgumentException e) {
        throw new BadEvidenceException("malformed evidence", "report_data is not base64", e);
      }
      if (!Bytes.constantTimeEquals(actual, expected.get())) {
        throw new BadEvidenceException("report data mismatch", null);
      }
    }
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("svn", svn.textValue());
    claims.put("report_data", reportData);
    claims.put("launch_digest", "abcde");
    ObjectNode pv = claims.putObject("platform_version");
    pv.put("major", 1);
    pv.put("minor", 4);
    claims.put("debug", false);
    input
        .expectedInitDataDigest()
        .ifPresent(d -> claims.put("init_data", Base64.getEncoder().encodeToString(d)));
    return new TeeClaims(SCHEME.teeClass(), claims);
  }
}
