package io.trustee.kbs.service;

import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.rvps.ReferenceValueRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * {@code GET /metrics}: brings the gauges that count database rows up to date (the reference values
 * by source, which every replica shares) and writes every metric as Prometheus text.
 *
 * <p>Outside a transaction: a scrape only reads, and one that cannot reach the database still
 * answers, with the last counts it knew (the failure is logged).
 */
@Stateless
public class MetricsScrape {
  private static final Logger LOG = Logger.getLogger(MetricsScrape.class.getName());

  @Inject KbsMetrics metrics;
  @Inject ReferenceValueRepository referenceValues;

  /** The metrics in the Prometheus text format ({@link KbsMetrics#CONTENT_TYPE}). */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public byte[] text() {
    try {
      long all = referenceValues.findAll().size();
      long fromFiles = referenceValues.owned().size();
      metrics.referenceValues(all - fromFiles, fromFiles);
    } catch (RuntimeException e) {
      LOG.warning(() -> "metrics: reference values not counted: " + e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      metrics.writeText(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
