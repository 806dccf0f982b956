import { ApiProblem } from '../api/problem';
import { Empty, Notice, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import type { Product, ProductTerms } from '../lib/financing-types';
import { formValues } from '../lib/form';
import type { Page } from '../lib/types';
import { useAction, useLoad, useSession } from '../session';
import { allPages } from './record-tables';
import { OutcomeBadge, productTypeText, rangeText, rateRangeText } from './financing-bits';

const PRODUCT_TYPES = ['supply-chain', 'trade', 'ip-backed', 'working-capital', 'credit-line'] as const;
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
        <ProductTable
          products={products.value}
          busy={withdraw.busy}
          onWithdraw={(productId) => void withdraw.run(productId)}
        />
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
