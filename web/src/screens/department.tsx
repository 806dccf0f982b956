import { useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { Notice, Section } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { type Tab, Tabs, useHashTab } from '../components/tabs';
import { type I18n, useI18n } from '../i18n/context';
import { isMessageKey } from '../i18n/i18n';
import {
  attestInBatches,
  BATCH_SIZE,
  type BulkFailure,
  fileDigest,
  type Receipt,
  receiptsText,
} from '../lib/bulk-attest';
import { formValues, today } from '../lib/form';
import type { Attestation } from '../lib/types';
import { useAction, useSession } from '../session';
import { Mine } from './department-mine';
import { DepartmentObjections } from './department-objections';
import { LiveStatus, useLiveEvents } from './live';
import { useCategories } from './shared';

const TABS: Tab[] = [
  { id: 'attest', label: 'dept.tab.attest' },
  { id: 'bulk', label: 'dept.tab.bulk' },
  { id: 'mine', label: 'dept.tab.mine' },
  { id: 'objections', label: 'dept.tab.objections' },
];

interface Made {
  uscc: string;
  category: string;
  version: number;
  txId: string;
  blockNumber?: string;
  attestedAt?: string;
}

/** Live: the department's attestations and objections reload its lists; objection changes are announced. */
export function DepartmentScreens() {
  const i18n = useI18n();
  const current = useHashTab(TABS);
  const [tick, setTick] = useState(0);
  const [objection, setObjection] = useState<ObjectionEvent | undefined>(undefined);
  const events = useLiveEvents((event) => {
    if (event.event === 'ObjectionChanged') {
      setObjection(JSON.parse(event.data) as ObjectionEvent);
    }
    setTick((n) => n + 1);
  });
  const remember = () => setTick((n) => n + 1);
  return (
    <Tabs tabs={TABS} current={current}>
      <LiveStatus live={events.live} last={events.last} />
      {objection === undefined ? null : (
        <Notice>
          {i18n.t('dept.objections.live', {
            id: objection.payload.objectionId,
            category: objection.payload.category,
            status: objectionStatusText(i18n, objection.payload.status),
          })}
        </Notice>
      )}
      {current === 'attest' && <AttestOne onAttested={remember} />}
      {current === 'bulk' && <BulkUpload onAttested={remember} />}
      {current === 'mine' && <Mine tick={tick} />}
      {current === 'objections' && <DepartmentObjections tick={tick} />}
    </Tabs>
  );
}

/** What the service sends for an ObjectionChanged event (the chaincode's public event payload). */
interface ObjectionEvent {
  payload: { objectionId: string; category: string; status: string };
}

function objectionStatusText(i18n: I18n, status: string): string {
  const key = `objection.${status}`;
  return isMessageKey(key) ? i18n.t(key) : status;
}

function AttestOne({ onAttested }: { onAttested: (items: Made[]) => void }) {
  const i18n = useI18n();
  const { client, me } = useSession();
  const categories = useCategories();
  const mine = useMemo(
    () =>
      (categories.value ?? []).filter(
        (category) => me.dept === undefined || category.departments.includes(me.dept),
      ),
    [categories.value, me.dept],
  );
  const attest = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    let record: unknown;
    try {
      record = JSON.parse(values.record ?? '');
    } catch {
      record = undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new ApiProblem(0, 'INVALID_JSON', '', 'record');
    }
    const answer = await client.post<{ attestation: Attestation; txId: string; blockNumber: string }>(
      '/v1/attestations',
      { uscc: values.uscc, category: values.category, effectiveDate: values.effectiveDate, record },
    );
    onAttested([{ ...answer.attestation, blockNumber: answer.blockNumber }]);
    return answer;
  });
  return (
    <Section title={i18n.t('dept.tab.attest')}>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void attest.run(event.currentTarget);
        }}
      >
        <label for="attest-uscc">{i18n.t('field.uscc')}</label>
        <input
          id="attest-uscc"
          name="uscc"
          required
          minLength={18}
          maxLength={18}
          spellcheck={false}
          autocomplete="off"
        />
        <label for="attest-category">{i18n.t('field.category')}</label>
        <select id="attest-category" name="category" required>
          {/* Every category, the department's own first: the chaincode decides, and says so in the user's language. */}
          {[...mine, ...(categories.value ?? []).filter((category) => !mine.includes(category))].map(
            (category) => (
              <option key={category.code} value={category.code}>
                {category.code} {category.name}
              </option>
            ),
          )}
        </select>
        <label for="attest-date">{i18n.t('field.effectiveDate')}</label>
        <input id="attest-date" name="effectiveDate" type="date" required value={today()} />
        <label for="attest-record">{i18n.t('field.record')}</label>
        <textarea
          id="attest-record"
          name="record"
          required
          rows={5}
          spellcheck={false}
          placeholder='{"taxPaid": "120000.00", "period": "2026-Q3"}'
        />
        <button type="submit" disabled={attest.busy}>
          {attest.busy ? i18n.t('common.working') : i18n.t('dept.attest.submit')}
        </button>
      </form>
      <ErrorBox problem={attest.problem} />
      {attest.result === undefined ? null : (
        <Notice tone="ok">
          {i18n.t('dept.attest.done', {
            version: attest.result.attestation.version,
            block: i18n.number(attest.result.blockNumber),
          })}
        </Notice>
      )}
    </Section>
  );
}

