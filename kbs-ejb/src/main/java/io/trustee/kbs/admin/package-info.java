/**
 * Authorisation of the admin API (kbs-protocol.md §10, kbs-config.md §2.2): one {@link
 * io.trustee.kbs.admin.AdminAuthorizer} per configured mode — deny all, allow all (explicit only),
 * Ed25519 keys (legacy {@code auth_public_key} and {@code Simple} personas) and bearer JWTs from
 * identity providers with a regex ACL. Failures are {@link
 * io.trustee.kbs.admin.AdminAuthException}s with a reason; tokens are never echoed.
 */
package io.trustee.kbs.admin;
