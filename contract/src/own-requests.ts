import { Type, type Static } from '@sinclair/typebox';
import { PageRequestFields } from './requests';

/*
 * Requests of the `own` contract: each lists the caller's own records, so none names a party; the
 * department, bank or company is the caller's certificate, and no argument can ask for another's.
 */

/** One page of the calling department's attestations, in key order (company, category, version). */
export const ListOwnAttestationsRequest = Type.Object({ ...PageRequestFields });
/** One page of the calling bank's access records, oldest first. */
export const ListOwnAccessRequest = Type.Object({ ...PageRequestFields });
/** The calling company's erasures. */
export const ListOwnErasuresRequest = Type.Object({});

export type ListOwnAttestationsRequest = Static<typeof ListOwnAttestationsRequest>;
export type ListOwnAccessRequest = Static<typeof ListOwnAccessRequest>;
export type ListOwnErasuresRequest = Static<typeof ListOwnErasuresRequest>;
