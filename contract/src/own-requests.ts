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

/** Objection statuses a list can be narrowed to. */
export const OwnObjectionStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('corrected'),
  Type.Literal('rejected'),
]);
/**
 * One page of the caller's objections: a department's are those about the records it attested, a company's
 * those it raised. `status` narrows the page (a page may then hold fewer than `pageSize`: follow the bookmark).
 */
export const ListOwnObjectionsRequest = Type.Object({
  status: Type.Optional(OwnObjectionStatus),
  ...PageRequestFields,
});
/** One page of the calling company's applications, every bank's, in application-id order. */
export const ListOwnApplicationsRequest = Type.Object({ ...PageRequestFields });

export type ListOwnObjectionsRequest = Static<typeof ListOwnObjectionsRequest>;
export type ListOwnApplicationsRequest = Static<typeof ListOwnApplicationsRequest>;
