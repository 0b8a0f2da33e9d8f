package io.trustee.kbs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcCurvesTest {
  @TempDir Path dir;

  @Test
  void knowsJoseCurvesOnly() {
    assertThat(EcCurves.byJoseName("P-256")).isPresent();
    assertThat(EcCurves.byJoseName("P-384").map(EcCurves::coordinateLength)).contains(48);
    assertThat(EcCurves.byJoseName("P-521").map(EcCurves::coordinateLength)).contains(66);
    assertThat(EcCurves.byJoseName("secp256k1")).isEmpty();
    assertThat(EcCurves.byJoseName(null)).isEmpty();
  }

  @Test
  void generatedPointIsOnCurveAndTamperedIsNot() {
    ECPublicKey pub = (ECPublicKey) Pem.generateP256().getPublic();
    ECParameterSpec p = EcCurves.p256();
    assertThat(EcCurves.isOnCurve(pub.getW(), p.getCurve())).isTrue();
    ECPoint moved =
        new ECPoint(pub.getW().getAffineX(), pub.getW().getAffineY().add(BigInteger.ONE));
    assertThat(EcCurves.isOnCurve(moved, p.getCurve())).isFalse();
    assertThat(EcCurves.isOnCurve(ECPoint.POINT_INFINITY, p.getCurve())).isFalse();
    BigInteger prime = ((java.security.spec.ECFieldFp) p.getCurve().getField()).getP();
    ECPoint outOfRange = new ECPoint(pub.getW().getAffineX().add(prime), pub.getW().getAffineY());
    assertThat(EcCurves.isOnCurve(outOfRange, p.getCurve())).isFalse();
  }

  @Test
  void unsignedPadsAndRefusesOverflow() {
    assertThat(EcCurves.unsigned(BigInteger.ONE, 4)).containsExactly(0, 0, 0, 1);
    assertThat(EcCurves.unsigned(new BigInteger("ff", 16), 1)).containsExactly((byte) 0xff);
    assertThatThrownBy(() -> EcCurves.unsigned(BigInteger.valueOf(256), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createOwnerOnlyKeepsFirstWriter() throws Exception {
    Path f = dir.resolve("k");
    assertThat(SecretFiles.createOwnerOnly(f, new byte[] {1})).isTrue();
    assertThat(SecretFiles.createOwnerOnly(f, new byte[] {2})).isFalse();
    assertThat(Files.readAllBytes(f)).containsExactly(1);
    try (var s = Files.list(dir)) {
      assertThat(s.map(x -> x.getFileName().toString())).containsExactly("k");
    }
  }
}
