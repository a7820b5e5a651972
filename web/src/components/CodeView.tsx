import type { CSSProperties } from 'react';

// Set through the CSSOM by React, which the CSP allows (a <style> element it would not).
const STYLE: CSSProperties = {
  margin: 0,
  padding: '0.75rem 1rem',
  maxHeight: '70vh',
  overflow: 'auto',
  background: 'var(--mantine-color-gray-1)',
  border: '1px solid var(--mantine-color-gray-4)',
  borderRadius: 'var(--mantine-radius-sm)',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: '0.85rem',
  lineHeight: 1.5,
  color: 'var(--mantine-color-black)',
};

/**
 * A block of text shown exactly (a file, a payload): monospace, scrolling inside its own box,
 * which keyboard users can reach and scroll (it is focusable and named).
 */
export function CodeView({ text, label, testId }: { text: string; label: string; testId?: string }) {
  return (
    <pre style={STYLE} tabIndex={0} aria-label={label} data-testid={testId}>
      <code>{text}</code>
    </pre>
  );
}
