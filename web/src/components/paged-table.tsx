import type { ComponentChildren, VNode } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import type { Page } from '../lib/types';
import { useLoad } from '../session';
import { Empty } from './bits';
import { ErrorBox } from './error-box';

export interface PagedList<T> {
  items: T[] | undefined;
  more: boolean;
  loading: boolean;
  problem: ReturnType<typeof useLoad>['problem'];
  reload: () => void;
  loadMore: () => void;
}

/**
 * The first `pages` pages of a list the service pages with bookmarks, re-read on `deps` or reload. A page may
 * be short while its bookmark is not empty (a department's lists scan a bounded slice), so "more" follows the
 * bookmark, not the page's length.
 */
export function usePagedList<T>(
  load: (bookmark: string | undefined) => Promise<Page<T>>,
  deps: unknown[],
): PagedList<T> {
  const [pages, setPages] = useState(1);
  const list = useLoad(async () => {
    const items: T[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < pages; page += 1) {
      const answer = await load(bookmark);
      items.push(...answer.items);
      bookmark = answer.bookmark;
      if (bookmark === undefined || bookmark === '') {
        break;
      }
    }
    return { items, more: bookmark !== undefined && bookmark !== '' };
  }, [...deps, pages]);
  return {
    items: list.value?.items,
    more: list.value?.more === true,
    loading: list.loading,
    problem: list.problem,
    reload: list.reload,
    loadMore: () => setPages((n) => n + 1),
  };
}

/**
 * A paged list as a table: its header cells, one row per item, loading and empty states, and "more". On a
 * phone a wide table scrolls sideways: a focusable region named `label` lets the keyboard scroll it.
 */
export function PagedTable<T>({
  list,
  label,
  head,
  row,
}: {
  list: PagedList<T>;
  label: string;
  head: ComponentChildren;
  row: (item: T) => VNode;
}) {
  const i18n = useI18n();
  return (
    <>
      <ErrorBox problem={list.problem} />
      {list.items === undefined ? (
        <p>{i18n.t('common.loading')}</p>
      ) : list.items.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
          <table>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{list.items.map(row)}</tbody>
          </table>
        </div>
      )}
      {list.more ? (
        <button type="button" class="secondary" disabled={list.loading} onClick={list.loadMore}>
          {i18n.t('common.more')}
        </button>
      ) : null}
    </>
  );
}
