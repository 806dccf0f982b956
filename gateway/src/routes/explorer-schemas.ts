import { MAX_BLOCKS_PER_PAGE } from '../explorer/block-explorer';
import { bearer, problemResponses } from './schemas';

/** JSON Schemas of the block explorer and network health routes (blocks.ts, transactions.ts, network.ts). */

/** A block number as decimal text: at most 19 digits, below 2^64 as Fabric's uint64 block numbers are. */
export const blockNumberSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,18})$',
  description: 'Block number (decimal)',
};
export const txIdSchema = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: 'Fabric transaction id (hex SHA-256 of nonce and creator)',
};

const hex = { type: 'string', pattern: '^[0-9a-f]*$' };
const dateTime = { type: 'string', format: 'date-time' };

export const transactionSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['txId', 'blockNumber', 'index', 'type', 'validationCode', 'creator', 'endorsers'],
  description: 'Metadata only: never arguments, transient data, responses or written values',
  properties: {
    txId: { type: 'string' },
    blockNumber: { type: 'string' },
    index: { type: 'integer' },
    type: { type: 'string', description: 'common.HeaderType name' },
    validationCode: { type: 'string', description: 'peer.TxValidationCode name' },
    timestamp: dateTime,
    creator: {
      type: 'object',
      additionalProperties: false,
      required: ['mspId', 'role'],
      properties: {
        mspId: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'client', 'peer', 'orderer', 'member'] },
      },
    },
    endorsers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mspId'],
        properties: { mspId: { type: 'string' } },
      },
    },
    chaincode: { type: 'string' },
    function: { type: 'string' },
  },
};

const blockSummaryProperties = {
  number: { type: 'string' },
  hash: hex,
  previousHash: hex,
  dataHash: hex,
  transactionCount: { type: 'integer' },
  validTransactions: { type: 'integer' },
  timestamp: dateTime,
};
const blockSummaryRequired = [
  'number',
  'hash',
  'previousHash',
  'dataHash',
  'transactionCount',
  'validTransactions',
];

export const blockPageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['height', 'blocks'],
  properties: {
    height: { type: 'string' },
    next: { type: 'string', description: '`from` of the next, older page' },
    blocks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: blockSummaryRequired,
        properties: blockSummaryProperties,
      },
    },
  },
};

export const blockDetailSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...blockSummaryRequired, 'transactions'],
  properties: { ...blockSummaryProperties, transactions: { type: 'array', items: transactionSummarySchema } },
};

export const blockListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: blockNumberSchema,
    limit: { type: 'integer', minimum: 1, maximum: MAX_BLOCKS_PER_PAGE },
  },
};

export const networkHealthSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['channel', 'checkedAt', 'peers', 'orderers'],
  properties: {
    channel: { type: 'string' },
    checkedAt: dateTime,
    leader: { type: 'string', description: 'The orderer that reports itself Raft leader' },
    peers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['org', 'endpoint', 'state'],
        properties: {
          org: { type: 'string' },
          endpoint: { type: 'string' },
          state: { type: 'string' },
          height: { type: 'string' },
        },
      },
    },
    orderers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'reachable', 'isLeader'],
        properties: {
          name: { type: 'string' },
          reachable: { type: 'boolean' },
          isLeader: { type: 'boolean' },
          clusterSize: { type: 'integer' },
          height: { type: 'string' },
        },
      },
    },
  },
};

export { bearer, problemResponses };
