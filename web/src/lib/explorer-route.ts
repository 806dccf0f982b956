/**
 * Where the block explorer is, from the location hash: `#blocks` (the list), `#blocks/<number>` (a block),
 * `#blocks/tx/<txId>` (a transaction). Records anywhere in the console link to `txHref(txId)`.
 */
export type ExplorerView =
  | { kind: 'list' }
  | { kind: 'block'; number: string }
  | { kind: 'tx'; txId: string };

const BLOCK = /^#blocks\/(0|[1-9][0-9]{0,18})$/;
const TX = /^#blocks\/tx\/([0-9a-f]{64})$/;

export function explorerView(hash: string): ExplorerView {
  const block = BLOCK.exec(hash)?.[1];
  if (block !== undefined) {
    return { kind: 'block', number: block };
  }
  const txId = TX.exec(hash)?.[1];
  return txId === undefined ? { kind: 'list' } : { kind: 'tx', txId };
}

export const txHref = (txId: string): string => `#blocks/tx/${txId}`;
export const blockHref = (number: string | number): string => `#blocks/${number}`;
/** The console's section named by a hash: its first segment (`#blocks/12` is in `blocks`). */
export const sectionOf = (hash: string): string => hash.slice(1).split('/')[0] ?? '';
