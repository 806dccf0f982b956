// The contract between the chaincode and its clients (see README.md): import from '@sme-credit-ledger/contract'.
export * from './attestation-hash';
export * from './authorized-records';
export * from './canonical-json';
export * from './collections';
export * from './confidential';
export * from './errors';
export * from './fields';
export * from './limits';
export * from './names';
export * from './page';
export * from './requests';
export * from './roles';
export * from './sealed-records';
export * from './transactions';
export * from './transient';
export * from './types';
export * from './uscc';
