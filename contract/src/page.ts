/**
 * Page bookmarks are opaque: base64url tokens the chaincode hands out and accepts back only for the list that
 * issued them (see chaincode/src/ledger/page-bookmark.ts). Clients check the form early; the chaincode refuses
 * any other bookmark, and any token that does not decode to a key of the list, with VALIDATION_FAILED.
 */
export const BOOKMARK_PATTERN = '^[A-Za-z0-9_-]*$';
export const MAX_BOOKMARK_LENGTH = 1024;
