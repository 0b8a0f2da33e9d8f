package io.trustee.kbs.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an event, for the admin API, the exported JSON lines and the log: every field of
 * the canonical encoding (so an exported file can be re-verified), with the time as ISO-8601.
 * Carries no secret: events never hold a value. Stateless.
 */
public final class AuditJson {
  private AuditJson() {}

  public static ObjectNode of(AuditEvent e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("seq", e.seq());
    o.setAll(of(e.record()));
    o.put("prev_hash", e.prevHash());
    o.put("hash", e.hash());
    return o;
  }

  /** The record's fields alone (for the log line of an event that could not be stored). */
  public static ObjectNode of(AuditRecord r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("time", r.time().toString());
    ObjectNode actor = o.putObject("actor");
    actor.put("kind", r.actor().kind());
    actor.put("id", r.actor().id());
    r.actor().issuer().ifPresent(i -> actor.put("issuer", i));
    r.actor().tee().ifPresent(t -> actor.put("tee", t));
    o.put("action", r.action());
    o.put("target", r.target());
    o.put("outcome", r.outcome().wire());
    o.put("status", r.status());
    o.put("request_id", r.requestId());
    return o;
  }

  public static ObjectNode of(AuditHead h) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.putObject("anchor").put("seq", h.anchorSeq()).put("hash", h.anchorHash());
    o.putObject("head").put("seq", h.lastSeq()).put("hash", h.lastHash());
    return o;
  }

  public static ObjectNode of(ChainVerdict v) {
    ObjectNode o = of(v.head());
    o.put("intact", v.intact());
    o.put("checked", v.checked());
    v.brokenSeq().ifPresent(s -> o.putObject("broken").put("seq", s).put("reason", v.reason()));
    return o;
  }
}
