/**
 * Per-client throttling of the unauthenticated attestation endpoints, in plain Java so that it is
 * unit-tested without a server: a token-bucket {@link io.trustee.kbs.throttle.RateLimiter}, a count
 * of the live sessions each client opened ({@link io.trustee.kbs.throttle.SessionAllowance}) and
 * the rule that picks the client address ({@link io.trustee.kbs.throttle.ClientAddress}). Each
 * keeps a bounded, least-recently-used table, so a flood of spoofed addresses cannot exhaust
 * memory. State is per replica (replicas share no memory).
 */
package io.trustee.kbs.throttle;
