# Default KBS resource policy of Trustee for Jakarta EE (resource-policy.md §3), reproducing the
# upstream default: release a resource to any attested TEE that is not the "sample" attester. The
# EAR status is NOT consulted; install resource_affirming_only.rego (or your own policy) to make
# releases depend on the appraisal.
#
# data  = the request: {"plugin", "resource-path", "query"}
# input = the verified attestation token claims (EAR payload)
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	not input.submods.cpu0["ear.veraison.annotated-evidence"].sample
}
