/**
 * Attestation tokens: the built-in attestation service signs EAR JWTs with {@link
 * io.trustee.kbs.token.EarTokenSigner} using {@link io.trustee.kbs.token.SigningKeyMaterial}, and
 * the resource endpoint checks presented tokens with {@link
 * io.trustee.kbs.token.AttestationTokenVerifier} (kbs-protocol.md §8.4) before {@link
 * io.trustee.kbs.token.TeeKeyLocator} finds the TEE key in the claims (§8.5). Algorithms are fixed
 * by configuration and key type; {@code none} and HMAC are never accepted. All JOSE here is Nimbus
 * JOSE+JWT ({@code DefaultJWTProcessor} with our key selectors, {@code JWKSourceBuilder}, {@code
 * ECDSASigner}, {@code ECKey} thumbprints); EdDSA goes through the JDK behind Nimbus's interfaces
 * ({@link io.trustee.kbs.token.Ed25519Jws}). The only hand-written JOSE in the KBS is the
 * byte-exact ECDH-ES protected header of the resource JWE ({@code broker.ResourceEncryptor}).
 */
package io.trustee.kbs.token;
