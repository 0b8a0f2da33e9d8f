package io.trustee.kbs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image runs under OpenShift's restricted SCC: an arbitrary UID in group 0, a read-only root
 * filesystem, and a data directory that the process does not own. {@code server-config/bin/kbs} is
 * run in a copy of the image's layout (a stub {@code wlp/bin/server} instead of Liberty), and the
 * Containerfile is checked for the steps that make that layout.
 */
class LauncherArbitraryUidTest {
  static final Path LAUNCHER = Path.of("..", "server-config", "bin", "kbs");
  static final Path CONTAINERFILE = Path.of("..", "server-config", "Containerfile");
  static final int ARBITRARY_UID = 123456;

  record Result(int exit, String stdout, String stderr) {}

  /** The image layout under {@code root}: wlp with the launcher, /opt/kbs-run, /var/lib/kbs. */
  private static Path layOut(Path root) throws IOException {
    Path server = Files.createDirectories(root.resolve("opt/wlp/usr/servers/kbs/bin"));
    Files.copy(LAUNCHER, server.resolve("kbs"));
    Path bin = Files.createDirectories(root.resolve("opt/wlp/bin"));
    Files.writeString(
        bin.resolve("server"),
        "#!/bin/bash\necho \"server $* uid=$(id -u) gid=$(id -g)\"\n",
        StandardCharsets.UTF_8);
    Path run = Files.createDirectories(root.resolve("opt/kbs-run"));
    Path serverDir = server.getParent();
    Files.createSymbolicLink(
        serverDir.resolve("bootstrap.properties"), run.resolve("bootstrap.properties"));
    Files.createSymbolicLink(serverDir.resolve("configDropins"), run.resolve("configDropins"));
    Files.createDirectories(root.resolve("var/lib/kbs"));
    // The Containerfile: chgrp -R 0 and chmod -R g=u (root:0, so an arbitrary UID in group 0 may
    // write where root may), then the read-only root: the server directory is not writable at all.
    sh(
        root,
        "chgrp -R 0 . && chmod -R g=u . && chmod 0755 . && chmod a+x opt/wlp/bin/server opt/wlp/usr/servers/kbs/bin/kbs"
            + " && chmod a-w opt/wlp/usr/servers/kbs opt/wlp/usr/servers/kbs/bin"
            + " && chmod 1777 opt/kbs-run");
    return serverDir;
  }

  private static void sh(Path dir, String script) throws IOException {
    try {
      Process p =
          new ProcessBuilder("/bin/bash", "-c", script)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static Result launch(Path root, List<String> prefix) throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(
        List.of("/bin/bash", root.resolve("opt/wlp/usr/servers/kbs/bin/kbs").toString(), "run"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().put("KBS_DATA_DIR", root.resolve("var/lib/kbs").toString());
    pb.environment().put("KBS_CONSOLE", "off");
    pb.environment().put("HOME", root.toString());
    pb.environment().put("KBS_KEYSTORE_PASSWORD", "test-only");
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean root() throws IOException {
    return "0"
        .equals(
            String.valueOf(
                Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS)));
  }

  @Test
  void startsAsAnArbitraryUidInGroupZeroWithAReadOnlyServerDirectory(@TempDir Path tmp)
      throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "setpriv missing: arbitrary-UID start NOT tested");
    assumeTrue(
        root(), "not root: cannot switch to an arbitrary UID, arbitrary-UID start NOT tested");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path serverDir = layOut(tmp);

    Result r =
        launch(
            tmp,
            List.of("/usr/bin/setpriv", "--reuid=" + ARBITRARY_UID, "--regid=0", "--clear-groups"));

    assertThat(r.exit()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
    assertThat(r.stdout()).contains("server run kbs --clean uid=" + ARBITRARY_UID + " gid=0");
    // The image's data directory belongs to root: left alone, with a note, instead of chmod
    // failing.
    assertThat(r.stderr()).contains("is owned by uid 0, not " + ARBITRARY_UID);
    Path secrets = tmp.resolve("var/lib/kbs/secrets");
    assertThat(Files.getAttribute(secrets, "unix:uid")).isEqualTo(ARBITRARY_UID);
    assertThat(Files.getPosixFilePermissions(secrets))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    // Written through the links into /opt/kbs-run, not into the read-only server directory.
    assertThat(Files.readString(tmp.resolve("opt/kbs-run/bootstrap.properties")))
        .contains("db.kind=derby")
        .contains("kbs.console=off");
    assertThat(tmp.resolve("opt/kbs-run/configDropins/overrides")).isDirectory();
    assertThat(Files.isSymbolicLink(serverDir.resolve("bootstrap.properties"))).isTrue();
  }

  @Test
  void aDataDirectoryItCannotWriteStopsWithAClearMessage(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv missing: NOT tested");
    assumeTrue(root(), "not root: cannot switch to an arbitrary UID, NOT tested");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    layOut(tmp);
    sh(tmp, "chmod 0755 var/lib/kbs"); // group 0 without write: a volume not prepared for the SCC

    Result r =
        launch(
            tmp,
            List.of("/usr/bin/setpriv", "--reuid=" + ARBITRARY_UID, "--regid=0", "--clear-groups"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("KBS_DATA_DIR must be writable by uid " + ARBITRARY_UID + ", gid 0");
    assertThat(r.stdout()).doesNotContain("server run");
  }

  @Test
  void asTheOwnerTheDataDirectoryBecomesOwnerOnly(@TempDir Path tmp) throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    layOut(tmp);
    sh(tmp, "chmod u+w opt/wlp/usr/servers/kbs && chmod 0775 var/lib/kbs");

    Result r = launch(tmp, List.of());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(Files.getPosixFilePermissions(tmp.resolve("var/lib/kbs")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(r.stderr()).doesNotContain("is owned by uid");
  }

  @Test
  void theContainerfilePreparesGroupZeroAndTheWritableLinks() throws IOException {
    String c = Files.readString(CONTAINERFILE);
    assertThat(c).containsPattern("(?m)^USER 1001$");
    assertThat(c).contains("chgrp -R 0 /opt/wlp /opt/amd /var/lib/kbs /opt/kbs-run");
    assertThat(c).contains("chmod -R g=u /opt/wlp /opt/amd /var/lib/kbs /opt/kbs-run");
    assertThat(c)
        .contains(
            "ln -s /opt/kbs-run/bootstrap.properties /opt/wlp/usr/servers/kbs/bootstrap.properties");
    assertThat(c)
        .contains("ln -s /opt/kbs-run/configDropins /opt/wlp/usr/servers/kbs/configDropins");
    assertThat(c).contains("WLP_OUTPUT_DIR=/opt/kbs-run/output");
    assertThat(c).contains("ln -s /opt/wlp/usr/servers/kbs/bin/kbs /usr/local/bin/kbs");
  }
}
