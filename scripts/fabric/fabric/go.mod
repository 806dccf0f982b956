// Pins the Fabric release that scripts/install-fabric.sh builds; go.sum pins every dependency.
module sme-credit-ledger/fabric-build

go 1.24.2

require github.com/hyperledger/fabric v1.4.0-rc1.0.20250510200036-435a7f1a780a
