// Test doubles of the chaincode, for other packages' tests: `@sme-credit-ledger/chaincode/testing`. Never
// part of the deployed chaincode (not in its package id) nor of any production code (lint forbids it).
export { attest, FakeNetwork, IDS, seededNetwork, USCC } from './fake-network';
export { financingNetwork } from './financing-fixtures';
export { IP_LOAN, MANUAL_LOAN, STRICT_LOAN, SUPPLY_CHAIN_LOAN } from './product-fixtures';
