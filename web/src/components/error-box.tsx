import type { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/context';

/** A problem in the reader's language; the service's own (English) detail only under "technical details". */
export function ErrorBox({ problem }: { problem: ApiProblem | undefined }) {
  const i18n = useI18n();
  if (problem === undefined) {
    return null;
  }
  return (
    <div class="error" role="alert" data-code={problem.code}>
      <strong>{i18n.t('error.title')}</strong>
      <p>{i18n.error(problem.code)}</p>
      {problem.field === undefined ? null : <p>{i18n.t('error.field', { field: problem.field })}</p>}
      {problem.detail === '' ? null : (
        <details>
          <summary>{i18n.t('common.details')}</summary>
          <code>
            {problem.code}
            {problem.status > 0 ? ` (HTTP ${problem.status})` : ''}: {problem.detail}
          </code>
        </details>
      )}
    </div>
  );
}
