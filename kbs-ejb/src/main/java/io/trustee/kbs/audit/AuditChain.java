package io.trustee.kbs.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.json.Jcs;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * The hash chain of the audit trail. Each event's hash is the SHA-256 (lower-case hex) of the
 * canonical encoding of its fields and of the previous event's hash: the RFC 8785 (JCS) form of
 *
 * <pre>{"v":1,"seq":…,"time":<epoch ms>,"actor_kind":…,"actor_id":…,"actor_issuer":…|null,
 * "tee":…|null,"action":…,"target":…,"outcome":…,"status":…,"request_id":…,"prev_hash":…}</pre>
 *
 * so editing any field of a stored event, deleting one, or moving one to another sequence number
 * breaks the link at that event (or at the next one). JCS fixes member order, number form and
 * string escaping, so the encoding does not depend on the database or the JSON library's options.
 *
 * <p>A chain proves order and integrity against partial edits, not authenticity: whoever can
 * rewrite every event after the edited one, and the head row, can forge a consistent chain. Keep
 * the head hash reported by {@code /audit/verify} (or the exported files) outside the database to
 * detect that. Stateless.
 */
public final class AuditChain {
  /** The "previous hash" of the first event ever: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The canonical bytes that are hashed. */
  public static byte[] canonical(long seq, AuditRecord r, String prevHash) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("v", 1);
    o.put("seq", seq);
    o.put("time", r.time().toEpochMilli());
    o.put("actor_kind", r.actor().kind());
    o.put("actor_id", r.actor().id());
    r.actor()
        .issuer()
        .ifPresentOrElse(i -> o.put("actor_issuer", i), () -> o.putNull("actor_issuer"));
    r.actor().tee().ifPresentOrElse(t -> o.put("tee", t), () -> o.putNull("tee"));
    o.put("action", r.action());
    o.put("target", r.target());
    o.put("outcome", r.outcome().wire());
    o.put("status", r.status());
    o.put("request_id", r.requestId());
    o.put("prev_hash", prevHash);
    return Jcs.canonicalize(o).getBytes(StandardCharsets.UTF_8);
  }

  public static String hash(long seq, AuditRecord r, String prevHash) {
    return Bytes.toHex(Digests.sha256(canonical(seq, r, prevHash)));
  }

  /** The event that follows {@code head}. */
  public static AuditEvent next(AuditHead head, AuditRecord r) {
    long seq = head.lastSeq() + 1;
    return new AuditEvent(seq, r, head.lastHash(), hash(seq, r, head.lastHash()));
  }

  /**
   * Walks {@code events} (in ascending sequence order, starting after the head's anchor) and names
   * the first broken link: a missing sequence number (a deleted event), a stored hash that does not
   * match the event's fields (an edited or moved event), a previous hash that does not match the
   * event before (a replaced or reordered event), or an end that does not meet the head (events
   * deleted at the end, or added behind the chain's back).
   */
  public static ChainVerdict verify(AuditHead head, Iterable<AuditEvent> events) {
    long expected = head.anchorSeq() + 1;
    String prev = head.anchorHash();
    long checked = 0;
    for (AuditEvent e : events) {
      if (e.seq() < expected) {
        return ChainVerdict.broken(
            checked, head, e.seq(), "event at or before the anchor " + head.anchorSeq());
      }
      if (e.seq() > expected) {
        return ChainVerdict.broken(
            checked,
            head,
            expected,
            "event " + expected + " is missing (the next stored event is " + e.seq() + ")");
      }
      if (!hash(e.seq(), e.record(), e.prevHash()).equals(e.hash())) {
        return ChainVerdict.broken(
            checked,
            head,
            e.seq(),
            "the stored hash does not match the event's fields (edited or moved)");
      }
      if (!e.prevHash().equals(prev)) {
        return ChainVerdict.broken(
            checked,
            head,
            e.seq(),
            expected == head.anchorSeq() + 1
                ? "the previous hash does not match the anchor (the purge anchor was edited)"
                : "the previous hash does not match event "
                    + (expected - 1)
                    + " (an event was replaced or reordered)");
      }
      checked++;
      prev = e.hash();
      expected++;
    }
    long last = expected - 1;
    if (last < head.lastSeq()) {
      return ChainVerdict.broken(
          checked,
          head,
          expected,
          "event "
              + expected
              + " is missing (the chain ends at "
              + last
              + ", the head records "
              + head.lastSeq()
              + ")");
    }
    if (last > head.lastSeq()) {
      return ChainVerdict.broken(
          checked, head, head.lastSeq() + 1, "event beyond the head (added outside the KBS)");
    }
    if (!prev.equals(head.lastHash())) {
      return ChainVerdict.broken(
          checked, head, last, "the last event's hash does not match the head row");
    }
    return ChainVerdict.intact(checked, head);
  }
}
