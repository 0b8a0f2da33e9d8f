/**
 * The EJB façades of the KBS: thin, transactional entry points (RCAR protocol, resources, policies,
 * reference values) over the plain-Java domain, and the protocol error model ({@link
 * io.trustee.kbs.service.KbsError}, {@link io.trustee.kbs.service.KbsException}).
 */
package io.trustee.kbs.service;
