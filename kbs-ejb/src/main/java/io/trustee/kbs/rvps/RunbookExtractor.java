package io.trustee.kbs.rvps;

import java.time.Instant;
import java.util.List;

/**
 * Registration message type {@code runbook} (our extension): the payload is the base64 of a runbook
 * document R4 (see {@link RunbookDocument}). This lets a runbook be sent with signed provenance; a
 * bare runbook array posted to the admin endpoint cannot carry a signature. Stateless and
 * thread-safe.
 */
public final class RunbookExtractor implements ReferenceValueExtractor {
  @Override
  public String type() {
    return "runbook";
  }

  @Override
  public List<ReferenceValue> extract(byte[] payload, Instant now)
      throws InvalidReferenceValueException {
    return RunbookDocument.toReferenceValues(JsonText.parse(payload, "payload"), now).values();
  }
}
