import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import { sectionOf } from '../lib/explorer-route';

export interface Tab {
  id: string;
  label: MessageKey;
}

/** A role's sections as links (keyboard and history work as for any link); the hash names the open one. */
export function Tabs({
  tabs,
  current,
  children,
}: {
  tabs: Tab[];
  current: string;
  children: ComponentChildren;
}) {
  const i18n = useI18n();
  return (
    <div class="sections">
      <nav aria-label={i18n.t('nav.label')}>
        <ul class="tabs">
          {tabs.map((tab) => (
            <li key={tab.id}>
              <a href={`#${tab.id}`} aria-current={tab.id === current ? 'page' : undefined}>
                {i18n.t(tab.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="panel">{children}</div>
    </div>
  );
}

/** The open section: the location hash's first segment when it names one of `tabs`, else the first tab. */
export function useHashTab(tabs: Tab[]): string {
  const pick = () => {
    const wanted = sectionOf(location.hash);
    return tabs.some((tab) => tab.id === wanted) ? wanted : (tabs[0]?.id ?? '');
  };
  const [current, setCurrent] = useState(pick);
  useEffect(() => {
    const follow = () => setCurrent(pick());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  });
  return current;
}
