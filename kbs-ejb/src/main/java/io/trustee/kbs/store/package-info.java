/**
 * Domain-side storage contracts for secrets and policies: what the KBS keeps in its database and in
 * which form (sealed secrets, policy texts). The JPA implementations live in kbs-persistence;
 * nothing here depends on JPA.
 */
package io.trustee.kbs.store;
