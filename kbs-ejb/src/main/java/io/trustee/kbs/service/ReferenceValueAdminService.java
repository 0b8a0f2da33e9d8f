package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.rvps.InvalidReferenceValueException;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reference values through the admin API (kbs-protocol.md §9.4–9.5, rvps.md §4.2): register (an
 * RVPS message, optionally signed, or the runbook document), query, and our additions list (with
 * expiry state) and delete. Failures are 401 {@code RvpsError} as upstream, with a detail naming
 * the field; nothing is stored when any part of a registration is invalid (one transaction).
 */
@Stateless
public class ReferenceValueAdminService {
  private static final Logger LOG = Logger.getLogger(ReferenceValueAdminService.class.getName());

  @Inject RvpsConfig rvps;

  public List<String> register(byte[] body) {
    ReferenceValueService service = rvps.service();
    try {
      List<ReferenceValue> stored = service.register(new String(body, StandardCharsets.UTF_8));
      List<String> names = stored.stream().map(ReferenceValue::name).toList();
      LOG.info(() -> "admin: reference values registered: " + LogSafe.escape(names.toString()));
      return names;
    } catch (InvalidReferenceValueException e) {
      throw new KbsException(KbsError.RvpsError, e.getMessage());
    }
  }

  public JsonNode query(String name) {
    return rvps.service()
        .query(name)
        .orElseThrow(() -> new KbsException(KbsError.RvpsError, "reference value not found: " + name));
  }

  /** Every current value with its expiry and whether appraisal still uses it. */
  public ArrayNode list() {
    ReferenceValueService service = rvps.service();
    Instant now = service.now();
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (ReferenceValue v : service.list()) {
      ObjectNode o = out.addObject();
      o.put("name", v.name());
      o.put("expiration", ReferenceValue.formatExpiration(v.expiration()));
      o.put("expired", v.isExpiredAt(now));
      o.set("value", v.value());
    }
    return out;
  }

  public void delete(String name) {
    if (!rvps.service().delete(name)) {
      throw new KbsException(KbsError.RvpsError, "reference value not found: " + name);
    }
    LOG.info(() -> "admin: reference value " + LogSafe.escape(name) + " deleted");
  }
}
