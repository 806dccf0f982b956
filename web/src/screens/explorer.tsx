import { useEffect, useState } from 'preact/hooks';
import { Empty, Section } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import { blockHref, explorerView, txHref } from '../lib/explorer-route';
import type { BlockDetail, BlockPage, TransactionSummary } from '../lib/explorer-types';
import { useLoad, useSession } from '../session';

const PAGE_SIZE = 10;

/** The block explorer: the list, a block or a transaction, as the location hash says (lib/explorer-route.ts). */
export function BlockExplorer() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const view = explorerView(hash);
  switch (view.kind) {
    case 'block':
      return <BlockView number={view.number} />;
    case 'tx':
      return <TransactionView txId={view.txId} />;
    default:
      return <BlockList />;
  }
}

function BlockList() {
  const i18n = useI18n();
  const { client } = useSession();
  const [from, setFrom] = useState<string | undefined>(undefined);
  const page = useLoad(() => client.get<BlockPage>('/v1/blocks', { from, limit: PAGE_SIZE }), [from]);
  return (
    <Section title={i18n.t('audit.tab.blocks')}>
      <p class="muted">{i18n.t('explorer.intro')}</p>
      <ErrorBox problem={page.problem} />
      {page.value === undefined ? null : (
        <>
          <p>{i18n.t('explorer.height', { height: i18n.number(page.value.height) })}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('field.block')}</th>
                  <th scope="col">{i18n.t('explorer.time')}</th>
                  <th scope="col">{i18n.t('explorer.transactions')}</th>
                  <th scope="col">{i18n.t('field.hash')}</th>
                </tr>
              </thead>
              <tbody>
                {page.value.blocks.map((block) => (
                  <tr key={block.number}>
                    <th scope="row">
                      <a href={blockHref(block.number)}>{i18n.number(block.number)}</a>
                    </th>
                    <td>{block.timestamp === undefined ? '—' : i18n.dateTime(block.timestamp)}</td>
                    <td>
                      {i18n.t('explorer.validOf', {
                        valid: i18n.number(block.validTransactions),
                        count: i18n.number(block.transactionCount),
                      })}
                    </td>
                    <td>
                      <code class="hash" title={block.hash}>
                        {block.hash.slice(0, 16)}…
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="pager">
            <button
              type="button"
              class="secondary"
              onClick={() => setFrom(undefined)}
              disabled={from === undefined}
            >
              {i18n.t('explorer.newest')}
            </button>{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => setFrom(page.value?.next)}
              disabled={page.value.next === undefined}
            >
              {i18n.t('explorer.older')}
            </button>
          </p>
        </>
      )}
    </Section>
  );
}

function BlockView({ number }: { number: string }) {
  const i18n = useI18n();
  const { client } = useSession();
  const block = useLoad(() => client.get<BlockDetail>(`/v1/blocks/${number}`), [number]);
  const value = block.value;
  return (
    <Section title={i18n.t('explorer.block', { number: i18n.number(number) })}>
      <p>
        <a href="#blocks">{i18n.t('explorer.back')}</a>
        {number === '0' ? null : (
          <>
            {' · '}
            <a href={blockHref(String(BigInt(number) - 1n))}>{i18n.t('explorer.previous')}</a>
          </>
        )}
        {' · '}
        <a href={blockHref(String(BigInt(number) + 1n))}>{i18n.t('explorer.next')}</a>
      </p>
      <ErrorBox problem={block.problem} />
      {value === undefined || value.number !== number ? null : (
        <>
          <dl class="facts">
            <dt>{i18n.t('explorer.time')}</dt>
            <dd>{value.timestamp === undefined ? '—' : i18n.dateTime(value.timestamp)}</dd>
            <dt>{i18n.t('field.hash')}</dt>
            <dd>
              <code class="hash">{value.hash}</code>
            </dd>
            <dt>{i18n.t('explorer.previousHash')}</dt>
            <dd>
              <code class="hash">{value.previousHash}</code>
            </dd>
            <dt>{i18n.t('explorer.dataHash')}</dt>
            <dd>
              <code class="hash">{value.dataHash}</code>
            </dd>
          </dl>
          <TransactionTable transactions={value.transactions} />
        </>
      )}
    </Section>
  );
}

function TransactionTable({ transactions }: { transactions: TransactionSummary[] }) {
  const i18n = useI18n();
  if (transactions.length === 0) {
    return <Empty />;
  }
  return (
    <div class="table-wrap">
      <table>
        <caption>{i18n.t('explorer.transactions')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{i18n.t('field.tx')}</th>
            <th scope="col">{i18n.t('explorer.function')}</th>
            <th scope="col">{i18n.t('explorer.creator')}</th>
            <th scope="col">{i18n.t('explorer.endorsers')}</th>
            <th scope="col">{i18n.t('explorer.validation')}</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((transaction) => (
            <tr key={transaction.txId}>
              <td>{i18n.number(transaction.index)}</td>
              <th scope="row">
                <a href={txHref(transaction.txId)}>
                  <code title={transaction.txId}>{transaction.txId.slice(0, 10)}…</code>
                </a>
              </th>
              <td>{transaction.function ?? typeText(i18n.t, transaction.type)}</td>
              <td>
                <Creator creator={transaction.creator} />
              </td>
              <td>{endorserList(transaction)}</td>
              <td>
                <ValidationBadge code={transaction.validationCode} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TransactionView({ txId }: { txId: string }) {
  const i18n = useI18n();
  const { client } = useSession();
  const transaction = useLoad(() => client.get<TransactionSummary>(`/v1/transactions/${txId}`), [txId]);
  const value = transaction.value;
  return (
    <Section title={i18n.t('explorer.transaction')}>
      <p>
        <a href="#blocks">{i18n.t('explorer.back')}</a>
      </p>
      <ErrorBox problem={transaction.problem} />
      {value === undefined || value.txId !== txId ? null : (
        <>
          <dl class="facts">
            <dt>{i18n.t('field.tx')}</dt>
            <dd>
              <code class="hash">{value.txId}</code>
            </dd>
            <dt>{i18n.t('field.block')}</dt>
            <dd>
              <a href={blockHref(value.blockNumber)}>{i18n.number(value.blockNumber)}</a>
              <span class="muted"> · #{i18n.number(value.index)}</span>
            </dd>
            <dt>{i18n.t('explorer.validation')}</dt>
            <dd>
              <ValidationBadge code={value.validationCode} />
            </dd>
            <dt>{i18n.t('explorer.time')}</dt>
            <dd>{value.timestamp === undefined ? '—' : i18n.dateTime(value.timestamp)}</dd>
            <dt>{i18n.t('explorer.type')}</dt>
            <dd>{typeText(i18n.t, value.type)}</dd>
            <dt>{i18n.t('explorer.function')}</dt>
            <dd>{value.function === undefined ? '—' : <code>{value.function}</code>}</dd>
            <dt>{i18n.t('explorer.creator')}</dt>
            <dd>
              <Creator creator={value.creator} />
            </dd>
            <dt>{i18n.t('explorer.endorsers')}</dt>
            <dd class="endorsers">{endorserList(value)}</dd>
          </dl>
          <p class="muted">{i18n.t('explorer.noPayload')}</p>
        </>
      )}
    </Section>
  );
}

/** Fabric's validation code as the peers wrote it (an auditor's search term), with a translated verdict. */
function ValidationBadge({ code }: { code: string }) {
  const i18n = useI18n();
  const valid = code === 'VALID';
  return (
    <span class={`badge ${valid ? 'badge-verified' : 'badge-rejected'}`} data-code={code}>
      {valid ? i18n.t('explorer.valid') : i18n.t('explorer.invalid')} · <code>{code}</code>
    </span>
  );
}

function Creator({ creator }: { creator: TransactionSummary['creator'] }) {
  const i18n = useI18n();
  return (
    <span>
      {creator.mspId || '—'}{' '}
      <span class="muted">({i18n.t(`explorer.role.${creator.role}` as MessageKey)})</span>
    </span>
  );
}

function endorserList(transaction: TransactionSummary): string {
  return transaction.endorsers.length === 0
    ? '—'
    : transaction.endorsers.map((endorser) => endorser.mspId).join(', ');
}

function typeText(t: (key: MessageKey) => string, type: string): string {
  return type === 'CONFIG'
    ? t('explorer.type.config')
    : type === 'ENDORSER_TRANSACTION'
      ? t('explorer.type.endorser')
      : type;
}
