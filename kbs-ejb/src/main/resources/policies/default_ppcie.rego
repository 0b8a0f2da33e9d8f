# Default attestation (EAR) policy for the NVIDIA protected-PCIe (PPCIE) class of Trustee for
# Jakarta EE, installed as policy id "default_ppcie" when no policy with that id is stored.
# As upstream (attestation-service.md §7.2): fixed values only — configuration 2, no assertion
# for the other claims.
package policy

import rego.v1

default executables := 0

default hardware := 0

default configuration := 2

default file_system := 0

default instance_identity := 0

default runtime_opaque := 0

default storage_opaque := 0

default sourced_data := 0

trust_claims := {
	"instance-identity": instance_identity,
	"configuration": configuration,
	"executables": executables,
	"file-system": file_system,
	"hardware": hardware,
	"runtime-opaque": runtime_opaque,
	"storage-opaque": storage_opaque,
	"sourced-data": sourced_data,
}
