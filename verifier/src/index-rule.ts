import { recordsOf, text, type Fields, type ParsedWrite, type TxView } from './rule-context';

/**
 * An index entry (value: the record's id) is written only with the record it names, created in the same
 * transaction for the same owner (an objection's company).
 */
export const indexRule =
  (recordFamily: string, idField: string, ownerField: string) =>
  (_value: Fields, tx: TxView, write: ParsedWrite): string | undefined => {
    const [owner = '', id = ''] = write.attributes;
    const where = `${write.family} entry ${owner}/${id}`;
    const value = write.value;
    if (value !== id) return `${where} holds ${JSON.stringify(value)}, not the id in its key`;
    const record = recordsOf(tx, recordFamily).find((candidate) => text(candidate, idField) === id);
    if (record === undefined)
      return `${where} names ${recordFamily} ${id}, which this transaction does not write`;
    return text(record, ownerField) === owner
      ? undefined
      : `${where} files ${recordFamily} ${id} under ${owner}, it belongs to ${text(record, ownerField)}`;
  };
