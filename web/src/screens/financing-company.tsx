import { Empty, Notice, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { Application, MatchProductsResponse, Product, ProductMatch } from '../lib/financing-types';
import { formValues } from '../lib/form';
import type { Page } from '../lib/types';
import { useAction, useLoad, useSession } from '../session';
import { allPages } from './record-tables';
import { OutcomeBadge, productTypeText, rangeText, rateRangeText, RuleTable } from './financing-bits';

/** Matching (evaluated on the gov peer, no bank told) and applying with the tagged evaluation. */
export function CompanyFinancing() {
  const i18n = useI18n();
  const { client, me } = useSession();
  // Active products give each match its ranges and what applying consents to.
  const products = useLoad(
    () => allPages((bookmark) => client.get<Page<Product>>('/v1/products', { pageSize: 100, bookmark })),
    [],
  );
  const match = useAction(() =>
    client.call<MatchProductsResponse>('POST', `/v1/companies/${me.uscc ?? ''}/matches`, { body: {} }),
  );
  const byKey = new Map((products.value ?? []).map((p) => [`${p.bankMspId}/${p.productId}`, p]));
  return (
    <>
      <Section title={i18n.t('company.tab.financing')}>
        <p>{i18n.t('fin.match.intro')}</p>
        <button type="button" onClick={() => void match.run()} disabled={match.busy}>
          {match.busy ? i18n.t('common.working') : i18n.t('fin.match.run')}
        </button>
        <ErrorBox problem={match.problem ?? products.problem} />
        {match.result !== undefined && match.result.items.length === 0 ? <Empty /> : null}
      </Section>
      {(match.result?.items ?? []).map((item) => (
        <MatchCard
          key={`${item.bankMspId}/${item.productId}`}
          match={item}
          product={byKey.get(`${item.bankMspId}/${item.productId}`)}
        />
      ))}
    </>
  );
}

function MatchCard({ match, product }: { match: ProductMatch; product: Product | undefined }) {
  const i18n = useI18n();
  const headingId = `match-${match.bankMspId}-${match.productId}`;
  const other = match.counts['needs-consent'] + match.counts['not-attested'] + match.counts.stale;
  return (
    <section class="card match" aria-labelledby={headingId} data-product={match.productId}>
      <h3 id={headingId}>
        {i18n.t('fin.match.rank', { rank: match.rank })} · {match.name}
      </h3>
      <p>
        {match.bankName ?? match.bankMspId} · {productTypeText(i18n, match.type)} ·{' '}
        {i18n.t('fin.match.score', {
          score: i18n.number(match.evaluation.score.score),
          max: i18n.number(match.evaluation.score.maxScore),
        })}
      </p>
      <p>
        <OutcomeBadge prefix="eligible" value={match.eligible ? 'yes' : 'no'} />{' '}
        {match.straightThrough ? (
          <span class="badge badge-eligible-yes">{i18n.t('fin.match.straightThrough')}</span>
        ) : null}{' '}
        <span class="muted">
          {i18n.t('fin.match.counts', { passed: match.counts.passed, failed: match.counts.failed, other })}
        </span>
      </p>
      <RuleTable rules={match.evaluation.rules} />
      {product === undefined ? null : (
        <dl class="facts">
          <dt>{i18n.t('field.amount')}</dt>
          <dd>{rangeText(i18n, product.amountYuan)}</dd>
          <dt>{i18n.t('field.term')}</dt>
          <dd>{rangeText(i18n, product.termMonths)}</dd>
          <dt>{i18n.t('field.rate')}</dt>
          <dd>{rateRangeText(i18n, product.rateBps)}</dd>
        </dl>
      )}
      <ApplyForm match={match} product={product} idPrefix={headingId} />
    </section>
  );
}

/** Apply with the match's tagged evaluation: the chaincode checks the tag, so the evaluation is the gov peer's. */
function ApplyForm({
  match,
  product,
  idPrefix,
}: {
  match: ProductMatch;
  product: Product | undefined;
  idPrefix: string;
}) {
  const i18n = useI18n();
  const { client } = useSession();
  const apply = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    return client.post<{ application: Application; txId: string }>('/v1/applications', {
      evaluation: match.evaluation,
      evaluationTag: match.evaluationTag,
      amountYuan: Number(values.amountYuan),
      termMonths: Number(values.termMonths),
    });
  });
  const id = (name: string) => `${idPrefix}-${name}`;
  if (apply.result !== undefined) {
    return (
      <Notice tone="ok">
        {i18n.t('fin.apply.done', {
          id: apply.result.application.applicationId,
          status: i18n.t(`application.${apply.result.application.status}`),
        })}{' '}
        <TxRef txId={apply.result.txId} />
      </Notice>
    );
  }
  return (
    <>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void apply.run(event.currentTarget);
        }}
      >
        {product === undefined ? null : (
          <p class="muted wide">
            {i18n.t('fin.apply.consent', {
              bank: match.bankName ?? match.bankMspId,
              categories: product.categories.join(', '),
            })}
          </p>
        )}
        <label for={id('amount')}>{i18n.t('field.amount')}</label>
        <input
          id={id('amount')}
          name="amountYuan"
          type="number"
          required
          step={1}
          inputMode="numeric"
          min={product?.amountYuan.min ?? 1}
          max={product?.amountYuan.max}
          value={product?.amountYuan.min}
        />
        <label for={id('term')}>{i18n.t('field.term')}</label>
        <input
          id={id('term')}
          name="termMonths"
          type="number"
          required
          step={1}
          inputMode="numeric"
          min={product?.termMonths.min ?? 1}
          max={product?.termMonths.max}
          value={product?.termMonths.min}
        />
        <button type="submit" disabled={apply.busy}>
          {apply.busy ? i18n.t('common.working') : i18n.t('fin.apply.submit')}
        </button>
      </form>
      <ErrorBox problem={apply.problem} />
    </>
  );
}
