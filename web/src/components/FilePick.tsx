import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled native file input (keyboard, screen readers and phones all know it as it is), for one file. */
export function FilePick({ label, accept = '.csv,text/csv', onPick }: { label: string; accept?: string; onPick: (file: File | null) => void }) {
  return (
    <Labelled label={label}>
      <input type="file" accept={accept} onChange={(e) => onPick(e.currentTarget.files?.[0] ?? null)} />
    </Labelled>
  );
}

/** The same for a folder: every file under it, each with its `webkitRelativePath` (the folder's name first). */
export function FolderPick({ label, onPick }: { label: string; onPick: (files: File[]) => void }) {
  return (
    <Labelled label={label}>
      {/* webkitdirectory is not in React's types; every current browser knows it. */}
      <input type="file" multiple {...{ webkitdirectory: '' }} onChange={(e) => onPick([...(e.currentTarget.files ?? [])])} />
    </Labelled>
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label style={{ display: 'grid', gap: '0.25rem', justifyItems: 'start' }}>
      <Text size="sm" fw={500} span>
        {label}
      </Text>
      {children}
    </label>
  );
}
