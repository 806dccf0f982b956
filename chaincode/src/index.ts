import { HealthContract } from './contracts/health-contract';

export { HealthContract };

// fabric-chaincode-node loads this list; the first contract is the default one.
export const contracts = [HealthContract];
