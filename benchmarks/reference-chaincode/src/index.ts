import { ReferenceContract } from './reference-contract';

export { PRIVATE_COLLECTION, RECORD_FIELD, ReferenceContract } from './reference-contract';

// fabric-chaincode-node loads this list.
export const contracts = [ReferenceContract];
