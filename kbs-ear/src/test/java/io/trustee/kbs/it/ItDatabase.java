package io.trustee.kbs.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Direct JDBC access to the test server's database, for checks that must look at what is stored
 * (the server must be stopped first when the database is embedded Derby, which one JVM locks).
 */
final class ItDatabase {
  private ItDatabase() {}

  static Connection open() throws SQLException {
    String kind = System.getProperty("kbs.it.db-kind", "derby");
    switch (kind) {
      case "postgres":
        return DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:5432/" + System.getProperty("kbs.it.pg-db", "kbs_it"),
            "postgres",
            "");
      case "h2":
        return DriverManager.getConnection(
            "jdbc:h2:" + KbsHttp.dataDir().toAbsolutePath().resolve("h2/kbs") + ";MODE=LEGACY",
            "sa",
            "");
      default:
        return DriverManager.getConnection(
            "jdbc:derby:" + KbsHttp.dataDir().toAbsolutePath().resolve("db/kbs"));
    }
  }

  /** An embedded Derby database stays booted (and locked) in this JVM until it is shut down. */
  static void release() {
    if (!System.getProperty("kbs.it.db-kind", "derby").equals("derby")) {
      return;
    }
    try {
      DriverManager.getConnection(
          "jdbc:derby:" + KbsHttp.dataDir().toAbsolutePath().resolve("db/kbs") + ";shutdown=true");
    } catch (SQLException e) {
      // SQL state 08006 is Derby's normal answer to a successful shutdown.
      if (!"08006".equals(e.getSQLState())) {
        throw new IllegalStateException("could not release the embedded database", e);
      }
    }
  }
}
