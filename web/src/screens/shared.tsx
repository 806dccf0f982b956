import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import type { Category } from '../lib/types';
import { PURPOSES } from '../lib/types';
import { useLoad, useSession } from '../session';

/** The catalog's categories (every role may read them). */
export function useCategories() {
  const { client } = useSession();
  return useLoad(async () => (await client.get<{ categories: Category[] }>('/v1/categories')).categories, []);
}

export function PurposeSelect({ id, name = 'purpose' }: { id: string; name?: string }) {
  const i18n = useI18n();
  return (
    <select id={id} name={name} required>
      {PURPOSES.map((purpose) => (
        <option key={purpose} value={purpose}>
          {i18n.t(`purpose.${purpose}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}

/** Checkboxes for the catalog's categories, in a fieldset with its legend as the group's label. */
export function CategoryChecks({
  categories,
  legend,
}: {
  categories: Category[] | undefined;
  legend: string;
}) {
  return (
    <fieldset class="checks">
      <legend>{legend}</legend>
      {(categories ?? []).map((category) => (
        <label key={category.code}>
          <input type="checkbox" name="categories" value={category.code} /> {category.code}
          <span class="muted"> {category.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function purposeText(t: (key: MessageKey) => string, purpose: string): string {
  return (PURPOSES as readonly string[]).includes(purpose) ? t(`purpose.${purpose}` as MessageKey) : purpose;
}
