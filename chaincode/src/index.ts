import { AccessContract } from './contracts/access-contract';
import { ApplicationContract } from './contracts/application-contract';
import { AttestationContract } from './contracts/attestation-contract';
import { AuditContract } from './contracts/audit-contract';
import { CatalogContract } from './contracts/catalog-contract';
import { CompanyContract } from './contracts/company-contract';
import { ConsentContract } from './contracts/consent-contract';
import { HealthContract } from './contracts/health-contract';
import { ObjectionContract } from './contracts/objection-contract';
import { OwnContract } from './contracts/own-contract';
import { ProductContract } from './contracts/product-contract';

export {
  AccessContract,
  AttestationContract,
  AuditContract,
  CatalogContract,
  CompanyContract,
  ConsentContract,
  HealthContract,
  ObjectionContract,
  ProductContract,
  ApplicationContract,
  OwnContract,
};

// fabric-chaincode-node loads this list; the first contract is the default one.
export const contracts = [
  HealthContract,
  CatalogContract,
  CompanyContract,
  AttestationContract,
  ConsentContract,
  AccessContract,
  ObjectionContract,
  AuditContract,
  ProductContract,
  ApplicationContract,
  OwnContract,
];
