/**
 * JPA entities: the database rows of sessions, sealed secrets, policies and reference values. They
 * carry no JSON annotations and never leave kbs-persistence; repositories map them to the domain's
 * records.
 */
package io.trustee.kbs.persistence.entity;
