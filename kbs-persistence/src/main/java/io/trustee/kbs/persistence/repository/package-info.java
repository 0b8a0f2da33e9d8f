/**
 * JPA implementations of the domain's repository interfaces, as application-scoped CDI beans that
 * join the transaction of the calling EJB façade. They map entities to domain records and never
 * return null for "not found".
 */
package io.trustee.kbs.persistence.repository;
