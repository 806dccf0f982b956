// Dependency-free contract between the chaincode and its clients: import from '@sme-credit-ledger/chaincode/api'.
export * from './authorized-records';
export * from './errors';
export * from './limits';
export * from './names';
export * from './page';
export * from './sealed-records';
export * from './transient';
export * from './types';
export * from './uscc';
export * from './canonical-json';
export * from './confidential';
export * from './collections';
export * from './financing';
