import { Text } from '@mantine/core';

/** A labelled native file input (keyboard, screen readers and phones all know it as it is), for one file. */
export function FilePick({ label, accept = '.csv,text/csv', onPick }: { label: string; accept?: string; onPick: (file: File | null) => void }) {
  return (
    <label style={{ display: 'grid', gap: '0.25rem', justifyItems: 'start' }}>
      <Text size="sm" fw={500} span>
        {label}
      </Text>
      <input type="file" accept={accept} onChange={(e) => onPick(e.currentTarget.files?.[0] ?? null)} />
    </label>
  );
}
