import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, LANGUAGES, setLanguage } from '../i18n';

/** EN | BM, everywhere (the login page too). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={currentLanguage()}
      onChange={(v) => isLanguage(v) && setLanguage(v)}
      data={LANGUAGES.map((l) => ({ value: l, label: <span lang={l} title={t(`languages.${l}`)}>{l === 'ms' ? 'BM' : 'EN'}</span> }))}
    />
  );
}
