/**
 * Delivery of secrets to an attested TEE: {@link io.trustee.kbs.broker.ResourceEncryptor} wraps a
 * resource in the JWE that kbs-protocol.md §7 (and the legacy form of §12) prescribes, keyed to the
 * TEE public key from the attestation token. Plain Java; the resource endpoint calls it after token
 * verification and policy evaluation. The JWE's cryptography is Nimbus JOSE+JWT's; the one piece of
 * JOSE the KBS writes by hand is the byte-exact ECDH-ES protected header, which the guest
 * re-serialises as the AAD (see the {@code ResourceEncryptor} class comment).
 */
package io.trustee.kbs.broker;
