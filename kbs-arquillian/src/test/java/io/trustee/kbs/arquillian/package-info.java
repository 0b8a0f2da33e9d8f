/**
 * Arquillian tests of the container wiring: they run inside the real {@code kbs.ear} on a managed
 * Liberty server and check what only the container decides, namely CDI discovery of the evidence
 * verifiers, the transaction boundaries of the EJB façades and the JPA repositories behind them.
 * Protocol behaviour over HTTP is tested by kbs-ear's {@code *IT} classes, not here.
 */
package io.trustee.kbs.arquillian;
