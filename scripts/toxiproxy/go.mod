// Pins the Toxiproxy release that scripts/install-toxiproxy.sh builds (the fault suite's network faults);
// go.sum pins every dependency.
module sme-credit-ledger/toxiproxy-build

go 1.23.0

require github.com/Shopify/toxiproxy/v2 v2.12.0
