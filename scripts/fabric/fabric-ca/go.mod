// Pins the Fabric CA release that scripts/install-fabric.sh builds; go.sum pins every dependency.
module sme-credit-ledger/fabric-ca-build

go 1.25.0

require github.com/hyperledger/fabric-ca v1.5.21