function BulkUpload({ onAttested }: { onAttested: (items: Made[]) => void }) {
  const i18n = useI18n();
  const { client } = useSession();
  const [total, setTotal] = useState(0);
  const [done, setDone] = useState(0);
  const [failures, setFailures] = useState<BulkFailure[]>([]);
  const [receipts, setReceipts] = useState<Receipt[] | undefined>(undefined);
  const [download, setDownload] = useState<string | undefined>(undefined);
  const upload = useAction(async (form: HTMLFormElement) => {
    // The file parser (and csv-parse) loads only when a department uploads: the first screen stays small.
    const { formatOfName, parseBulkFile } = await import('../lib/bulk-file.js');
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const format = file === undefined ? undefined : formatOfName(file.name);
    if (file === undefined || format === undefined) {
      throw new ApiProblem(0, 'FILE_FORMAT', '', 'file');
    }
    const text = await file.text();
    const parsed = parseBulkFile(text, format);
    setTotal(parsed.items.length + parsed.errors.length);
    setDone(parsed.errors.length);
    setFailures(parsed.errors);
    setReceipts(undefined);
    if (download !== undefined) {
      URL.revokeObjectURL(download);
      setDownload(undefined);
    }
    const outcome = await attestInBatches(
      client,
      await fileDigest(text),
      parsed.items,
      (count, _r, itemFailures) => {
        setDone(parsed.errors.length + count);
        setFailures([...parsed.errors, ...itemFailures]);
      },
    );
    setReceipts(outcome.receipts);
    setDownload(
      URL.createObjectURL(new Blob([receiptsText(outcome.receipts)], { type: 'application/x-ndjson' })),
    );
    onAttested(outcome.receipts.map((receipt) => ({ ...receipt })));
    return outcome;
  });
  const failed = failures.length;
  return (
    <Section title={i18n.t('dept.tab.bulk')}>
      <p>{i18n.t('dept.bulk.intro', { size: BATCH_SIZE })}</p>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void upload.run(event.currentTarget);
        }}
      >
        <label for="bulk-file">{i18n.t('field.file')}</label>
        <input id="bulk-file" name="file" type="file" accept=".csv,.jsonl,.ndjson,text/csv" required />
        <button type="submit" disabled={upload.busy}>
          {upload.busy ? i18n.t('common.working') : i18n.t('dept.bulk.start')}
        </button>
      </form>
      {total === 0 ? null : (
        <div class="progress-block">
          <label for="bulk-progress">{i18n.t('dept.bulk.progress', { done, total, failed })}</label>
          <progress id="bulk-progress" max={total} value={done} />
        </div>
      )}
      <ErrorBox problem={upload.problem} />
      {receipts === undefined ? null : (
        <Notice tone="ok">{i18n.t('dept.bulk.summary', { attested: receipts.length, failed })}</Notice>
      )}
      {download === undefined ? null : (
        <p>
          <a class="button" href={download} download="receipts.jsonl">
            {i18n.t('dept.bulk.receipts')}
          </a>
        </p>
      )}
      {failures.length === 0 ? null : (
        <ul class="line-errors">
          {[...failures]
            .sort((a, b) => a.line - b.line)
            .map((failure) => (
              <li key={failure.line}>
                {i18n.t('dept.bulk.lineError', {
                  line: failure.line,
                  reason: failureText(i18n, failure),
                })}
              </li>
            ))}
        </ul>
      )}
    </Section>
  );
}

/** A failed line in the reader's language: the service's problem code, or the file parser's problems. */
function failureText(i18n: I18n, failure: BulkFailure): string {
  if (failure.code !== undefined) {
    return i18n.error(failure.code);
  }
  const separator = i18n.locale === 'en' ? '; ' : '；';
  return (failure.problems ?? [])
    .map((problem) => i18n.t(`bulk.${problem.kind}`, problem.params))
    .join(separator);
}
