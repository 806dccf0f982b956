// The contract between the chaincode and its clients (see README.md): import from '@sme-credit-ledger/contract'.
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
