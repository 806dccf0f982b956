import { ApiProblem } from '../api/problem';
import { Empty, Notice, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { type I18n, useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import type { Application, Product, ProductTerms } from '../lib/financing-types';
import { checkedValues, formValues } from '../lib/form';
import type { Page } from '../lib/types';
import { type Loaded, useAction, useLoad, useSession } from '../session';
import { allPages } from './record-tables';
import {
  OutcomeBadge,
  productTypeText,
  rangeText,
  rateRangeText,
  rateText,
  RuleTable,
} from './financing-bits';

const PRODUCT_TYPES = ['supply-chain', 'trade', 'ip-backed', 'working-capital', 'credit-line'] as const;
/** Common decline reasons, translated; the chaincode takes any upper-case code (the form has a free field). */
const REASON_CODES = [
  'TAX_RATING_TOO_LOW',
  'INSUFFICIENT_HISTORY',
  'EXPOSURE_LIMIT',
  'INCOMPLETE_DATA',
  'OUTSIDE_POLICY',
] as const;
const EXAMPLE_RULES = JSON.stringify(
  [{ id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] }],
  null,
  1,
);

/** The bank's products: publish (a new version of the same id replaces the terms) and withdraw. */
export function BankProducts() {
  const i18n = useI18n();
  const { client, me } = useSession();
  const products = useLoad(
    () =>
      allPages((bookmark) =>
        client.get<Page<Product>>('/v1/products', { bankMspId: me.mspId, pageSize: 100, bookmark }),
      ),
    [],
  );
  const withdraw = useAction(async (productId: string) => {
    await client.post(`/v1/products/${me.mspId}/${encodeURIComponent(productId)}/withdrawal`, {});
    products.reload();
    return productId;
  });
  return (
    <>
      <Section title={i18n.t('bank.tab.products')}>
        <p class="muted">{i18n.t('bank.products.intro')}</p>
        <ErrorBox problem={products.problem ?? withdraw.problem} />
        {withdraw.result === undefined ? null : (
          <Notice tone="ok">{i18n.t('bank.products.withdrawn', { id: withdraw.result })}</Notice>
        )}
        <ProductTable products={products.value} busy={withdraw.busy} onWithdraw={withdraw.run} />
      </Section>
      <PublishForm onPublished={products.reload} />
    </>
  );
}

function ProductTable({
  products,
  busy,
  onWithdraw,
}: {
  products: Product[] | undefined;
  busy: boolean;
  onWithdraw: (productId: string) => void;
}) {
  const i18n = useI18n();
  if (products === undefined) {
    return <p>{i18n.t('common.loading')}</p>;
  }
  if (products.length === 0) {
    return <Empty />;
  }
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.product')}</th>
            <th scope="col">{i18n.t('field.productType')}</th>
            <th scope="col">{i18n.t('field.amount')}</th>
            <th scope="col">{i18n.t('field.term')}</th>
            <th scope="col">{i18n.t('field.rate')}</th>
            <th scope="col">{i18n.t('field.status')}</th>
            <th scope="col">{i18n.t('field.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.productId} data-product={product.productId}>
              <th scope="row">
                {product.name}
                <div class="muted">
                  <code>{product.productId}</code> · {i18n.t('field.version')} {product.version}
                </div>
              </th>
              <td>{productTypeText(i18n, product.type)}</td>
              <td>{rangeText(i18n, product.amountYuan)}</td>
              <td>{rangeText(i18n, product.termMonths)}</td>
              <td>{rateRangeText(i18n, product.rateBps)}</td>
              <td>
                <OutcomeBadge prefix="product" value={product.status} />
              </td>
              <td>
                {product.status === 'active' ? (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy}
                    onClick={() => onWithdraw(product.productId)}
                    aria-label={`${i18n.t('bank.products.withdraw')} ${product.name}`}
                  >
                    {i18n.t('bank.products.withdraw')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PublishForm({ onPublished }: { onPublished: () => void }) {
  const i18n = useI18n();
  const { client } = useSession();
  const publish = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const terms: ProductTerms = {
      productId: values.productId ?? '',
      name: values.name ?? '',
      type: (values.type ?? 'trade') as ProductTerms['type'],
      amountYuan: range(values, 'amount'),
      termMonths: range(values, 'term'),
      rateBps: range(values, 'rate'),
      rules: parseRules(values.rules ?? ''),
    };
    const answer = await client.post<{ product: Product }>('/v1/products', terms);
    onPublished();
    return answer.product;
  });
  const pair = (name: string, label: MessageKey, min: number, max: number) => (
    <fieldset class="range">
      <legend>{i18n.t(label)}</legend>
      <label for={`product-${name}-min`}>{i18n.t('field.min')}</label>
      <input
        id={`product-${name}-min`}
        name={`${name}Min`}
        type="number"
        required
        step={1}
        min={0}
        value={min}
      />
      <label for={`product-${name}-max`}>{i18n.t('field.max')}</label>
      <input
        id={`product-${name}-max`}
        name={`${name}Max`}
        type="number"
        required
        step={1}
        min={0}
        value={max}
      />
    </fieldset>
  );
  return (
    <Section title={i18n.t('bank.products.publish')}>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void publish.run(event.currentTarget);
        }}
      >
        <label for="product-id">{i18n.t('field.productId')}</label>
        <input id="product-id" name="productId" required pattern="[a-z0-9-]{2,48}" spellcheck={false} />
        <label for="product-name">{i18n.t('field.productName')}</label>
        <input id="product-name" name="name" required maxLength={120} />
        <label for="product-type">{i18n.t('field.productType')}</label>
        <select id="product-type" name="type" required>
          {PRODUCT_TYPES.map((type) => (
            <option key={type} value={type}>
              {productTypeText(i18n, type)}
            </option>
          ))}
        </select>
        {pair('amount', 'field.amount', 100_000, 2_000_000)}
        {pair('term', 'field.term', 6, 36)}
        {pair('rate', 'field.rateBps', 350, 600)}
        <label for="product-rules">{i18n.t('field.rules')}</label>
        <textarea
          id="product-rules"
          name="rules"
          required
          rows={5}
          spellcheck={false}
          aria-describedby="rules-help"
        >
          {EXAMPLE_RULES}
        </textarea>
        <p id="rules-help" class="muted wide">
          {i18n.t('bank.products.rulesHelp')}
        </p>
        <button type="submit" disabled={publish.busy}>
          {publish.busy ? i18n.t('common.working') : i18n.t('bank.products.publish')}
        </button>
      </form>
      <ErrorBox problem={publish.problem} />
      {publish.result === undefined ? null : (
        <Notice tone="ok">
          {i18n.t('bank.products.published', {
            id: publish.result.productId,
            version: publish.result.version,
          })}{' '}
          <TxRef txId={publish.result.txId} />
        </Notice>
      )}
    </Section>
  );
}

function range(values: Record<string, string>, name: string): { min: number; max: number } {
  return { min: Number(values[`${name}Min`]), max: Number(values[`${name}Max`]) };
}

/** The rules as typed; the chaincode checks each rule in depth and names the faulty field. */
function parseRules(text: string): ProductTerms['rules'] {
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch {
    rules = undefined;
  }
  if (!Array.isArray(rules)) {
    throw new ApiProblem(0, 'VALIDATION_FAILED', 'the rules are not a JSON list', '/rules');
  }
  return rules as ProductTerms['rules'];
}

/** Applications to the bank's products, decided once each. */
export function BankApplications({ tick }: { tick: number }) {
  const i18n = useI18n();
  const applications = useBankApplications(tick);
  const items = applications.value;
  return (
    <Section title={i18n.t('bank.tab.applications')}>
      <p class="muted">{i18n.t('bank.apps.intro')}</p>
      <ErrorBox problem={applications.problem} />
      {items === undefined ? (
        <p>{i18n.t('common.loading')}</p>
      ) : items.length === 0 ? (
        <Empty />
      ) : (
        items.map((application) => (
          <ApplicationCard
            key={application.applicationId}
            application={application}
            onDecided={applications.reload}
          />
        ))
      )}
    </Section>
  );
}

function useBankApplications(tick: number): Loaded<Application[]> {
  const { client, me } = useSession();
  return useLoad(
    () =>
      allPages((bookmark) =>
        client.get<Page<Application>>(`/v1/banks/${me.mspId}/applications`, { pageSize: 100, bookmark }),
      ),
    [tick],
  );
}

function ApplicationCard({ application, onDecided }: { application: Application; onDecided: () => void }) {
  const i18n = useI18n();
  const headingId = `application-${application.applicationId}`;
  const score = application.evaluation.score;
  return (
    <article class="card inner" aria-labelledby={headingId} data-application={application.applicationId}>
      <h3 id={headingId}>
        {application.productId} · {application.uscc}{' '}
        <OutcomeBadge prefix="application" value={application.status} />
      </h3>
      <dl class="facts">
        <dt>{i18n.t('field.applicationId')}</dt>
        <dd>
          <code>{application.applicationId}</code>
        </dd>
        <dt>{i18n.t('field.amount')}</dt>
        <dd>{i18n.number(application.amountYuan)}</dd>
        <dt>{i18n.t('field.term')}</dt>
        <dd>{i18n.number(application.termMonths)}</dd>
        <dt>{i18n.t('field.submittedAt')}</dt>
        <dd>
          {i18n.dateTime(application.submittedAt)} <TxRef txId={application.txId} />
        </dd>
        <dt>{i18n.t('field.score')}</dt>
        <dd>
          {i18n.t('fin.match.score', { score: i18n.number(score.score), max: i18n.number(score.maxScore) })}
        </dd>
        {application.decision === undefined ? null : (
          <>
            <dt>{i18n.t('field.decision')}</dt>
            <dd>{decisionText(i18n, application)}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>{i18n.t('fin.rules')}</summary>
        <RuleTable rules={application.evaluation.rules} />
      </details>
      {application.status === 'submitted' ? (
        <DecisionForm application={application} onDecided={onDecided} />
      ) : null}
    </article>
  );
}

function decisionText(i18n: I18n, application: Application): string {
  const decision = application.decision;
  if (decision === undefined) {
    return '';
  }
  if (decision.outcome === 'declined') {
    const reasons = (decision.reasonCodes ?? []).map((code) => reasonText(i18n, code));
    return `${i18n.t('application.declined')}: ${reasons.join('; ')}`;
  }
  const parts = [
    i18n.t('application.approved'),
    `${i18n.t('field.amount')} ${i18n.number(decision.amountYuan)}`,
    `${i18n.t('field.rate')} ${rateText(i18n, decision.rateBps ?? 0)}`,
    `${i18n.t('field.term')} ${i18n.number(decision.termMonths)}`,
  ];
  if (decision.decidedBy === 'straight-through') {
    parts.push(i18n.t('decidedBy.straight-through'));
  }
  return parts.join(' · ');
}

function reasonText(i18n: I18n, code: string): string {
  return (REASON_CODES as readonly string[]).includes(code) ? i18n.t(`reason.${code}` as MessageKey) : code;
}

function DecisionForm({ application, onDecided }: { application: Application; onDecided: () => void }) {
  const i18n = useI18n();
  const { client } = useSession();
  const id = (name: string) => `decide-${application.applicationId}-${name}`;
  const decide = useAction(async (outcome: 'approved' | 'declined', form: HTMLFormElement) => {
    const values = formValues(form);
    const body =
      outcome === 'approved'
        ? {
            outcome,
            amountYuan: Number(values.amountYuan),
            rateBps: Number(values.rateBps),
            termMonths: Number(values.termMonths),
          }
        : { outcome, reasonCodes: reasonCodes(form, values.otherReasons ?? '') };
    const answer = await client.post<{ application: Application }>(
      `/v1/applications/${encodeURIComponent(application.applicationId)}/decision`,
      body,
    );
    onDecided();
    return answer.application;
  });
  const submit = (outcome: 'approved' | 'declined') => (event: Event) => {
    const form = (event.currentTarget as HTMLButtonElement).form;
    if (form !== null && (outcome === 'declined' || form.reportValidity())) {
      void decide.run(outcome, form);
    }
  };
  const { terms } = application;
  return (
    <form class="grid-form decide" onSubmit={(event) => event.preventDefault()}>
      <fieldset class="range">
        <legend>{i18n.t('bank.apps.approve')}</legend>
        <label for={id('amount')}>{i18n.t('field.amount')}</label>
        <input
          id={id('amount')}
          name="amountYuan"
          type="number"
          required
          step={1}
          min={terms.amountYuan.min}
          max={terms.amountYuan.max}
          value={application.amountYuan}
        />
        <label for={id('rate')}>{i18n.t('field.rateBps')}</label>
        <input
          id={id('rate')}
          name="rateBps"
          type="number"
          required
          step={1}
          min={terms.rateBps.min}
          max={terms.rateBps.max}
          value={terms.rateBps.min}
        />
        <label for={id('term')}>{i18n.t('field.term')}</label>
        <input
          id={id('term')}
          name="termMonths"
          type="number"
          required
          step={1}
          min={terms.termMonths.min}
          max={terms.termMonths.max}
          value={application.termMonths}
        />
        <button type="button" disabled={decide.busy} onClick={submit('approved')}>
          {i18n.t('bank.apps.approve')}
        </button>
      </fieldset>
      <fieldset class="checks">
        <legend>{i18n.t('bank.apps.reasons')}</legend>
        {REASON_CODES.map((code) => (
          <label key={code}>
            <input type="checkbox" name="reasonCodes" value={code} /> {reasonText(i18n, code)}
          </label>
        ))}
        <label for={id('other')}>{i18n.t('bank.apps.otherReasons')}</label>
        <input id={id('other')} name="otherReasons" pattern="[A-Z0-9_, ]*" spellcheck={false} />
        <button type="button" class="secondary" disabled={decide.busy} onClick={submit('declined')}>
          {i18n.t('bank.apps.decline')}
        </button>
      </fieldset>
      <ErrorBox problem={decide.problem} />
      {decide.result === undefined ? null : (
        <Notice tone="ok">
          {i18n.t('bank.apps.decided', {
            id: decide.result.applicationId,
            outcome: i18n.t(`application.${decide.result.status}`),
          })}
        </Notice>
      )}
    </form>
  );
}

function reasonCodes(form: HTMLFormElement, other: string): string[] {
  const typed = other
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  return [...checkedValues(form, 'reasonCodes'), ...typed];
}
