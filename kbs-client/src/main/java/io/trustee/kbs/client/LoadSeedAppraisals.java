package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Inserts appraisal rows for {@code kbs-client load seed --appraisals N} straight into the server's
 * table {@code KBS_APPRAISAL} (kbs-persistence's {@code AppraisalEntity}), because no API creates
 * them. Every row is a copy of the newest real row (written by an attestation, so run one load
 * first): same {@code TEE}, {@code STATUS} and {@code RECORD_JSON} size and shape, with a fresh
 * {@code SESSION_ID} and {@code TOKEN_HASH} (also replaced inside the record) and a {@code
 * CREATED_AT} spread evenly over the retention window, so that the hourly purge ({@code DELETE …
 * WHERE CREATED_AT < now - kbs.appraisal.retention}) removes them a slice at a time.
 *
 * <p>Ids come from the entity's sequence {@code KBS_APPRAISAL_SEQ}, one {@code NEXT VALUE} per row:
 * the server pre-allocates blocks of that sequence, and a value it hands out is never inside
 * another value's block, so rows inserted here never collide with the server's own. (A database
 * where the sequence is a table, {@code SEQUENCE(SEQ_NAME, SEQ_COUNT)}, is advanced by the batch
 * size instead.)
 *
 * <p>Rows are inserted in JDBC batches with one commit per batch. PostgreSQL can be seeded while
 * the server runs; embedded Derby only while it is stopped (one JVM locks the database directory).
 */
final class LoadSeedAppraisals {
  static final String TABLE = "KBS_APPRAISAL";
  static final String SEQUENCE = "KBS_APPRAISAL_SEQ";

  /** The copied row. */
  record Template(String sessionId, String tokenHash, String tee, String status, String record) {
    Template {
      Objects.requireNonNull(record, "record");
    }

    /** The record with the template's ids replaced by the new row's. */
    String recordFor(String session, String token) {
      String r = record;
      if (!sessionId.isEmpty()) {
        r = r.replace(sessionId, session);
      }
      if (!tokenHash.isEmpty()) {
        r = r.replace(tokenHash, token);
      }
      return r;
    }
  }

  private final String url;
  private final String user;
  private final String password;
  private final PrintWriter log;

  LoadSeedAppraisals(String url, String user, String password, PrintWriter log) {
    if (url == null || !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:derby:"))) {
      throw new CliException(
          "--jdbc-url: expected jdbc:postgresql://HOST:PORT/DB or jdbc:derby:<data>/db/kbs");
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.log = log;
  }

  /** Inserts {@code count} rows, {@code batch} per commit; returns the number inserted. */
  long insert(long count, int batch, Duration retention, Instant now) {
    boolean derby = url.startsWith("jdbc:derby:");
    try (Connection c = open()) {
      c.setAutoCommit(false);
      Template t = template(c);
      IdSource ids = IdSource.detect(c);
      long window = Math.max(1, retention.toMillis() - Duration.ofHours(1).toMillis());
      SecureRandom random = new SecureRandom();
      HexFormat hex = HexFormat.of();
      long done = 0;
      long lastPrint = System.nanoTime();
      String sql =
          "INSERT INTO "
              + TABLE
              + " (ID, SESSION_ID, TOKEN_HASH, CREATED_AT, TEE, STATUS, RECORD_JSON)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ins = c.prepareStatement(sql)) {
        while (done < count) {
          int n = (int) Math.min(batch, count - done);
          long[] block = ids.next(c, n);
          for (int i = 0; i < n; i++) {
            byte[] s = new byte[16];
            byte[] h = new byte[32];
            random.nextBytes(s);
            random.nextBytes(h);
            String session = hex.formatHex(s);
            String token = hex.formatHex(h);
            long k = done + i;
            ins.setLong(1, block[i]);
            ins.setString(2, session);
            ins.setString(3, token);
            ins.setLong(4, now.toEpochMilli() - (k * window / Math.max(1, count)));
            ins.setString(5, t.tee());
            ins.setString(6, t.status());
            ins.setString(7, t.recordFor(session, token));
            ins.addBatch();
          }
          ins.executeBatch();
          c.commit();
          done += n;
          if (System.nanoTime() - lastPrint > 1_000_000_000L || done == count) {
            log.printf(Locale.ROOT, "appraisals: %d / %d rows%n", done, count);
            log.flush();
            lastPrint = System.nanoTime();
          }
        }
      }
      return done;
    } catch (SQLException e) {
      throw new CliException(
          "--jdbc-url: "
              + e.getMessage()
              + (derby && "XJ040".equals(e.getSQLState())
                  ? " (is the server still running? embedded Derby is locked by the server's JVM:"
                      + " stop it first)"
                  : ""),
          e);
    } finally {
      if (derby) {
        shutdownDerby();
      }
    }
  }

  private Connection open() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password == null ? "" : password);
  }

  static Template template(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SESSION_ID, TOKEN_HASH, TEE, STATUS, RECORD_JSON FROM "
                    + TABLE
                    + " ORDER BY ID DESC FETCH FIRST 1 ROWS ONLY")) {
      if (!rs.next()) {
        throw new CliException(
            "--appraisals: "
                + TABLE
                + " is empty; run one attestation first (e.g. kbs-client load --duration 2s)"
                + " so that a real row can be copied");
      }
      return new Template(
          rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }
  }

  /** Where row ids come from. */
  interface IdSource {
    long[] next(Connection c, int n) throws SQLException;

    static IdSource detect(Connection c) throws SQLException {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return (conn, n) -> {
          long[] ids = new long[n];
          try (PreparedStatement p =
              conn.prepareStatement(
                  "SELECT nextval('" + SEQUENCE + "') FROM generate_series(1, ?)")) {
            p.setInt(1, n);
            try (ResultSet rs = p.executeQuery()) {
              for (int i = 0; i < n; i++) {
                rs.next();
                ids[i] = rs.getLong(1);
              }
            }
          }
          return ids;
        };
      }
      if (hasDerbySequence(c)) {
        return (conn, n) -> {
          long[] ids = new long[n];
          try (PreparedStatement p =
              conn.prepareStatement("VALUES (NEXT VALUE FOR " + SEQUENCE + ")")) {
            for (int i = 0; i < n; i++) {
              try (ResultSet rs = p.executeQuery()) {
                rs.next();
                ids[i] = rs.getLong(1);
              }
            }
          }
          return ids;
        };
      }
      if (hasTable(c.getMetaData(), "SEQUENCE")) {
        return (conn, n) -> {
          try (PreparedStatement up =
                  conn.prepareStatement(
                      "UPDATE SEQUENCE SET SEQ_COUNT = SEQ_COUNT + ? WHERE SEQ_NAME = ?");
              PreparedStatement get =
                  conn.prepareStatement("SELECT SEQ_COUNT FROM SEQUENCE WHERE SEQ_NAME = ?")) {
            up.setLong(1, n);
            up.setString(2, SEQUENCE);
            if (up.executeUpdate() != 1) {
              throw new SQLException("no row " + SEQUENCE + " in table SEQUENCE");
            }
            get.setString(1, SEQUENCE);
            try (ResultSet rs = get.executeQuery()) {
              rs.next();
              long end = rs.getLong(1);
              long[] ids = new long[n];
              for (int i = 0; i < n; i++) {
                ids[i] = end - n + 1 + i;
              }
              return ids;
            }
          }
        };
      }
      throw new SQLException("found neither the sequence " + SEQUENCE + " nor a SEQUENCE table");
    }

    private static boolean hasDerbySequence(Connection c) throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement("SELECT 1 FROM SYS.SYSSEQUENCES WHERE SEQUENCENAME = ?")) {
        p.setString(1, SEQUENCE);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      } catch (SQLException e) {
        return false;
      }
    }

    private static boolean hasTable(DatabaseMetaData md, String name) throws SQLException {
      try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
        return rs.next();
      }
    }
  }

  private void shutdownDerby() {
    String base = url.contains(";") ? url.substring(0, url.indexOf(';')) : url;
    try {
      DriverManager.getConnection(base + ";shutdown=true").close();
    } catch (SQLException e) {
      // 08006: Derby's normal answer to a successful shutdown of one database
      if (!"08006".equals(e.getSQLState())) {
        log.println("warning: could not shut the Derby database down: " + e.getMessage());
      }
    }
  }
}
