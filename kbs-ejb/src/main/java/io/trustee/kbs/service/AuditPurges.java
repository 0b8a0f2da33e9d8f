package io.trustee.kbs.service;

import io.trustee.kbs.audit.AuditChain;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditExportFile;
import io.trustee.kbs.audit.AuditHead;
import io.trustee.kbs.audit.AuditJson;
import io.trustee.kbs.audit.AuditRepository;
import io.trustee.kbs.audit.ChainVerdict;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One batch of the audit purge ({@code kbs.audit.retention-days}), in its own transaction, with the
 * head row locked throughout (appends wait for the batch): the oldest events past the retention are
 * checked against the anchor, exported (JSON lines to {@code kbs.audit.export-dir}, forced to disk,
 * or to the log), deleted, and the last of them becomes the anchor that verification starts from. A
 * batch whose links are broken is not purged (the evidence stays, and the failure is logged by
 * {@link Housekeeping}); a failed export deletes nothing.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditPurges {
  private static final Logger EXPORT_LOG = Logger.getLogger("io.trustee.kbs.audit.export");

  @Inject AuditRepository repository;

  /** Purges up to {@link PurgeBatches#BATCH} events older than {@code before}; returns how many. */
  public int olderThan(Instant before, Optional<Path> exportDir) {
    AuditRepository.Purgeable p = repository.lockPurgeable(before, PurgeBatches.BATCH);
    List<AuditEvent> events = p.events();
    if (events.isEmpty()) {
      return 0;
    }
    AuditEvent last = events.get(events.size() - 1);
    AuditHead batch =
        new AuditHead(p.head().anchorSeq(), p.head().anchorHash(), last.seq(), last.hash());
    ChainVerdict v = AuditChain.verify(batch, events);
    if (!v.intact()) {
      throw new IllegalStateException(
          "audit chain broken at event "
              + v.brokenSeq().orElseThrow()
              + " ("
              + v.reason()
              + "): nothing purged; run GET /kbs/v0/audit/verify");
    }
    if (exportDir.isPresent()) {
      try {
        Path file = AuditExportFile.write(exportDir.get(), events);
        EXPORT_LOG.info(
            () ->
                "audit events " + events.get(0).seq() + "-" + last.seq() + " exported to " + file);
      } catch (IOException e) {
        throw new UncheckedIOException("audit export to " + exportDir.get() + " failed", e);
      }
    } else {
      for (AuditEvent e : events) {
        EXPORT_LOG.info(() -> "audit export: " + AuditJson.of(e));
      }
    }
    repository.purgeThrough(last);
    return events.size();
  }
}
